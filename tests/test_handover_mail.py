"""Who is next is told by e-mail: the department when a report is sent, the unit when it is
returned or approved; in Vietnamese, once the change is saved, and never undoing it."""
import pytest
from django.core import mail
from django.utils import translation

from institutions.models import Role
from reporting.models import SentMail, SubmissionStatus
from reporting.services import submission_approve, submission_return

from .factories import fill_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def addresses(settings, unit, unit_user, staff_user):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://baocao.example.vn"
    unit.email = "vhtt.tp@laichau.gov.vn"
    unit.save()
    unit_user.email = "Can.Bo.Don.Vi@Example.vn"
    unit_user.save()
    staff_user.email = "canbo.so@laichau.gov.vn"
    staff_user.save()
    former = make_user(Role.STAFF, username="nghiviec")
    former.email, former.is_active = "nghi.viec@laichau.gov.vn", False
    former.save()


@pytest.fixture
def sent(submission, unit_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fill_report(submission, unit_user, submit=True)
    submission.refresh_from_db()
    return submission


def test_a_sent_report_tells_the_active_staff_with_a_link_to_review_it(sent):
    assert sent.status == SubmissionStatus.SUBMITTED
    message, = mail.outbox
    assert message.to == ["canbo.so@laichau.gov.vn"]
    assert message.subject == f"[Báo cáo mới] UBND thành phố Lai Châu đã gửi báo cáo {sent.period.code}"
    assert f"https://baocao.example.vn/reporting/submissions/{sent.pk}/review/" in message.body
    assert "chờ Sở xem xét, duyệt hoặc trả lại" in message.body
    assert message.body.startswith("Kính gửi: ")
    record, = SentMail.objects.all()  # recorded, as every mail the portal sends
    assert (record.kind, record.reporting_unit, record.to) == ("submitted", sent.reporting_unit, "canbo.so@laichau.gov.vn")


def test_a_returned_report_tells_the_unit_with_the_departments_comment_in_vietnamese(
    sent, staff_user, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with translation.override("en"), django_capture_on_commit_callbacks(execute=True):
        submission_return(submission=sent, user=staff_user, comment="Đề nghị bổ sung giải trình lượt bạn đọc.")
    message, = mail.outbox
    assert message.to == ["can.bo.don.vi@example.vn", "vhtt.tp@laichau.gov.vn"]
    assert message.subject == f"[Trả lại] Báo cáo {sent.period.code} cần sửa theo nhận xét của Sở"
    assert "Đề nghị bổ sung giải trình lượt bạn đọc." in message.body
    assert f"/reporting/submissions/{sent.pk}/edit/" in message.body
    html, _type = message.alternatives[0]
    assert "Kính gửi: UBND thành phố Lai Châu," in html


def test_an_approved_report_tells_the_unit(sent, staff_user, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(submission=sent, user=staff_user)
    message, = mail.outbox
    assert message.subject == f"[Đã duyệt] Báo cáo {sent.period.code} của đơn vị đã được Sở duyệt"
    assert "được tính vào báo cáo tổng hợp của Sở" in message.body


def test_a_report_sent_again_after_a_return_says_so(sent, staff_user, unit_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission_return(submission=sent, user=staff_user, comment="Sửa lại.")
        fill_report(sent, unit_user, default="12", submit=True)
    assert mail.outbox[-1].subject.startswith("[Gửi lại] UBND thành phố Lai Châu đã gửi lại báo cáo")


def test_a_mail_server_that_fails_does_not_undo_the_approval(
    sent, staff_user, django_capture_on_commit_callbacks, monkeypatch, caplog
):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", refuse)
    with django_capture_on_commit_callbacks(execute=True):
        submission_approve(submission=sent, user=staff_user)
    sent.refresh_from_db()
    assert sent.status == SubmissionStatus.APPROVED
    assert "handover mail" in caplog.text


def test_nothing_is_sent_before_the_change_is_saved_or_to_nobody(submission, unit, unit_user, staff_user):
    staff_user.email = ""
    staff_user.save()
    fill_report(submission, unit_user, submit=True)  # the transaction of the test never commits
    assert mail.outbox == []
