"""The department's board: per period, every expected unit with its status, on time or late,
what waits for review, one click to the review screen."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from institutions.models import Role
from reporting.models import Period, Submission
from reporting.services import submission_get_or_create

from .factories import (
    InstitutionFactory,
    ReportingUnitFactory,
    fill_report,
    make_user,
)

pytestmark = pytest.mark.django_db


def board(client, period):
    return client.get(reverse("reporting:overview_period", args=[period.code])).content.decode()


def row_of(page, unit):
    return page.split(f'data-unit="{unit.code}"')[1].split("</tr>")[0]


def make_unit_with_report(period, status, sent=None):
    """A unit with a library, and its report in ``status`` (sent on the given date)."""
    unit = ReportingUnitFactory()
    InstitutionFactory(reporting_unit=unit)
    if status is None:
        return unit
    user = make_user(Role.UNIT, unit=unit)
    submission = submission_get_or_create(period=period, unit=unit, user=user)
    fill_report(submission, user, submit=status != "draft")
    if sent:
        moment = timezone.make_aware(datetime.datetime.combine(sent, datetime.time(10)))
        Submission.objects.filter(pk=submission.pk).update(first_submitted_at=moment, submitted_at=moment)
    return unit


def test_every_expected_unit_is_listed_with_its_status_and_timeliness(client_for, staff_user, period):
    on_time = make_unit_with_report(period, "submitted", sent=datetime.date(2017, 6, 19))
    late = make_unit_with_report(period, "submitted", sent=datetime.date(2017, 6, 25))
    drafting = make_unit_with_report(period, "draft")
    idle = make_unit_with_report(period, None)
    page = board(client_for(staff_user), period)
    assert "đã gửi" in row_of(page, on_time) and "gửi đúng hạn" in row_of(page, on_time)
    assert "gửi trễ hạn" in row_of(page, late)
    assert "đang soạn" in row_of(page, drafting) and "trễ" in row_of(page, drafting)
    assert "chưa bắt đầu" in row_of(page, idle)
    submission = Submission.objects.get(reporting_unit=on_time)
    assert reverse("reporting:review", args=[submission.pk]) in row_of(page, on_time)
    assert "chờ duyệt: 2" in page and "chưa bắt đầu: 1" in page
    assert "trả lại:" not in page and "đã duyệt:" not in page, "a status no unit is in gets no badge"


def test_a_report_is_late_from_midnight_after_the_due_date_in_local_time(client_for, staff_user, period):
    """Vietnam is UTC+7: 23:30 on the due date is still on time (16:30 UTC), 00:10 the next day
    is late (17:10 UTC, the due date in UTC)."""
    def sent_at(unit, hour, minute, days_after=0):
        moment = timezone.make_aware(datetime.datetime.combine(
            period.due_date + datetime.timedelta(days=days_after), datetime.time(hour, minute)))
        Submission.objects.filter(reporting_unit=unit).update(first_submitted_at=moment, submitted_at=moment)

    last_minute = make_unit_with_report(period, "submitted")
    just_after = make_unit_with_report(period, "submitted")
    sent_at(last_minute, 23, 30)
    sent_at(just_after, 0, 10, days_after=1)
    page = board(client_for(staff_user), period)
    assert "gửi đúng hạn" in row_of(page, last_minute)
    assert "gửi trễ hạn" in row_of(page, just_after)


def test_only_the_units_the_plan_lists_are_expected(client_for, staff_user, period):
    listed, unlisted = ReportingUnitFactory(), ReportingUnitFactory()
    period.plan.reporting_units.add(listed)
    page = board(client_for(staff_user), period)
    assert f'data-unit="{listed.code}"' in page and f'data-unit="{unlisted.code}"' not in page


def test_leaders_read_the_board_without_review_links(client_for, leader_user, period):
    unit = make_unit_with_report(period, "submitted")
    page = board(client_for(leader_user), period)
    submission = Submission.objects.get(reporting_unit=unit)
    assert reverse("reporting:review", args=[submission.pk]) not in page
    assert reverse("reporting:submission_detail", args=[submission.pk]) in page


def test_without_a_period_in_the_address_the_board_opens_on_the_next_deadline(
    client_for, staff_user, period, monkeypatch
):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: datetime.date(2018, 7, 1))
    page = client_for(staff_user).get(reverse("reporting:overview")).content.decode()
    assert 'id="period-board" data-period="2018-FY"' in page
    assert all(code in page for code in ("2016-H1", "2020-FY"))


def test_an_unknown_period_is_not_found(client_for, staff_user, period):
    assert client_for(staff_user).get(reverse("reporting:overview_period", args=["1999-H1"])).status_code == 404


def test_unit_members_may_not_see_the_board(client_for, unit_user, period):
    assert client_for(unit_user).get(reverse("reporting:overview")).status_code == 403


def test_the_anonymous_visitor_is_sent_to_the_login_page(client, period):
    response = client.get(reverse("reporting:overview"))
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_number_of_queries_does_not_grow_with_units_and_reports(
    client_for, staff_user, period, django_assert_num_queries
):
    """8 for the board; with reports waiting, 6 more for staff to see which can be approved together
    (reporting.approval: the indicators and institutions owed, the waiting reports' figures, last
    year's period and its figures, the year's targets)."""
    client = client_for(staff_user)
    make_unit_with_report(period, "submitted")
    with django_assert_num_queries(14):
        board(client, period)
    for status in ("submitted", "draft", None, "submitted", "draft", None):
        make_unit_with_report(period, status)
    for other in Period.objects.exclude(pk=period.pk)[:3]:
        make_unit_with_report(other, "submitted")
    with django_assert_num_queries(14):
        board(client, period)
