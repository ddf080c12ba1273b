"""create_periods (after load_plan) and the demo reports of seed_demo --with-reports."""
import datetime
import io

import pytest
from django.core.management import CommandError, call_command

from institutions.models import ReportingUnitKind, Role
from demo.submissions import figure, seed_reports
from reporting.models import Period, Submission, SubmissionEvent, SubmissionStatus, SubmissionValue
from reporting.selectors import expected_cells

from .factories import (
    IndicatorFactory,
    InstitutionFactory,
    PlanFactory,
    ReportingUnitFactory,
    TaskFactory,
    make_responsible,
    make_user,
    plan_with_indicators,
)

pytestmark = pytest.mark.django_db


def run(*args):
    out = io.StringIO()
    call_command("create_periods", *args, stdout=out)
    return out.getvalue()


def test_create_periods_makes_each_plan_years_periods_once():
    PlanFactory()
    first = run()
    assert "10 kỳ định kỳ, tạo mới 10" in first
    assert "tạo mới 0" in run()
    assert Period.objects.count() == 10
    fy = Period.objects.get(code="2016-FY")
    assert (fy.cutoff_start, fy.cutoff_end, fy.due_date) == (
        datetime.date(2015, 12, 15), datetime.date(2016, 11, 14), datetime.date(2016, 11, 30)
    )


def test_create_periods_for_one_plan_and_an_unknown_one():
    PlanFactory()
    PlanFactory(code="kh-2021", start_year=2021, end_year=2025, number="1/KH")
    run("--plan", "kh-2021")
    assert set(Period.objects.values_list("year", flat=True)) == {2021, 2022, 2023, 2024, 2025}
    with pytest.raises(CommandError, match="load_plan"):
        run("--plan", "khong-co")


def test_create_periods_without_a_plan_says_what_to_do():
    assert "load_plan" in run()


@pytest.fixture
def demo_world(staff_user):
    visits = IndicatorFactory(code="LIB_VISITS")
    internet = IndicatorFactory(code="LIB_INTERNET", value_type="boolean", frequency="yearly")
    clubs = IndicatorFactory(code="CLUBS", applies_to="reporting_unit", applies_kind="", applies_levels=[],
                             applies_unit_kinds=["district"], frequency="yearly", running_count=False)
    plan = plan_with_indicators(visits, internet, clubs)
    districts = [ReportingUnitFactory(code=str(code)) for code in (105, 106)]
    for unit in districts:
        InstitutionFactory(reporting_unit=unit, code=f"TV-{unit.code}", has_internet=unit.code == "105")
    department = ReportingUnitFactory(code="TVT", kind=ReportingUnitKind.DEPARTMENT_UNIT)
    plan.reporting_units.set([*districts, department])
    task = TaskFactory(plan=plan, code="II.1.2")
    make_responsible(task, districts[0], "support")
    make_user(Role.UNIT, unit=districts[0], username="donvi105")
    return plan, districts, department


def test_demo_reports_are_approved_for_every_district_and_past_period_but_the_latest(demo_world):
    plan, districts, department = demo_world
    out = io.StringIO()
    seed_reports(out, today=datetime.date(2018, 7, 1))
    earlier = {"2016-H1", "2016-FY", "2017-H1", "2017-FY"}
    approved = set(Submission.objects.filter(status=SubmissionStatus.APPROVED)
                   .values_list("period__code", "reporting_unit__code"))
    assert approved == {(code, unit.code) for code in earlier for unit in [*districts, department]}
    assert "tạo mới 14" in out.getvalue()


def test_the_demo_leaves_work_in_the_latest_period_for_the_department_and_for_units(demo_world):
    out = io.StringIO()
    seed_reports(out, today=datetime.date(2018, 7, 1))
    latest = dict(Submission.objects.filter(period__code="2018-H1").values_list("reporting_unit__code", "status"))
    # the department reviews the library's report; 106 corrects the returned one; 105 has not started
    assert latest == {"TVT": SubmissionStatus.SUBMITTED, "106": SubmissionStatus.RETURNED}
    returned = Submission.objects.get(period__code="2018-H1", reporting_unit__code="106")
    assert returned.approved_at is None and returned.first_submitted_at.date() <= returned.period.due_date
    assert "rà soát lại" in returned.comments.get().text
    assert "chưa lập báo cáo" in out.getvalue() and "chờ Sở duyệt" in out.getvalue()


def test_demo_reports_have_a_history_words_and_dates_before_the_due_date(demo_world):
    seed_reports(io.StringIO(), today=datetime.date(2018, 7, 1))
    report = Submission.objects.get(period__code="2017-FY", reporting_unit__code="105")
    actions = set(report.events.values_list("action", flat=True))
    assert {"created", "value", "text", "submitted", "approved"} <= actions
    assert report.events.get(action=SubmissionEvent.Action.SUBMITTED).user.username == "donvi105"
    assert report.events.get(action=SubmissionEvent.Action.APPROVED).user.username == "canbo"
    assert report.texts.filter(task__code="II.1.2").exists() and report.texts.count() == 3
    assert report.first_submitted_at.date() < report.period.due_date
    assert report.approved_at > report.first_submitted_at
    assert report.values.count() == len(expected_cells(report.period, report.reporting_unit))


def test_demo_figures_are_plausible_and_an_annual_count_is_not_below_the_six_month_one(demo_world):
    seed_reports(io.StringIO(), today=datetime.date(2018, 7, 1))
    values = dict(
        SubmissionValue.objects.filter(submission__reporting_unit__code="105", submission__period__year=2017,
                                       indicator__code="LIB_VISITS")
        .values_list("submission__period__kind", "value")
    )
    assert 600 <= values["half_year"] <= 1300
    assert values["annual"] >= values["half_year"]
    internet = Submission.objects.get(period__code="2017-FY", reporting_unit__code="105").values.get(
        indicator__code="LIB_INTERNET")
    assert internet.value == 1


def test_demo_figures_are_deterministic(demo_world):
    seed_reports(io.StringIO(), today=datetime.date(2016, 1, 1))
    period = Period.objects.get(code="2017-FY")
    unit = demo_world[1][0]
    cells = expected_cells(period, unit)
    assert [figure(period, unit, cell) for cell in cells] == [figure(period, unit, cell) for cell in cells]


def test_seeding_twice_creates_nothing_new(demo_world):
    seed_reports(io.StringIO(), today=datetime.date(2018, 7, 1))
    events = SubmissionEvent.objects.count()
    out = io.StringIO()
    seed_reports(out, today=datetime.date(2018, 7, 1))
    assert "tạo mới 0, giữ nguyên 14" in out.getvalue()
    assert SubmissionEvent.objects.count() == events


def test_seeding_without_a_plan_says_so():
    out = io.StringIO()
    seed_reports(out)
    assert "load_plan" in out.getvalue() and not Period.objects.exists()


def test_the_provincial_library_gets_figures_on_its_own_scale(demo_world):
    from targets.models import Indicator

    from .factories import InstitutionFactory

    plan, districts, department = demo_world
    Indicator.objects.filter(code="LIB_VISITS").update(applies_levels=["province", "district"])
    InstitutionFactory(reporting_unit=department, code="TV-T", level="province")
    seed_reports(io.StringIO(), today=datetime.date(2018, 7, 1))
    visits = SubmissionValue.objects.get(
        submission__period__code="2017-FY", institution__code="TV-T", indicator__code="LIB_VISITS"
    ).value
    assert 8000 <= visits <= 10500  # two half-years of 4,000–4,800, grown a little since 2016
