"""The audit log: sign-ins and every change are written in the change's own transaction, and
department staff (only they) read them on a paginated, filterable page."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from audit.models import AuditAction, AuditEvent
from audit.services import audit_record
from institutions.models import Institution, Role
from reports.services import report_create_draft, report_issue, report_update
from reporting.periods import period_close, period_reopen
from reporting.services import (
    SubmissionError,
    submission_approve,
    submission_return,
    submission_save,
    submission_submit,
)

from .factories import (
    REPORT_WORDS,
    PASSWORD,
    AdminUnitFactory,
    ReportingUnitFactory,
    fill_report,
    make_user,
)
from .report_world import build_report_world

pytestmark = pytest.mark.django_db
AUDIT = reverse("audit:log")


def registry_file(rows):
    """An .xlsx upload with the registry's header and ``rows``."""
    import io

    from openpyxl import Workbook

    from institutions.excel import registry_header

    workbook = Workbook()
    workbook.active.append(registry_header())
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "thiet-che.xlsx"
    return buffer


def actions(**filters):
    return list(AuditEvent.objects.filter(**filters).order_by("pk").values_list("action", flat=True))


# -- sign-ins ---------------------------------------------------------------------------------
def test_a_sign_in_and_a_sign_out_are_recorded_with_the_user_and_address(client, unit_user):
    client.post(reverse("login"), {"username": "donvi", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    client.post(reverse("logout"), REMOTE_ADDR="203.0.113.8")
    events = list(AuditEvent.objects.order_by("pk"))
    assert [(e.action, e.user, e.username, e.ip) for e in events] == [
        ("sign_in", unit_user, "donvi", "203.0.113.7"),
        ("sign_out", unit_user, "donvi", "203.0.113.8"),
    ]


def test_a_failed_sign_in_keeps_the_name_typed_and_never_the_password(client, unit_user):
    client.post(reverse("login"), {"username": "donvi", "password": "bi-mat-sai-1"}, REMOTE_ADDR="203.0.113.7")
    event = AuditEvent.objects.get()
    assert (event.action, event.user, event.username, event.ip) == ("sign_in_failed", None, "donvi", "203.0.113.7")
    for row in AuditEvent.objects.values():
        assert "bi-mat-sai-1" not in str(row)


def test_a_lockout_is_recorded(client, unit_user):
    for _ in range(5):
        client.post(reverse("login"), {"username": "donvi", "password": "sai"}, REMOTE_ADDR="203.0.113.7")
    lockout = AuditEvent.objects.get(action="lockout")
    assert (lockout.username, lockout.ip) == ("donvi", "203.0.113.7")


# -- institutions ---------------------------------------------------------------------------
def test_creating_editing_and_deactivating_an_institution_are_recorded(client_for, staff_user, unit):
    client = client_for(staff_user)
    AuditEvent.objects.all().delete()  # the force_login above
    area = unit.admin_unit
    fields = {"code": "TV-777", "name": "Thư viện thử", "kind": "library", "level": "district",
              "admin_unit": area.pk, "reporting_unit": unit.pk, "address": "", "notes": ""}
    assert client.post(reverse("institutions:create"), fields).status_code == 302
    institution = Institution.objects.get(code="TV-777")
    fields.update(name="Thư viện thử (mới)", address="Tổ 1")
    assert client.post(reverse("institutions:edit", args=["TV-777"]), fields).status_code == 302
    assert client.post(reverse("institutions:deactivate", args=["TV-777"])).status_code == 302
    assert client.post(reverse("institutions:reactivate", args=["TV-777"])).status_code == 302
    events = list(AuditEvent.objects.order_by("pk"))
    assert [e.action for e in events] == ["create", "update", "deactivate", "reactivate"]
    assert {(e.user, e.object_type, e.object_id) for e in events} == {
        (staff_user, "institutions.institution", str(institution.pk))
    }
    assert events[1].detail == "name, address"
    assert events[0].object_label == "Thư viện thử (TV-777)"


def test_an_edit_that_changes_nothing_writes_no_line(staff_user, own_institution):
    from institutions.services import institution_update

    AuditEvent.objects.all().delete()
    institution_update(institution=own_institution, user=staff_user, name=own_institution.name)
    assert actions() == []


def test_an_import_records_one_line_and_each_institution_it_creates(client_for, staff_user):
    district = AdminUnitFactory(code="107", name="Huyện Mường Tè", structure="2015")
    ReportingUnitFactory(code="107", name="UBND huyện Mường Tè", admin_unit=district)
    client = client_for(staff_user)
    AuditEvent.objects.all().delete()
    upload = registry_file([
        ["TV-107", "Thư viện huyện Mường Tè", "Thư viện", "cấp huyện", "107", "107", "Có", "", None, "Có", "2015"],
    ])
    assert client.post(reverse("institutions:import"), {"file": upload}).status_code == 302
    assert actions() == ["create", "import"]
    assert AuditEvent.objects.get(action="import").detail == "thiet-che.xlsx: 1 mới, 0 cập nhật, 0 không đổi"
    assert set(AuditEvent.objects.values_list("user", flat=True)) == {staff_user.pk}


# -- reports and periods ----------------------------------------------------------------------
def test_the_report_workflow_is_recorded_step_by_step(submission, unit_user, staff_user):
    fill_report(submission, unit_user, submit=True)
    submission_return(submission=submission, user=staff_user, comment="Bổ sung số liệu.")
    submission_save(submission=submission, user=unit_user, values={"LIB_VISITS|TV-105": "25"})
    submission_submit(submission=submission, user=unit_user)
    submission_approve(submission=submission, user=staff_user)
    rows = list(AuditEvent.objects.filter(object_type="reporting.submission").order_by("pk")
                .values_list("action", "user__username", "object_id"))
    assert rows == [
        ("create", "donvi", str(submission.pk)),
        ("save", "donvi", str(submission.pk)),
        ("submit", "donvi", str(submission.pk)),
        ("return", "canbo", str(submission.pk)),
        ("save", "donvi", str(submission.pk)),
        ("submit", "donvi", str(submission.pk)),
        ("approve", "canbo", str(submission.pk)),
    ]
    assert AuditEvent.objects.get(action="return").detail == "Bổ sung số liệu."
    assert AuditEvent.objects.filter(action="submit").order_by("pk").last().detail == "gửi lại"


def test_a_refused_or_empty_change_leaves_no_line(submission, unit_user):
    AuditEvent.objects.all().delete()
    result = submission_save(submission=submission, user=unit_user, values={"LIB_VISITS|TV-105": "không phải số"})
    assert not result.ok
    submission_save(submission=submission, user=unit_user, values={})
    with pytest.raises(SubmissionError):
        submission_submit(submission=submission, user=unit_user)  # figures missing
    assert actions() == []


def test_a_line_rolls_back_with_its_change(submission, unit_user):
    from django.db import transaction

    AuditEvent.objects.all().delete()
    with pytest.raises(RuntimeError), transaction.atomic():
        fill_report(submission, unit_user)
        assert actions() == ["save"]
        raise RuntimeError
    assert actions() == []


def test_closing_and_reopening_a_period_are_recorded_with_the_reason(submission, staff_user):
    period = submission.period
    period_close(period=period, user=staff_user, reason="Hết hạn")
    period_reopen(period=period, user=staff_user, reason="Đơn vị xin bổ sung")
    rows = list(AuditEvent.objects.filter(object_type="reporting.period").order_by("pk")
                .values_list("action", "detail", "object_id"))
    assert rows == [("period_close", "Hết hạn", str(period.pk)), ("period_reopen", "Đơn vị xin bổ sung", str(period.pk))]


def test_issuing_the_consolidated_report_is_recorded(staff_user):
    world = build_report_world()
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields=REPORT_WORDS, user=staff_user)
    report_issue(report=draft, user=staff_user, issued_on=datetime.date(2018, 1, 5))
    rows = list(AuditEvent.objects.filter(object_type="reports.consolidatedreport").order_by("pk")
                .values_list("action", "detail"))
    assert rows == [("report_draft", ""), ("report_update", ""), ("report_issue", "01/BC-SVHTTDL")]


# -- the page ---------------------------------------------------------------------------------
def test_only_department_staff_read_the_audit_log(client, django_user_model, staff_user, leader_user, unit_user):
    assert client.get(AUDIT).status_code == 302
    for user in (leader_user, unit_user, django_user_model.objects.create_user("khach")):
        client.force_login(user)
        assert client.get(AUDIT).status_code == 403, user.username
    client.force_login(staff_user)
    assert client.get(AUDIT).status_code == 200


def test_the_nav_links_to_the_audit_log_for_staff_only(client_for, staff_user, leader_user):
    assert AUDIT in client_for(staff_user).get(reverse("home")).content.decode()
    assert AUDIT not in client_for(leader_user).get(reverse("home")).content.decode()


def test_the_page_filters_by_action_user_and_day(client_for, staff_user, unit_user):
    client = client_for(staff_user)
    AuditEvent.objects.all().delete()
    old = audit_record(user=unit_user, action="submit", detail="dong-cu")
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.make_aware(datetime.datetime(2024, 3, 1, 10)))
    audit_record(user=unit_user, action="save", detail="dong-moi")
    audit_record(user=None, action="sign_in_failed", username="ke-la")
    html = client.get(AUDIT, {"action": "save"}).content.decode()
    assert "dong-moi" in html and "dong-cu" not in html and "ke-la" not in html
    html = client.get(AUDIT, {"user": "KE-LA"}).content.decode()
    assert "ke-la" in html and "dong-moi" not in html
    html = client.get(AUDIT, {"date_from": "2024-03-01", "date_to": "2024-03-01"}).content.decode()
    assert "dong-cu" in html and "dong-moi" not in html
    html = client.get(AUDIT, {"date_from": "không phải ngày"}).content.decode()  # ignored, not an error
    assert "dong-cu" in html and "dong-moi" in html


def test_the_page_is_paginated_with_a_constant_number_of_queries(client_for, staff_user, unit_user,
                                                                  django_assert_num_queries):
    client = client_for(staff_user)
    client.get(AUDIT)  # warm the session and the user
    AuditEvent.objects.bulk_create(
        [AuditEvent(user=unit_user if n % 2 else None, username="donvi", action=AuditAction.SAVE,
                    detail=f"dòng {n}") for n in range(3)]
    )
    with django_assert_num_queries(5):
        client.get(AUDIT)
    AuditEvent.objects.bulk_create(
        [AuditEvent(user=make_user(Role.UNIT, unit=unit_user.profile.reporting_unit) if n < 5 else unit_user,
                    username="donvi", action=AuditAction.SAVE, detail=f"dòng thêm {n}") for n in range(120)]
    )
    with django_assert_num_queries(5):
        response = client.get(AUDIT, {"page": 2})
    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == 50
    assert "?page=3" in response.content.decode()
