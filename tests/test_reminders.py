"""send_reminders: before the due date and when late, to units whose report is not sent."""
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from institutions.models import Role
from reporting.periods import period_close
from reporting.services import submission_get_or_create, submission_return

from .factories import ReportingUnitFactory, fill_report, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def settings_for_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.PORTAL_BASE_URL = "https://baocao.example.vn"


@pytest.fixture
def plan(period):
    return period.plan


@pytest.fixture
def unit_with_address(unit, unit_user):
    unit.email = "vhtt.tp@laichau.gov.vn"
    unit.save()
    unit_user.email = "Can.Bo@Example.vn"
    unit_user.save()
    return unit


def run(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out)
    return out.getvalue()


def test_a_unit_that_has_not_started_is_reminded_seven_days_before_the_due_date(plan, unit_with_address):
    output = run("--today", "2017-06-13")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "[Nhắc hạn] Báo cáo 2017-H1 hạn nộp 20/06/2017"
    assert sorted(message.to) == ["can.bo@example.vn", "vhtt.tp@laichau.gov.vn"]
    assert "còn 7 ngày" in message.body and "chưa bắt đầu" in message.body
    assert "https://baocao.example.vn/reporting/" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html" and "<strong>20/06/2017</strong>" in html
    assert "nhắc hạn" in output and "2017-H1 105" in output and "Đã gửi 1 thư" in output


def test_no_mail_before_the_reminder_is_due_and_none_again_once_it_went(plan, unit_with_address):
    run("--today", "2017-06-12")
    assert mail.outbox == []
    for day in ("2017-06-13", "2017-06-13", "2017-06-14", "2017-06-20"):
        run("--today", day)
    assert [m.subject for m in mail.outbox] == ["[Nhắc hạn] Báo cáo 2017-H1 hạn nộp 20/06/2017"]


def test_a_day_cron_missed_is_caught_up_the_next_time_it_runs(plan, unit_with_address):
    run("--today", "2017-06-15")  # the 13th and 14th were missed
    assert len(mail.outbox) == 1 and "còn 5 ngày" in mail.outbox[0].body
    run("--today", "2017-06-23")  # the first late notice (the 21st) was missed too
    assert mail.outbox[-1].subject == "[Quá hạn] Báo cáo 2017-H1 đã quá hạn 3 ngày"
    output = run("--today", "2017-06-23")
    assert len(mail.outbox) == 2 and "Đã gửi 0 thư" in output


def test_every_mail_sent_is_recorded(plan, unit_with_address):
    from reporting.models import SentMail

    run("--today", "2017-06-13")
    run("--today", "2017-06-13", "--dry-run")
    record, = SentMail.objects.all()
    assert (record.kind, record.period.code, record.reporting_unit.code, str(record.sent_on)) == (
        "before", "2017-H1", "105", "2017-06-13")
    assert record.to == "can.bo@example.vn, vhtt.tp@laichau.gov.vn"
    assert record.subject == "[Nhắc hạn] Báo cáo 2017-H1 hạn nộp 20/06/2017"


def test_a_late_notice_goes_the_day_after_the_due_date_and_then_weekly(plan, unit_with_address):
    days = {day: run("--today", f"2017-06-{day}") for day in range(21, 30)}
    assert [m.subject for m in mail.outbox] == ["[Quá hạn] Báo cáo 2017-H1 đã quá hạn 1 ngày",
                                                "[Quá hạn] Báo cáo 2017-H1 đã quá hạn 8 ngày"]
    assert "quá hạn" in days[21] and "quá hạn" in days[28] and "Đã gửi 0 thư" in days[22]


def test_the_link_opens_the_draft_when_the_unit_has_started(plan, unit_with_address, unit_user):
    from reporting.models import Period

    submission = submission_get_or_create(period=Period.objects.get(code="2017-H1"), unit=unit_with_address,
                                          user=unit_user)
    run("--today", "2017-06-13")
    assert f"https://baocao.example.vn/reporting/submissions/{submission.pk}/edit/" in mail.outbox[0].body
    assert "đang soạn" in mail.outbox[0].body


def test_units_that_have_sent_their_report_get_nothing(plan, unit_with_address, unit_user, own_institution):
    from reporting.models import Period

    submission = submission_get_or_create(period=Period.objects.get(code="2017-H1"), unit=unit_with_address,
                                          user=unit_user)
    fill_report(submission, unit_user, submit=True)
    run("--today", "2017-06-13")
    assert mail.outbox == []


def test_a_returned_report_counts_as_not_sent(plan, unit_with_address, unit_user, staff_user, own_institution):
    from reporting.models import Period

    submission = submission_get_or_create(period=Period.objects.get(code="2017-H1"), unit=unit_with_address,
                                          user=unit_user)
    fill_report(submission, unit_user, submit=True)
    submission_return(submission=submission, user=staff_user, comment="Sửa lại.")
    run("--today", "2017-06-21")
    assert len(mail.outbox) == 1 and "trả lại để sửa" in mail.outbox[0].body


def test_closed_periods_send_nothing(plan, unit_with_address, staff_user):
    from reporting.models import Period

    period_close(period=Period.objects.get(code="2017-H1"), user=staff_user)
    run("--today", "2017-06-13")
    assert mail.outbox == []


def test_each_unit_gets_its_own_mail_and_a_unit_without_address_is_reported(plan, unit_with_address):
    other = ReportingUnitFactory(code="106", email="tamduong@example.vn")
    make_user(Role.UNIT, unit=other)  # a member without an address
    gone = make_user(Role.UNIT, unit=other)
    gone.email, gone.is_active = "da.nghi@example.vn", False
    gone.save()
    silent = ReportingUnitFactory(code="107")
    output = run("--today", "2017-06-13")
    assert sorted(tuple(m.to) for m in mail.outbox) == [
        ("can.bo@example.vn", "vhtt.tp@laichau.gov.vn"), ("tamduong@example.vn",),
    ]
    assert f"{silent.code}" in output and "chưa có địa chỉ thư" in output


def test_a_dry_run_prints_but_sends_nothing(plan, unit_with_address):
    output = run("--today", "2017-06-13", "--dry-run")
    assert mail.outbox == []
    assert "vhtt.tp@laichau.gov.vn" in output and "chưa gửi" in output


def test_days_before_is_an_option(plan, unit_with_address):
    run("--today", "2017-06-17", "--days-before", "3")
    assert len(mail.outbox) == 1


def test_a_bad_date_is_refused():
    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("send_reminders", "--today", "20/06/2017")
