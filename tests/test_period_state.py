"""What a period is on a given day (reporting.periods.period_state) and where people see it: a unit's
home, the list of periods, the department's board, the report pages; a report cannot be started for
a period whose days have not begun, and a period past its due date still takes late reports."""
import datetime
import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import reset_queries
from django.urls import reverse

from demo.submissions import figure
from reporting.figures import check_figures
from reporting.models import Period, PeriodStatus, Submission
from reporting.periods import CLOSED, NOT_BEGUN, OPEN, OVERDUE, period_close, period_reopen, period_state
from reporting.selectors import expected_cells
from reporting.services import SubmissionError, start_refusal, submission_start

from .factories import fill_report

D = datetime.date
TODAY = D(2026, 12, 3)  # six years after the last year of Plan 1133 (2016–2020)
HOME = reverse("reporting:unit_home")


def freeze_today(monkeypatch, day):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)


def annual_2020(status=PeriodStatus.OPEN):
    """2020-FY as create_periods makes it: data from 15/12/2019 to 14/11/2020, due 30/11/2020."""
    return Period(code="2020-FY", year=2020, kind="annual", cutoff_start=D(2019, 12, 15),
                  cutoff_end=D(2020, 11, 14), due_date=D(2020, 11, 30), status=status)


@pytest.mark.parametrize("today, status, expected", [
    (D(2019, 12, 14), PeriodStatus.OPEN, NOT_BEGUN),   # the day before its data counts
    (D(2019, 12, 15), PeriodStatus.OPEN, OPEN),        # its first day
    (D(2020, 11, 30), PeriodStatus.OPEN, OPEN),        # the due date itself
    (D(2020, 12, 1), PeriodStatus.OPEN, OVERDUE),      # the day after: late, still taken
    (TODAY, PeriodStatus.OPEN, OVERDUE),               # six years on: never "đang mở"
    (D(2020, 6, 1), PeriodStatus.CLOSED, CLOSED),      # staff closed it
    (D(2019, 1, 1), PeriodStatus.CLOSED, CLOSED),      # closed before it began: closed
    (TODAY, PeriodStatus.CLOSED, CLOSED),
])
def test_what_a_period_is_on_a_day(today, status, expected):
    assert period_state(annual_2020(status), today) is expected


def test_only_an_open_or_overdue_period_takes_reports_and_each_state_has_its_own_words():
    assert [state.accepts_reports for state in (NOT_BEGUN, OPEN, OVERDUE, CLOSED)] == [False, True, True, False]
    assert [str(state.label) for state in (NOT_BEGUN, OPEN, OVERDUE, CLOSED)] == [
        "chưa đến kỳ", "đang mở", "quá hạn", "đã khóa"]
    assert str(OVERDUE.note) == "còn nhận báo cáo muộn"


@pytest.mark.django_db
def test_once_the_years_of_plan_1133_have_ended_none_of_its_periods_is_open(admin_units):
    call_command("load_plan", stdout=io.StringIO())
    call_command("create_periods", stdout=io.StringIO())
    periods = Period.objects.filter(plan__number__startswith="1133")
    assert periods.count() == 10
    assert {period_state(period, TODAY) for period in periods} == {OVERDUE}
    assert {period_state(period, D(2021, 1, 1)) for period in periods} == {OVERDUE}
    assert period_state(periods.get(code="2020-FY"), D(2020, 11, 30)) is OPEN


# --- pages -----------------------------------------------------------------------------------------

@pytest.fixture
def demo(admin_units, monkeypatch, settings):
    """The demo as `make demo` builds it today (2026-12-03): Plan 1133, its periods, the demo units
    and logins, and the demo reports (2020-FY left to do: 105 has not started it)."""
    settings.DEBUG = True
    freeze_today(monkeypatch, TODAY)
    for command in ("load_plan", "create_periods"):
        call_command(command, stdout=io.StringIO())
    call_command("seed_demo", "--with-reports", stdout=io.StringIO())


def unit_client(client, username):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username=username))
    return client


@pytest.mark.django_db
def test_a_district_in_2026_sees_the_2020_report_as_overdue_and_can_still_file_it(client, demo):
    client = unit_client(client, "donvi105")
    page = client.get(HOME).content.decode()
    assert "đang mở" not in page.lower()
    overdue = page.split('id="overdue-periods"')[1].split('id="earlier-reports"')[0]
    assert "Kỳ đã quá hạn, còn nhận báo cáo muộn" in overdue and 'data-period="2020-FY"' in overdue
    assert 'id="due-periods"' not in page  # nothing falls due now: no empty "open" heading
    start = reverse("reporting:submission_start", args=["2020-FY"])
    assert start in overdue and "Lập báo cáo" in overdue
    # Late, and taken: the clerk starts, fills in and sends the 2020 report.
    response = client.post(start)
    report = Submission.objects.get(period__code="2020-FY", reporting_unit__code="105")
    assert response.url == reverse("reporting:submission_edit", args=[report.pk])
    edit = client.get(response.url).content.decode()
    assert re.search(r'data-period-state="overdue">quá hạn</span> <span class="small text-muted">còn nhận báo cáo '
                     r'muộn</span>', edit)
    cells = expected_cells(report.period, report.reporting_unit)
    values = {cell.key: figure(report.period, report.reporting_unit, cell) for cell in cells}
    _, checked = check_figures(report, values, cells)
    fill_report(report, report.events.get().user, values=values, submit=True,
                explanations={key: "Số liệu năm 2020 gửi muộn." for key in checked.warnings})
    report.refresh_from_db()
    assert report.status == "submitted" and report.first_submitted_at.date() > report.period.due_date


@pytest.mark.django_db
def test_the_same_page_in_2020_before_the_due_date_lists_the_period_as_open(client, demo, monkeypatch):
    freeze_today(monkeypatch, D(2020, 11, 20))
    page = unit_client(client, "donvi105").get(HOME).content.decode()
    due = page.split('id="due-periods"')[1].split('id="earlier-reports"')[0]
    assert "Kỳ báo cáo đang mở" in due and 'data-period="2020-FY"' in due and "còn 10 ngày" in due
    assert 'id="overdue-periods"' not in page


@pytest.mark.django_db
def test_staff_see_each_period_as_it_is_today_on_the_list_and_the_board(client, demo, django_assert_num_queries):
    from django.contrib.auth import get_user_model

    staff = get_user_model().objects.get(username="canbo")
    period_close(period=Period.objects.get(code="2016-H1"), user=staff)
    client.force_login(staff)
    reset_queries()  # seeding the demo filled Django's log of queries, which the count reads
    with django_assert_num_queries(6):  # as many as before the states were shown: the rule reads no table
        listing = client.get(reverse("reporting:period_list")).content.decode()

    def badge(page, code, anchor):
        return re.search(r'data-period-state="(\w+)">([^<]+)<', page.split(anchor % code)[1]).groups()

    assert badge(listing, "2020-FY", 'id="period-%s"') == ("overdue", "quá hạn")
    assert badge(listing, "2016-H1", 'id="period-%s"') == ("closed", "đã khóa")
    assert "đang mở" not in listing and "còn nhận báo cáo muộn" in listing

    board = client.get(reverse("reporting:overview")).content.decode()
    assert badge(board, "2020-FY", "overview/%s/") == ("overdue", "quá hạn")
    assert badge(board, "2016-H1", "overview/%s/") == ("closed", "đã khóa")
    heading = board.split('id="period-board"')[1].split("</p>")[0]
    assert "2020-FY" in board.split('id="period-board"')[1].split("</h2>")[0]
    assert "quá hạn" in heading and "còn nhận báo cáo muộn" in heading and "đang mở" not in board


# --- starting a report -----------------------------------------------------------------------------

@pytest.fixture
def ahead(period):
    """An annual period whose data start in 2029: a 2030 period seen in 2026."""
    ahead = Period.objects.get(code="2020-FY")
    ahead.cutoff_start, ahead.cutoff_end, ahead.due_date = D(2029, 12, 15), D(2030, 11, 14), D(2030, 11, 30)
    ahead.save()
    return ahead


@pytest.mark.django_db
def test_the_service_refuses_to_start_a_report_whose_days_have_not_begun(ahead, unit, unit_user):
    with pytest.raises(SubmissionError) as refused:
        submission_start(period=ahead, unit=unit, user=unit_user, today=TODAY)
    assert refused.value.messages == [
        "Kỳ báo cáo 2020-FY chưa bắt đầu (số liệu tính từ ngày 15/12/2029); chưa lập báo cáo được."]
    assert not Submission.objects.exists()
    assert start_refusal(ahead, D(2029, 12, 15)) is None  # from its first day on


@pytest.mark.django_db
def test_the_service_refuses_a_closed_period_and_takes_an_overdue_one(period, unit, unit_user, staff_user):
    late = Period.objects.get(code="2017-FY")
    report = submission_start(period=late, unit=unit, user=unit_user, today=TODAY)
    assert report.period == late and report.status == "draft"
    period = period_close(period=period, user=staff_user)
    with pytest.raises(SubmissionError, match="đã khóa"):
        submission_start(period=period, unit=unit, user=unit_user, today=TODAY)
    assert list(Submission.objects.values_list("period__code", flat=True)) == ["2017-FY"]


@pytest.mark.django_db
def test_a_unit_is_not_offered_a_period_ahead_and_is_told_why_when_it_asks(
    client_for, ahead, unit, unit_user, own_institution, monkeypatch
):
    freeze_today(monkeypatch, TODAY)
    client = client_for(unit_user)
    page = client.get(HOME).content.decode()
    assert 'data-period="2020-FY"' not in page and 'data-period="2019-FY"' in page
    assert reverse("reporting:submission_start", args=["2020-FY"]) not in page
    response = client.post(reverse("reporting:submission_start", args=["2020-FY"]), follow=True)
    assert response.redirect_chain == [(HOME, 302)]
    assert "Kỳ báo cáo 2020-FY chưa bắt đầu (số liệu tính từ ngày 15/12/2029)" in response.content.decode()
    assert not Submission.objects.exists()


@pytest.mark.django_db
def test_reopening_a_period_that_is_not_closed_says_so_without_calling_it_open(period, staff_user):
    with pytest.raises(ValidationError) as refused:
        period_reopen(period=period, user=staff_user, reason="Bổ sung")
    assert refused.value.messages == ["Kỳ báo cáo này chưa khóa; không cần mở lại."]


@pytest.mark.django_db
def test_the_board_opens_on_a_period_units_can_report_for_not_on_one_not_begun():
    import datetime

    from reporting.progress import default_period, period_summaries

    from .factories import PlanFactory, make_period

    plan = PlanFactory(code="kh-2026", start_year=2026, end_year=2027)
    overdue = make_period(plan, 2026, "annual")  # due 30/11/2026, still taking late reports
    today = datetime.date(2026, 12, 5)  # 2027-H1 is open, due later, but its days begin on 15/12/2026
    assert default_period(period_summaries(today=today), today) == overdue
    later = datetime.date(2026, 12, 20)  # now 2027-H1 has begun: the next deadline
    assert default_period(period_summaries(today=later), later).code == "2027-H1"
