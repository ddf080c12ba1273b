"""The department's home page leads with what waits for it: reports to review, late units, deadlines."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from reporting.progress import waiting_for_department

from .factories import fill_report, make_period, plan_with_indicators

pytestmark = pytest.mark.django_db


def test_a_sent_report_and_a_late_unit_wait_for_the_department(submission, unit_user, other_unit, client_for,
                                                                staff_user):
    fill_report(submission, unit_user, submit=True)
    today = submission.period.due_date + datetime.timedelta(days=3)
    item, = [item for item in waiting_for_department(today=today) if item.period == submission.period]
    assert (item.period, item.to_review, item.late, item.due_in) == (submission.period, 1, 1, None)
    assert (item.sent, item.expected) == (1, 2)  # 106 has not sent: late


def test_the_home_page_shows_what_waits_with_a_link_to_the_board(submission, unit_user, client_for, staff_user):
    fill_report(submission, unit_user, submit=True)
    html = client_for(staff_user).get(reverse("home")).content.decode()
    assert "Việc đang chờ Sở" in html
    assert "1 báo cáo chờ duyệt" in html
    assert reverse("reporting:overview_period", args=[submission.period.code]) in html


def test_a_deadline_within_two_weeks_comes_first_with_the_days_left(visits, unit, staff_user):
    plan = plan_with_indicators(visits)
    soon = make_period(plan, 2017, "annual")
    soon.due_date = timezone.localdate() + datetime.timedelta(days=5)
    soon.save()
    first = waiting_for_department()[0]
    assert (first.period, first.due_in) == (soon, 5)


def test_a_unit_member_and_a_leader_do_not_get_the_departments_list(client_for, unit_user, leader_user, submission):
    for user in (unit_user, leader_user):
        assert "Việc đang chờ Sở" not in client_for(user).get(reverse("home")).content.decode()


def test_nothing_waiting_says_so(client_for, staff_user):
    html = client_for(staff_user).get(reverse("home")).content.decode()
    assert "Không có báo cáo chờ duyệt, đơn vị quá hạn hay kỳ sắp đến hạn." in html


def test_the_home_page_reads_what_waits_in_the_same_queries_whatever_the_number_of_reports(
    submission, unit_user, client_for, staff_user, django_assert_num_queries
):
    client = client_for(staff_user)
    client.get(reverse("home"))
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("home"))
    fill_report(submission, unit_user, submit=True)
    with django_assert_num_queries(HOME_QUERIES):
        client.get(reverse("home"))


HOME_QUERIES = 7


def test_in_english_the_list_reads_in_english(submission, unit_user, client_for, staff_user):
    fill_report(submission, unit_user, submit=True)
    client = client_for(staff_user)
    with translation.override("vi"):  # the request activates English in this thread: put Vietnamese back
        client.post(reverse("set_language"), {"language": "en", "next": "/"})
        html = client.get(reverse("home")).content.decode()
    assert "Waiting for the department" in html and "1 report to review" in html
