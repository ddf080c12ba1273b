"""History a reader can trust: every version of registry and plan rows, old → new, who and when,
on the object's own page; a plan load is one audit event and names the versions it saves."""
import datetime
import re
from io import StringIO
from pathlib import Path

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from audit.history import add_baseline
from audit.models import AuditEvent
from institutions.models import Institution, ReportingUnit
from institutions.services import institution_update
from targets.models import Target

from .factories import AdminUnitFactory, IndicatorFactory, ReportingUnitFactory, make_user
from .test_audit_log import registry_file

pytestmark = pytest.mark.django_db

SHIPPED = Path(__file__).resolve().parent.parent / "targets" / "plans" / "laichau-1133-2015.yaml"
SHIPPED_REASON = "load_plan targets/plans/laichau-1133-2015.yaml"


def versions_on(client, url):
    """The history table of a page as plain text lines, newest first."""
    response = client.get(url)
    assert response.status_code == 200
    table = re.search(r'<section class="mt-4" id="versions">(.*?)</section>', response.content.decode(), re.S)
    rows = re.findall(r'<tr class="version-row">(.*?)</tr>', table.group(1), re.S)
    return [" ".join(re.sub(r"<[^>]+>", " ", row).split()) for row in rows]


def edit_page(client, institution, **changes):
    fields = {
        "code": institution.code, "name": institution.name, "kind": institution.kind, "level": institution.level,
        "admin_unit": institution.admin_unit_id, "reporting_unit": institution.reporting_unit_id,
        "address": institution.address, "notes": institution.notes, **changes,
    }
    if fields.pop("has_internet", institution.has_internet):
        fields["has_internet"] = "on"
    response = client.post(reverse("institutions:edit", args=[institution.code]), fields)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_editing_an_institution_shows_old_and_new_values_by_label_and_name_on_its_page(
    client_for, staff_user, own_institution, other_unit
):
    staff_user.first_name = "Nguyễn Thị Lan"  # the full name, as member_create stores it
    staff_user.save()
    client = client_for(staff_user)
    edit_page(client, own_institution, name="Thư viện trung tâm", kind="museum",
              reporting_unit=other_unit.pk, has_internet=True)
    lines = versions_on(client, reverse("institutions:detail", args=[own_institution.code]))
    newest = lines[0]
    assert "sửa" in newest and "Nguyễn Thị Lan" in newest
    assert "tên : Thư viện thành phố Lai Châu → Thư viện trung tâm" in newest
    assert "loại hình : Thư viện → Bảo tàng" in newest  # choices by label
    assert "đơn vị báo cáo : UBND thành phố Lai Châu → UBND huyện Tam Đường" in newest  # foreign keys by name
    assert "có điểm kết nối internet : Không → Có" in newest
    assert "tạo mới" in lines[-1]


def test_an_institution_that_existed_before_history_began_shows_its_first_edit_old_to_new(
    client_for, staff_user, own_institution
):
    own_institution.history.all().delete()  # as if created before this release
    add_baseline(apps, ["Institution"], "institutions")  # what the migration does for existing rows
    institution_update(institution=own_institution, user=staff_user, address="Số 1, đường Trần Phú",
                       established_year=2016)
    lines = versions_on(client_for(staff_user), reverse("institutions:detail", args=[own_institution.code]))
    assert "địa chỉ : — → Số 1, đường Trần Phú" in lines[0] and "canbo" in lines[0]
    assert "năm thành lập : — → 2016" in lines[0]  # a year, not 2.016
    assert "bắt đầu lưu lịch sử" in lines[1] and lines[1].count("bắt đầu lưu lịch sử") == 1


def test_the_old_field_name_audit_lines_still_show_on_the_institution_page(client_for, staff_user, own_institution):
    first = own_institution.history.earliest().history_date
    AuditEvent.objects.create(at=first - datetime.timedelta(days=30), username="canbo_cu", action="update",
                              object_type="institutions.institution", object_id=str(own_institution.pk),
                              object_label=str(own_institution), detail="name, address")
    lines = versions_on(client_for(staff_user), reverse("institutions:detail", args=[own_institution.code]))
    assert "canbo_cu" in lines[-1] and "tên, địa chỉ" in lines[-1]


def test_a_plan_load_that_renames_a_unit_shows_on_its_page_and_is_one_audit_event_naming_the_file(
    client_for, staff_user, tmp_path
):
    call_command("load_plan", stdout=StringIO())
    unit = ReportingUnit.objects.get(code="106")
    client = client_for(staff_user)
    lines = versions_on(client, reverse("institutions:unit_detail", args=["106"]))
    assert len(lines) == 1 and "tạo mới" in lines[0] and SHIPPED_REASON in lines[0]

    renamed = tmp_path / "ke-hoach-moi.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    renamed.write_text(text.replace('name: "UBND huyện Tam Đường"', 'name: "UBND huyện Tam Đường (mới)"'),
                       encoding="utf-8")
    AuditEvent.objects.all().delete()
    call_command("load_plan", str(renamed), stdout=StringIO())

    unit.refresh_from_db()
    assert unit.name == "UBND huyện Tam Đường (mới)"
    lines = versions_on(client, reverse("institutions:unit_detail", args=["106"]))
    assert "tên : UBND huyện Tam Đường → UBND huyện Tam Đường (mới)" in lines[0]
    assert f"load_plan {renamed}" in lines[0]
    events = list(AuditEvent.objects.exclude(action="sign_in"))
    assert [event.action for event in events] == ["plan_load"]
    assert events[0].detail == f"Tệp {renamed}: kế hoạch: cập nhật 1; đơn vị báo cáo: cập nhật 1."
    assert events[0].object_label.startswith("1133/KH-UBND")


def test_a_plan_load_that_changes_and_drops_targets_shows_it_on_the_indicator_page(
    client_for, staff_user, tmp_path
):
    call_command("load_plan", stdout=StringIO())
    call_command("load_plan", stdout=StringIO())  # again: nothing changes, no line (make run reloads every time)
    assert AuditEvent.objects.filter(action="plan_load").count() == 1
    changed = tmp_path / "plan.yaml"
    text = SHIPPED.read_text(encoding="utf-8")
    old = "      2016-2019: {min: 8000, max: 9000}\n      2020: {min: 10000, max: 12000}\n"
    assert text.count(old) == 1
    changed.write_text(text.replace(old, "      2016-2019: {min: 8500, max: 9000}\n"), encoding="utf-8")
    call_command("load_plan", str(changed), stdout=StringIO())
    lines = versions_on(client_for(staff_user), reverse("targets:indicator_detail", args=["LIB_VISITS"]))
    changes = [line for line in lines if "8.000 → 8.500" in line]
    assert len(changes) == 4  # 2016, 2017, 2018, 2019
    assert "lib-visits-province · 2016" in " ".join(changes) and "tối thiểu" in changes[0]
    dropped = [line for line in lines if "lib-visits-province · 2020" in line and "xóa" in line]
    assert len(dropped) == 1 and f"load_plan {changed}" in dropped[0]


def test_the_plan_page_shows_the_plan_s_versions(client_for, leader_user):
    call_command("load_plan", stdout=StringIO())
    lines = versions_on(client_for(leader_user), reverse("targets:plan_detail", args=["laichau-1133-2015"]))
    assert len(lines) == 1 and "tạo mới" in lines[0] and SHIPPED_REASON in lines[0]


def test_an_excel_import_gives_each_changed_institution_a_version_named_after_the_workbook(client_for, staff_user):
    district = AdminUnitFactory(code="107", name="Huyện Mường Tè", structure="2015")
    ReportingUnitFactory(code="107", name="UBND huyện Mường Tè", admin_unit=district)
    client = client_for(staff_user)
    row = ["TV-107", "Thư viện huyện Mường Tè", "Thư viện", "cấp huyện", "107", "107", "Có", "", None, "Có", "2015"]
    assert client.post(reverse("institutions:import"), {"file": registry_file([row])}).status_code == 302
    row[1] = "Thư viện huyện Mường Tè (mới)"
    assert client.post(reverse("institutions:import"), {"file": registry_file([row])}).status_code == 302
    lines = versions_on(client, reverse("institutions:detail", args=["TV-107"]))
    assert "tên : Thư viện huyện Mường Tè → Thư viện huyện Mường Tè (mới)" in lines[0]
    assert "canbo" in lines[0] and "nhập Excel thiet-che.xlsx" in lines[0]


def test_a_unit_member_sees_the_history_of_their_own_objects_only(
    client_for, staff_user, unit_user, own_institution, other_institution
):
    institution_update(institution=own_institution, user=staff_user, name="Thư viện của đơn vị")
    institution_update(institution=other_institution, user=staff_user, name="Thư viện đơn vị khác")
    unit_name = ReportingUnit.objects.get(code="106")
    unit_name.name = "UBND huyện Tam Đường (sửa)"
    unit_name.save()
    client = client_for(unit_user)
    lines = versions_on(client, reverse("institutions:detail", args=["TV-105"]))
    assert "Thư viện của đơn vị" in lines[0]
    assert not any("đơn vị khác" in line or "Tam Đường" in line for line in lines)
    assert client.get(reverse("institutions:detail", args=["TV-106"])).status_code == 404
    assert client.get(reverse("institutions:unit_detail", args=["106"])).status_code == 404
    own_unit_lines = versions_on(client, reverse("institutions:unit_detail", args=["105"]))
    assert own_unit_lines and not any("Tam Đường" in line for line in own_unit_lines)


def test_the_institution_and_unit_pages_need_the_same_queries_however_long_the_history(
    client_for, staff_user, own_institution, unit, other_unit, django_assert_num_queries
):
    client = client_for(staff_user)
    detail = reverse("institutions:detail", args=[own_institution.code])
    unit_page = reverse("institutions:unit_detail", args=[unit.code])

    def edit(number):
        institution_update(institution=own_institution, user=staff_user, name=f"Thư viện {number}",
                           reporting_unit=other_unit if number % 2 else unit, admin_unit=AdminUnitFactory())
        unit.name = f"UBND số {number}"
        unit.save()

    edit(1)
    # session, user, profile, institution, its versions (with users), admin and reporting unit
    # names of the changes, the older audit lines, its earlier places
    with django_assert_num_queries(9):
        assert client.get(detail).status_code == 200
    with django_assert_num_queries(9):
        assert client.get(unit_page).status_code == 200
    for number in range(2, 12):
        edit(number)
    with django_assert_num_queries(9):
        assert "Thư viện 11" in client.get(detail).content.decode()
    with django_assert_num_queries(9):
        assert client.get(unit_page).status_code == 200


def test_versions_a_command_saves_name_it_when_no_one_is_signed_in():
    make_user("staff", username="nguoi_khac")  # a user elsewhere is not taken for the author
    call_command("load_plan", stdout=StringIO())
    record = ReportingUnit.history.filter(code="105").get()
    assert record.history_user is None and record.history_change_reason == SHIPPED_REASON
    assert timezone.now() - record.history_date < datetime.timedelta(minutes=5)
    assert not Institution.history.exists()


def test_lists_of_levels_and_choices_read_as_labels_in_the_indicator_s_history(client_for, unit_user):
    indicator = IndicatorFactory(code="LIB_BOOKS")
    indicator.applies_levels = ["province", "district"]
    indicator.aggregation = "latest"
    indicator.save()
    lines = versions_on(client_for(unit_user), reverse("targets:indicator_detail", args=["LIB_BOOKS"]))
    assert "các cấp : cấp huyện → cấp tỉnh, cấp huyện" in lines[0]
    assert "cách tổng hợp : cộng → số mới nhất" in lines[0]
