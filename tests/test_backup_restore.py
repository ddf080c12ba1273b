"""backup_data and restore_data: every record and attachment comes back exactly as it was."""
import datetime
import zipfile

import pytest
from django.contrib.admin.models import ADDITION, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError

from institutions.admin_units import load_shipped
from institutions.models import Institution, ReportingUnit, Role
from laichau_plan.backup import backup_models
from reporting.models import Attachment, TextKind
from reporting.periods import period_close, period_create_ad_hoc
from reporting.selectors import cell_key
from reporting.services import (
    submission_approve, submission_get_or_create, submission_return, submission_save, submission_submit,
)
from targets.models import ResponsibilityRole, Task, TaskResponsibility

from .factories import IndicatorFactory, InstitutionFactory, ReportingUnitFactory, make_period, make_user
from .factories import plan_with_indicators

pytestmark = pytest.mark.django_db(transaction=True)

ATTACHMENT = "Biên bản kiểm tra thư viện.pdf".encode() + bytes(range(256)) * 40


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def build_records():
    """A little of everything: units in both structures, a plan, a reviewed report, a file, a group."""
    load_shipped()
    unit = ReportingUnitFactory(code="105", name="UBND thành phố Lai Châu", email="tp@laichau.gov.vn")
    library = InstitutionFactory(reporting_unit=unit, code="TV-105", name="Thư viện thành phố Lai Châu")
    staff = make_user(Role.STAFF, username="canbo")
    member = make_user(Role.UNIT, unit=unit, username="donvi")
    group = Group.objects.create(name="Cán bộ phụ trách")
    group.permissions.add(Permission.objects.get(codename="change_institution"))
    staff.groups.add(group)
    staff.user_permissions.add(Permission.objects.get(codename="view_submission"))
    visits = IndicatorFactory(code="LIB_VISITS")
    plan = plan_with_indicators(visits)
    plan.reporting_units.add(unit)
    task = Task.objects.create(plan=plan, code="II.1", section="II", section_title="Nhiệm vụ", text="Thư viện")
    TaskResponsibility.objects.create(task=task, reporting_unit=unit, role=ResponsibilityRole.LEAD)
    visits.tasks.add(task)
    period = make_period(plan, 2017, "half_year")
    period_create_ad_hoc(
        plan=plan, title="Báo cáo đột xuất", due_date=datetime.date(2017, 9, 1),
        cutoff_start=datetime.date(2017, 1, 1), cutoff_end=datetime.date(2017, 8, 1), indicators=[visits],
    )
    submission = submission_get_or_create(period=period, unit=unit, user=member)
    key = cell_key("LIB_VISITS", library.code)
    submission_save(
        submission=submission, user=member, values={key: "1.234"},
        texts={(TextKind.SHORTCOMINGS, None): "Thiếu sách tiếng dân tộc", (TextKind.TASK_RESULT, task.pk): "Đã làm"},
    )
    submission_submit(submission=submission, user=member)
    submission_return(submission=submission, user=staff, comment="Kiểm tra lại", value_comments={key: "Số cao"})
    submission_save(submission=submission, user=member, values={key: "1.200"}, explanations={key: "Đã sửa"})
    submission_submit(submission=submission, user=member)
    submission_approve(submission=submission, user=staff)
    Attachment.objects.create(
        submission=submission, file=ContentFile(ATTACHMENT, name="bien-ban.pdf"), original_name="Biên bản.pdf",
        content_type="application/pdf", size=len(ATTACHMENT), uploaded_by=member,
    )
    period_close(period=period, user=staff, reason="Hết hạn")
    LogEntry.objects.create(
        user=staff, content_type=ContentType.objects.get_for_model(Institution), object_id=str(library.pk),
        object_repr=str(library), action_flag=ADDITION, change_message="[]",
    )


def _natural(value, model):
    """Content types and permissions get new ids in a new database; compare them by name."""
    if model is ContentType:
        return ContentType.objects.get(pk=value).natural_key()
    if model is Permission:
        return Permission.objects.get(pk=value).natural_key()
    return value


def snapshot():
    """Every row of every saved model, with many-to-many links, by primary key."""
    result = {}
    for model in backup_models():
        rows = []
        for obj in model._base_manager.order_by("pk"):
            row = {}
            for field in model._meta.concrete_fields:
                value = getattr(obj, field.attname)
                row[field.name] = _natural(value, field.related_model) if field.is_relation and value else value
            for field in model._meta.many_to_many:
                related = getattr(obj, field.name).order_by("pk").values_list("pk", flat=True)
                row[field.name] = [_natural(pk, field.related_model) for pk in related]
            rows.append(row)
        result[model._meta.label_lower] = rows
    return result


def test_backup_flush_restore_gives_back_every_row_and_the_attachment(tmp_path, media_root):
    build_records()
    before = snapshot()
    stored = Attachment.objects.get().file.name
    assert (media_root / stored).read_bytes() == ATTACHMENT
    archive = tmp_path / "sao-luu.zip"

    call_command("backup_data", "-o", str(archive))
    call_command("flush", interactive=False, verbosity=0)
    (media_root / stored).unlink()
    assert not ReportingUnit.objects.exists()
    call_command("restore_data", str(archive))

    after = snapshot()
    assert {label: len(rows) for label, rows in after.items()} == {label: len(rows) for label, rows in before.items()}
    assert after == before
    assert (media_root / stored).read_bytes() == ATTACHMENT
    assert before["reporting.submissionvalue"][0]["value"] == 1200
    assert before["reporting.submission"][0]["updated_at"].microsecond or before["auth.user"][0]["date_joined"].microsecond
    assert len(before["institutions.adminunit"]) > 100
    # New rows after a restore get new ids (the sequences were moved past the restored ones).
    InstitutionFactory(reporting_unit=ReportingUnit.objects.get(code="105"), code="TV-999")


def test_restore_refuses_a_database_that_holds_records(tmp_path):
    build_records()
    archive = tmp_path / "sao-luu.zip"
    call_command("backup_data", "-o", str(archive))
    ReportingUnitFactory(code="MOI", name="Đơn vị mới thêm sau khi sao lưu")
    with pytest.raises(CommandError, match="đã có dữ liệu"):
        call_command("restore_data", str(archive))
    assert ReportingUnit.objects.filter(code="MOI").exists()


def test_restore_with_force_empties_the_database_first(tmp_path):
    build_records()
    before = snapshot()
    archive = tmp_path / "sao-luu.zip"
    call_command("backup_data", "-o", str(archive))
    ReportingUnitFactory(code="MOI", name="Đơn vị mới thêm sau khi sao lưu")
    call_command("restore_data", str(archive), "--force")
    assert not ReportingUnit.objects.filter(code="MOI").exists()
    assert snapshot() == before


def test_a_damaged_attachment_stops_the_restore_and_loads_nothing(tmp_path, media_root):
    build_records()
    good = tmp_path / "sao-luu.zip"
    call_command("backup_data", "-o", str(good))
    damaged = tmp_path / "hong.zip"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(damaged, "w") as target:
        for item in source.infolist():
            data = source.read(item)
            target.writestr(item, data[:-1] + b"X" if item.filename.startswith("media/") else data)
    call_command("flush", interactive=False, verbosity=0)
    for path in media_root.rglob("*.pdf"):
        path.unlink()
    with pytest.raises(CommandError, match="bị hỏng"):
        call_command("restore_data", str(damaged))
    assert not ReportingUnit.objects.exists()
    assert not Institution.objects.exists()


def test_a_file_that_is_not_a_backup_is_refused(tmp_path):
    bogus = tmp_path / "khac.zip"
    with zipfile.ZipFile(bogus, "w") as archive:
        archive.writestr("data.json", "[]")
    with pytest.raises(CommandError, match="manifest"):
        call_command("restore_data", str(bogus))


def test_the_backup_file_is_readable_by_its_owner_only(tmp_path):
    archive = tmp_path / "sao-luu.zip"
    call_command("backup_data", "-o", str(archive))
    assert archive.stat().st_mode & 0o777 == 0o600
