"""A unit's home page: open periods with deadlines and cut-off, the state of each report, days
left or late, earlier reports; starting a report."""
import datetime

import pytest
from django.urls import reverse

from reporting.models import Period, Submission
from reporting.periods import period_close, period_create_ad_hoc
from reporting.services import submission_approve, submission_get_or_create

from .factories import (
    IndicatorFactory,
    ReportingUnitFactory,
    fill_report,
    make_target,
)

pytestmark = pytest.mark.django_db
HOME = "/reporting/"


@pytest.fixture
def plan(period):
    return period.plan


def period(code):
    return Period.objects.get(code=code)


def freeze_today(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def test_the_url_is_named(plan):
    assert reverse("reporting:unit_home") == HOME


def test_the_home_page_lists_open_periods_with_due_date_cutoff_and_days_left(
    client_for, unit_user, plan, monkeypatch
):
    freeze_today(monkeypatch, datetime.date(2017, 6, 10))
    page = client_for(unit_user).get(HOME).content.decode()
    card = page.split('data-period="2017-H1"')[1].split('class="col-12')[0]
    assert "20/06/2017" in card and "15/12/2016" in card and "14/06/2017" in card
    assert "còn 10 ngày" in card and "chưa bắt đầu" in card
    assert reverse("reporting:submission_start", args=["2017-H1"]) in card


def test_a_late_period_says_by_how_many_days(client_for, unit_user, plan, monkeypatch):
    freeze_today(monkeypatch, datetime.date(2017, 6, 23))
    card = client_for(unit_user).get(HOME).content.decode().split('data-period="2017-H1"')[1]
    assert "trễ 3 ngày" in card.split('class="col-12')[0]


def test_the_status_of_each_report_is_shown(client_for, unit_user, plan, unit, own_institution):
    submission = submission_get_or_create(period=period("2017-H1"), unit=unit, user=unit_user)
    fill_report(submission, unit_user, submit=True)
    page = client_for(unit_user).get(HOME).content.decode()
    card = page.split('data-period="2017-H1"')[1].split('class="col-12')[0]
    assert "đã gửi" in card and reverse("reporting:submission_detail", args=[submission.pk]) in card


def test_approved_reports_and_closed_periods_are_listed_as_earlier_reports(
    client_for, unit_user, staff_user, plan, unit, own_institution
):
    submission = submission_get_or_create(period=period("2016-H1"), unit=unit, user=unit_user)
    fill_report(submission, unit_user, submit=True)
    submission_approve(submission=submission, user=staff_user)
    period_close(period=period("2016-FY"), user=staff_user)
    page = client_for(unit_user).get(HOME).content.decode()
    current, earlier = page.split('id="earlier-reports"')
    assert 'data-period="2016-H1"' not in current and "2016-H1" in earlier and "đã duyệt" in earlier
    assert 'data-period="2016-FY"' not in current and "2016-FY" in earlier and "đã khóa" in earlier


def test_starting_a_report_creates_it_once_and_opens_the_form(client_for, unit_user, plan, unit):
    client = client_for(unit_user)
    start = reverse("reporting:submission_start", args=["2017-H1"])
    first = client.post(start)
    second = client.post(start)
    submission = Submission.objects.get(period__code="2017-H1", reporting_unit=unit)
    assert first.url == second.url == reverse("reporting:submission_edit", args=[submission.pk])


def test_no_report_can_be_started_in_a_closed_period(client_for, unit_user, staff_user, plan):
    period_close(period=period("2017-H1"), user=staff_user)
    client_for(unit_user).post(reverse("reporting:submission_start", args=["2017-H1"]))
    assert not Submission.objects.exists()


def test_an_ad_hoc_period_is_only_for_units_that_owe_one_of_its_figures(
    client_for, unit_user, staff_user, plan, own_institution, other_unit_user
):
    visits = plan.targets.get().indicator
    museum = IndicatorFactory(code="MUS_VISITS", applies_kind="museum", applies_levels=["province"])
    make_target(plan, museum, "mus-visits")  # an ad hoc period asks only for its plan's indicators
    period_create_ad_hoc(plan=plan, title="Báo cáo nhanh lượt khách bảo tàng", due_date=datetime.date(2017, 9, 1),
                         cutoff_start=datetime.date(2017, 1, 1), cutoff_end=datetime.date(2017, 8, 15),
                         indicators=[museum])
    ad_hoc = period_create_ad_hoc(plan=plan, title="Báo cáo nhanh lượt bạn đọc", due_date=datetime.date(2017, 9, 1),
                                  cutoff_start=datetime.date(2017, 1, 1), cutoff_end=datetime.date(2017, 8, 15),
                                  indicators=[visits])
    page = client_for(unit_user).get(HOME).content.decode()
    assert f'data-period="{ad_hoc.code}"' in page and "2017-AH01" not in page
    response = client_for(other_unit_user).post(reverse("reporting:submission_start", args=[ad_hoc.code]))
    assert response.status_code == 404


@pytest.mark.parametrize("who", ["staff_user", "leader_user"])
def test_staff_and_leaders_are_sent_to_the_departments_board(request, client_for, who):
    response = client_for(request.getfixturevalue(who)).get(HOME)
    assert response.status_code == 302 and response.url == reverse("reporting:overview")


@pytest.mark.parametrize("who", ["staff_user", "leader_user"])
def test_staff_and_leaders_cannot_start_a_units_report(request, client_for, who, plan):
    response = client_for(request.getfixturevalue(who)).post(reverse("reporting:submission_start", args=["2017-H1"]))
    assert response.status_code == 403


def test_the_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(HOME)
    assert response.status_code == 302 and reverse("login") in response.url


def test_the_number_of_queries_does_not_grow_with_reports_and_units(
    client_for, unit_user, staff_user, plan, unit, own_institution, django_assert_num_queries
):
    client = client_for(unit_user)
    with django_assert_num_queries(8):
        assert client.get(HOME).status_code == 200
    for code in ("2016-H1", "2016-FY", "2017-H1", "2018-H1"):
        submission = submission_get_or_create(period=period(code), unit=unit, user=unit_user)
        fill_report(submission, unit_user, submit=True)
    for n in range(10):
        ReportingUnitFactory()
    with django_assert_num_queries(8):
        assert client.get(HOME).status_code == 200


def test_a_returned_report_leads_the_page_with_the_departments_words(
    client_for, unit_user, staff_user, plan, unit, own_institution, django_assert_num_queries
):
    from reporting.selectors import expected_cells
    from reporting.services import submission_return

    reports = {}
    for code in ("2016-H1", "2017-H1"):
        reports[code] = submission_get_or_create(period=period(code), unit=unit, user=unit_user)
        fill_report(reports[code], unit_user, submit=True)
    cell = expected_cells(reports["2017-H1"].period, unit)[0]
    submission_return(submission=reports["2017-H1"], user=staff_user, comment="Đầu tiên: sai đơn vị tính.")
    fill_report(reports["2017-H1"], unit_user, submit=True)  # sent again: that round is answered
    submission_return(submission=reports["2017-H1"], user=staff_user, comment="Bổ sung giải trình lượt bạn đọc.",
                      value_comments={cell.key: "Số này cao bất thường."})
    client = client_for(unit_user)
    with django_assert_num_queries(9):
        page = client.get(HOME).content.decode()
    # Today both periods are past due: their cards are among the overdue ones.
    cards = page.split('id="overdue-periods"')[1].split('id="earlier-reports"')[0]
    assert cards.index('data-period="2017-H1"') < cards.index('data-period="2016-FY"')  # returned first
    card = cards.split('data-period="2017-H1"')[1].split('class="col-12')[0]
    assert "Nhận xét của Sở:" in card and "Bổ sung giải trình lượt bạn đọc." in card
    assert "Đầu tiên" not in card and "Sở nhận xét 1 số liệu" in card
    assert "Sửa theo nhận xét" in card
    submission_return(submission=reports["2016-H1"], user=staff_user, comment="Thiếu số liệu.")
    with django_assert_num_queries(9):
        assert "Thiếu số liệu." in client.get(HOME).content.decode()


def test_a_period_whose_days_have_not_begun_is_not_offered_and_cannot_be_started(
    client_for, unit_user, plan, unit, own_institution
):
    from reporting.services import SubmissionError, submission_save

    ahead = period("2018-FY")
    ahead.cutoff_start = datetime.date.today() + datetime.timedelta(days=400)
    ahead.cutoff_end = ahead.cutoff_start + datetime.timedelta(days=330)
    ahead.due_date = ahead.cutoff_end + datetime.timedelta(days=15)
    ahead.save()
    client = client_for(unit_user)
    page = client.get(HOME).content.decode()
    assert 'data-period="2018-FY"' not in page and 'data-period="2017-FY"' in page
    response = client.post(reverse("reporting:submission_start", args=["2018-FY"]), follow=True)
    assert "Kỳ báo cáo 2018-FY chưa bắt đầu" in response.content.decode()
    assert not Submission.objects.filter(period=ahead).exists()
    with pytest.raises(SubmissionError, match="chưa bắt đầu"):
        submission_save(user=unit_user, period=ahead, unit=unit, values={})
