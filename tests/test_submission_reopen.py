"""Corrections after approval: department staff reopen an approved report with a reason; it goes
back to its unit ("mở lại để sửa"), which corrects it and sends it again; staff approve it again.
The history keeps the earlier approval and the reopening; the unit is mailed; the live
consolidated report says whose figures are not approved again; issued reports never change."""
import datetime

import pytest
from django.core import mail
from django.urls import reverse

from audit.models import AuditEvent
from reporting.models import (
    PeriodStatus,
    ReviewComment,
    SentMail,
    Submission,
    SubmissionEvent,
    SubmissionStatus,
)
from reporting.notifications import reminders_due
from reporting.selectors import cell_key
from reporting.services import (
    StaleSubmission,
    SubmissionError,
    submission_approve,
    submission_reopen,
    submission_save,
    submission_submit,
)

from .factories import fill_report

pytestmark = pytest.mark.django_db
REASON = "Số lượt bạn đọc của Thư viện thành phố ghi nhầm 4.000 thành 40.000."
VISITS = cell_key("LIB_VISITS", "TV-105")


@pytest.fixture
def approved(submission, unit_user, staff_user):
    fill_report(submission, unit_user, default="40.000", submit=True)
    submission_approve(submission=submission, user=staff_user)
    submission.refresh_from_db()
    return submission


def reopen_url(submission):
    return reverse("reporting:submission_reopen", args=[submission.pk])


def actions(submission):
    return list(submission.events.order_by("at", "pk").values_list("action", flat=True))


# -- the service -------------------------------------------------------------------------------------

def test_reopening_sends_the_approved_report_back_to_its_unit_with_the_reason(approved, staff_user):
    submission_reopen(submission=approved, user=staff_user, reason=f"  {REASON} ")
    approved.refresh_from_db()
    assert approved.status == SubmissionStatus.REOPENED and approved.get_status_display() == "mở lại để sửa"
    assert approved.is_editable and approved.reopened_at is not None
    assert approved.approved_at is None and approved.approved_by is None
    comment, = ReviewComment.objects.filter(submission=approved)
    assert (comment.text, comment.author, comment.indicator) == (REASON, staff_user, None)
    event = approved.events.get(action=SubmissionEvent.Action.REOPENED)
    assert (event.user, event.old_value, event.new_value) == (staff_user, "đã duyệt", REASON)
    approval = approved.events.get(action=SubmissionEvent.Action.APPROVED)
    assert approval.user == staff_user and approval.at < event.at  # the earlier approval stays in the history
    line = AuditEvent.objects.get(action="reopen")
    assert (line.user, line.object_id, line.detail) == (staff_user, str(approved.pk), REASON)


def test_reopening_without_a_reason_is_refused_and_nothing_changes(approved, staff_user):
    version = approved.version
    with pytest.raises(SubmissionError) as refused:
        submission_reopen(submission=approved, user=staff_user, reason=" \n ")
    assert refused.value.messages == ["Cần ghi lý do mở lại báo cáo."]
    approved.refresh_from_db()
    assert (approved.status, approved.version) == (SubmissionStatus.APPROVED, version)
    assert not approved.events.filter(action=SubmissionEvent.Action.REOPENED).exists()


@pytest.mark.parametrize("send", [False, True])
def test_only_an_approved_report_is_reopened(submission, unit_user, staff_user, send):
    fill_report(submission, unit_user, submit=send)
    with pytest.raises(SubmissionError) as refused:
        submission_reopen(submission=submission, user=staff_user, reason=REASON)
    label = "đã gửi" if send else "đang soạn"
    assert refused.value.messages == [f"Chỉ mở lại được báo cáo đã duyệt; báo cáo này đang '{label}'."]
    assert Submission.objects.get(pk=submission.pk).status == (SubmissionStatus.SUBMITTED if send else "draft")


def test_a_report_of_a_closed_period_is_reopened_only_once_the_period_is(approved, staff_user):
    approved.period.status = PeriodStatus.CLOSED
    approved.period.save()
    with pytest.raises(SubmissionError) as refused:
        submission_reopen(submission=approved, user=staff_user, reason=REASON)
    assert "hãy mở lại kỳ trước" in refused.value.messages[0]
    assert Submission.objects.get(pk=approved.pk).status == SubmissionStatus.APPROVED


def test_reopening_from_a_stale_page_is_refused(approved, staff_user):
    with pytest.raises(StaleSubmission):
        submission_reopen(submission=approved, user=staff_user, reason=REASON, expected_version=approved.version - 1)
    assert Submission.objects.get(pk=approved.pk).status == SubmissionStatus.APPROVED


def test_the_unit_corrects_sends_again_and_staff_approve_again_and_the_history_keeps_every_step(
    approved, unit_user, staff_user
):
    submission_reopen(submission=approved, user=staff_user, reason=REASON)
    result = submission_save(submission=approved, user=unit_user, values={VISITS: "4.000"})
    assert result.ok and result.changed == 1
    submission_submit(submission=approved, user=unit_user)
    approved.refresh_from_db()
    assert approved.status == SubmissionStatus.SUBMITTED and approved.reopened_at is not None  # not approved again yet
    submission_approve(submission=approved, user=staff_user)
    approved.refresh_from_db()
    assert approved.status == SubmissionStatus.APPROVED and approved.reopened_at is None
    assert actions(approved)[-5:] == ["approved", "reopened", "value", "submitted", "approved"]
    sent_again = approved.events.filter(action="submitted").order_by("-at", "-pk").first()
    assert (sent_again.old_value, sent_again.new_value) == ("mở lại để sửa", "đã gửi")
    value_event = approved.events.filter(action="value").order_by("-at", "-pk").first()
    assert "40.000" in value_event.old_value and "4.000" in value_event.new_value
    assert approved.values.get(indicator__code="LIB_VISITS").value == 4000


def test_an_approved_report_is_not_written_to_until_it_is_reopened(approved, unit_user):
    with pytest.raises(SubmissionError) as refused:
        submission_save(submission=approved, user=unit_user, values={VISITS: "4.000"})
    assert refused.value.messages == ["Báo cáo đang ở trạng thái 'đã duyệt'; không thể sửa."]


def test_the_unit_is_mailed_once_the_reopening_is_saved(
    settings, approved, unit, unit_user, staff_user, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://baocao.example.vn"
    unit.email = "vhtt.tp@laichau.gov.vn"
    unit.save()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks() as callbacks:
        submission_reopen(submission=approved, user=staff_user, reason=REASON)
        assert mail.outbox == []  # nothing goes before the change is saved
    for callback in callbacks:
        callback()
    message, = mail.outbox
    assert message.to == ["vhtt.tp@laichau.gov.vn"]
    assert message.subject == (
        f"[Mở lại để sửa] Báo cáo {approved.period.code} đã duyệt được Sở mở lại để đơn vị sửa số liệu"
    )
    assert REASON in message.body
    assert f"https://baocao.example.vn/reporting/submissions/{approved.pk}/edit/" in message.body
    assert "Các báo cáo tổng hợp Sở đã ban hành giữ nguyên như khi ban hành." in message.body
    record = SentMail.objects.get(kind=SentMail.Kind.REOPENED)
    assert (record.reporting_unit, record.to) == (unit, "vhtt.tp@laichau.gov.vn")


# -- the view ----------------------------------------------------------------------------------------

def test_staff_reopen_from_the_report_page(client_for, approved, staff_user):
    client = client_for(staff_user)
    page = client.get(reverse("reporting:submission_detail", args=[approved.pk])).content.decode()
    assert 'id="reopen"' in page and reopen_url(approved) in page
    response = client.post(reopen_url(approved), {"version": approved.version, "reason": REASON}, follow=True)
    assert response.redirect_chain == [(reverse("reporting:submission_detail", args=[approved.pk]), 302)]
    page = response.content.decode()
    assert "Đã mở lại báo cáo của UBND thành phố Lai Châu để đơn vị sửa và gửi lại." in page
    assert 'data-status="reopened"' in page and REASON in page
    assert 'id="reopen"' not in page  # no longer approved: nothing to reopen
    assert Submission.objects.get(pk=approved.pk).status == SubmissionStatus.REOPENED


def test_an_empty_reason_shows_the_form_again_with_the_error(client_for, approved, staff_user):
    response = client_for(staff_user).post(reopen_url(approved), {"version": approved.version, "reason": "  "})
    assert response.status_code == 400
    page = response.content.decode()
    assert '<details class="border rounded p-2 mb-3 no-print" id="reopen" open>' in page
    assert '<div class="invalid-feedback d-block" id="reopen-error">Cần ghi lý do mở lại báo cáo.</div>' in page
    assert Submission.objects.get(pk=approved.pk).status == SubmissionStatus.APPROVED


def test_a_report_not_approved_is_refused_with_a_message(client_for, submission, unit_user, staff_user):
    fill_report(submission, unit_user, submit=True)
    response = client_for(staff_user).post(reopen_url(submission), {"version": submission.version, "reason": REASON},
                                           follow=True)
    assert "Chỉ mở lại được báo cáo đã duyệt; báo cáo này đang &#x27;đã gửi&#x27;." in response.content.decode()
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.SUBMITTED
    assert not ReviewComment.objects.exists()


def test_only_department_staff_reopen(client, client_for, approved, unit_user, other_unit_user, leader_user):
    data = {"version": approved.version, "reason": REASON}
    response = client.post(reopen_url(approved), data)
    assert response.status_code == 302 and response.url.startswith(reverse("login"))
    assert client_for(leader_user).post(reopen_url(approved), data).status_code == 403
    assert client_for(unit_user).post(reopen_url(approved), data).status_code == 403
    assert client_for(other_unit_user).post(reopen_url(approved), data).status_code == 404
    approved.refresh_from_db()
    assert approved.status == SubmissionStatus.APPROVED and not approved.events.filter(action="reopened").exists()


def test_a_get_changes_nothing(client_for, approved, staff_user):
    assert client_for(staff_user).get(reopen_url(approved)).status_code == 405
    assert Submission.objects.get(pk=approved.pk).status == SubmissionStatus.APPROVED


def test_only_staff_see_the_reopening_form(client_for, approved, unit_user, leader_user):
    url = reverse("reporting:submission_detail", args=[approved.pk])
    for user in (unit_user, leader_user):
        page = client_for(user).get(url).content.decode()
        assert 'id="reopen"' not in page and reopen_url(approved) not in page, user


def test_the_unit_home_puts_the_reopened_report_first_with_the_reason(client_for, approved, unit_user, staff_user):
    submission_reopen(submission=approved, user=staff_user, reason=REASON)
    page = client_for(unit_user).get(reverse("reporting:unit_home")).content.decode()
    assert "mở lại để sửa" in page and REASON in page and "Sửa theo nhận xét" in page
    assert reverse("reporting:submission_edit", args=[approved.pk]) in page


def test_a_reopened_report_gets_no_late_notice(approved, staff_user, unit):
    day_after_due = approved.period.due_date + datetime.timedelta(days=1)
    submission_reopen(submission=approved, user=staff_user, reason=REASON)
    assert [reminder.unit for reminder in reminders_due(today=day_after_due)] == []
    approved.status = SubmissionStatus.RETURNED  # the same report returned before approval is owed one
    approved.save()
    assert [reminder.unit for reminder in reminders_due(today=day_after_due)] == [unit]
