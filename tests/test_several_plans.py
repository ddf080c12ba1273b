"""Several plans side by side: each plan its own periods (codes unique per plan, keys unique across
plans, Plan 1133's keys its codes), the ad hoc form held to one plan, and pages that pick a plan
by default picking the one the object has figures in."""
import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from reporting.models import Period, PeriodKind, Submission
from reporting.periods import ad_hoc_problems, previous_like_period
from reporting.selectors import plan_with_data

from .factories import IndicatorFactory, PlanFactory, make_period, make_submission, make_target
from .report_world import build_report_world
from .test_report_excel_support import indicators, museum, period, setup  # noqa: F401 (fixtures)
from .test_report_excel_support import filled, run, to_bytes, workbook

pytestmark = pytest.mark.django_db


def create_periods(*args):
    out = io.StringIO()
    call_command("create_periods", *args, stdout=out)
    return out.getvalue()


def overlapping_plan(**fields):
    """A second plan whose years (2018–2022) overlap the first one's (2016–2020)."""
    return PlanFactory(**{"code": "kh-2018", "number": "5/KH-UBND", "start_year": 2018, "end_year": 2022, **fields})


def test_two_overlapping_plans_each_get_their_periods_and_the_command_says_which_keys_carry_the_plan():
    first = PlanFactory()
    second = overlapping_plan()
    out = create_periods()
    assert Period.objects.filter(plan=first).count() == 10 and Period.objects.filter(plan=second).count() == 10
    assert "99/KH-UBND (2016–2020): 10 kỳ định kỳ, tạo mới 10." in out
    assert "5/KH-UBND (2018–2022): 10 kỳ định kỳ, tạo mới 10." in out
    # The first plan's periods keep their codes as keys; the second's shared codes carry its code.
    assert Period.objects.get(plan=first, code="2019-H1").slug == "2019-H1"
    assert Period.objects.get(plan=second, code="2019-H1").slug == "kh-2018-2019-H1"
    assert Period.objects.get(plan=second, code="2021-H1").slug == "2021-H1"
    assert "kỳ 2019-H1 trùng mã với kỳ của kế hoạch khác" in out and "mã định danh kh-2018-2019-H1" in out
    assert "kỳ 2021-H1 trùng mã" not in out
    again = create_periods()
    assert "tạo mới 0" in again and "bỏ qua 10 kỳ kế hoạch này đã có (giữ nguyên, không tạo trùng)" in again
    assert Period.objects.count() == 20


def test_old_urls_keep_their_period_and_the_second_plans_period_has_its_own(client_for, staff_user, leader_user):
    first = PlanFactory()
    second = overlapping_plan()
    create_periods()
    staff = client_for(staff_user)
    old = staff.get("/reporting/overview/2019-H1/")
    assert old.status_code == 200 and old.context["current"].period.plan == first
    new = staff.get(reverse("reporting:overview_period", args=["kh-2018-2019-H1"]))
    assert new.status_code == 200 and new.context["current"].period.plan == second
    assert "2019-H1 (5/KH-UBND)" in new.content.decode()
    # The period list names the plan beside the shared code, and links each period by its key.
    listing = staff.get(reverse("reporting:period_list")).content.decode()
    assert "2019-H1 (5/KH-UBND)" in listing
    assert reverse("reporting:period_close", args=["kh-2018-2019-H1"]) in listing
    assert reverse("reporting:period_close", args=["2019-H1"]) in listing
    leader = client_for(leader_user)
    report = leader.get(reverse("reports:period", args=["kh-2018-2019-H1"]))
    assert report.status_code == 200 and "Kế hoạch 5/KH-UBND" in report.content.decode()
    assert "Kế hoạch 99/KH-UBND" in leader.get("/reports/period/2019-H1/").content.decode()


def test_the_previous_period_is_of_the_same_plan_when_it_has_one():
    first, second = PlanFactory(), overlapping_plan()
    create_periods()
    own = Period.objects.get(plan=second, code="2020-FY")
    assert previous_like_period(own) == Period.objects.get(plan=second, code="2019-FY")
    # The first year of the second plan falls back to the first plan's period of the year before.
    start = Period.objects.get(plan=second, code="2018-FY")
    assert previous_like_period(start) == Period.objects.get(plan=first, code="2017-FY")


def second_plan_like(plan, **fields):
    """A plan overlapping ``plan`` that asks for the same indicators (its 2017-H1 shares the code)."""
    other = PlanFactory(**{"code": "kh-2017", "number": "7/KH-UBND", "start_year": 2017, "end_year": 2018, **fields})
    for target in plan.targets.all():
        make_target(other, target.indicator, target.key, scope_mode=target.scope_mode, scope_kind=target.scope_kind,
                    scope_levels=target.scope_levels)
    return other


def test_workbooks_name_the_period_by_its_key_and_import_into_that_plans_period(setup, unit, unit_user):
    other = make_period(second_plan_like(setup.plan), 2017, "half_year")
    assert (setup.slug, other.slug) == ("2017-H1", "kh-2017-2017-H1")
    # A workbook of the older plan's period (period_code 2017-H1, as before) imports into it...
    assert run(to_bytes(filled(setup, unit)), user=unit_user).ok
    # ... and one of the second plan's 2017-H1 into the second plan's, from its key.
    result = run(to_bytes(filled(other, unit, LIB_VISITS__TV_105=77)), user=unit_user)
    assert result.ok, result.messages
    assert result.period == other
    assert set(Submission.objects.values_list("period__plan__code", flat=True)) == {setup.plan.code, "kh-2017"}
    refused = run(to_bytes(workbook(other, unit)), user=unit_user, period=setup, unit=unit)
    assert not refused.ok and "kh-2017-2017-H1" in " ".join(refused.messages)


@pytest.fixture
def two_plans(period, visits):
    """``period``'s plan (2016–2020, asks for LIB_VISITS) and a 2021–2030 plan that asks only for MUS_VISITS."""
    museums = IndicatorFactory(code="MUS_VISITS", applies_kind="museum")
    later = PlanFactory(code="kh-2030", number="15/KH-UBND", start_year=2021, end_year=2030)
    make_target(later, museums, "mus-visits", year=2025)
    return period.plan, later, visits, museums


def test_the_ad_hoc_form_offers_the_chosen_plans_indicators(client_for, staff_user, two_plans):
    older, later, visits, museums = two_plans
    client = client_for(staff_user)
    page = client.get(reverse("reporting:period_create") + "?plan=kh-2030").content.decode()
    assert "MUS_VISITS" in page and "LIB_VISITS" not in page
    page = client.get(reverse("reporting:period_create") + "?plan=kh-thu").content.decode()
    assert "LIB_VISITS" in page and "MUS_VISITS" not in page


def test_the_ad_hoc_form_refuses_another_plans_indicator_and_days_outside_the_plan_keeping_what_was_typed(
    client_for, staff_user, two_plans,
):
    older, later, visits, museums = two_plans
    response = client_for(staff_user).post(reverse("reporting:period_create"), {
        "plan": older.pk, "title": "Báo cáo nhanh bảo tàng", "cutoff_start": "2021-01-01",
        "cutoff_end": "2021-03-31", "due_date": "2021-04-10", "indicators": [museums.pk],
    })
    assert response.status_code == 200
    form = response.context["form"]
    assert "không thuộc kế hoạch 99/KH-UBND" in form.errors["indicators"][0]
    assert "nằm ngoài các năm của kế hoạch 99/KH-UBND" in form.errors["cutoff_start"][0]
    assert "từ 15/12/2015 đến 31/12/2020" in form.errors["cutoff_end"][0]
    page = response.content.decode()
    assert 'value="Báo cáo nhanh bảo tàng"' in page and 'value="2021-03-31"' in page
    assert f'value="{museums.pk}"' in page and "checked" in page  # the refused tick stays, to untick
    assert not Period.objects.filter(kind=PeriodKind.AD_HOC).exists()
    # With the right plan, the same entries make the period.
    response = client_for(staff_user).post(reverse("reporting:period_create"), {
        "plan": later.pk, "title": "Báo cáo nhanh bảo tàng", "cutoff_start": "2021-01-01",
        "cutoff_end": "2021-03-31", "due_date": "2021-04-10", "indicators": [museums.pk],
    })
    assert response.status_code == 302
    assert Period.objects.get(kind=PeriodKind.AD_HOC).plan == later


def test_the_ad_hoc_rule_is_the_services_too(two_plans):
    older, later, visits, museums = two_plans
    problems = ad_hoc_problems(plan=later, cutoff_start=datetime.date(2020, 12, 15),
                               cutoff_end=datetime.date(2031, 1, 1), indicators=[visits])
    assert set(problems) == {"indicators", "cutoff_end"}  # 15/12/2020 counts for 2021, the plan's first year
    assert not ad_hoc_problems(plan=later, cutoff_start=datetime.date(2030, 1, 1),
                               cutoff_end=datetime.date(2030, 12, 31), indicators=[museums])


def test_an_institutions_page_shows_the_plan_its_figures_are_in_after_a_later_plan_is_loaded(
    client_for, leader_user,
):
    world = build_report_world()
    later = PlanFactory(code="kh-2030", number="15/KH-UBND", start_year=2021, end_year=2030)
    fy2026 = make_period(later, 2026, "annual")
    # The later plan has approved figures in 2026, only from unit 105: the dashboard's year is 2026.
    make_submission(fy2026, world.units.u105, {(world.indicators.visits, world.institutions.lib_105): 100})
    client = client_for(leader_user)
    response = client.get(reverse("reports:dashboard_institution", args=["TV-106"]))
    html = response.content.decode()
    assert response.context["plan"] == world.plan
    assert f"Kế hoạch {world.plan.number}" in html and "7.000" in html and "7.500" in html
    assert "Chưa có số liệu đã duyệt" not in html
    # The library of 105 has figures in both: the dashboard's plan (the later one) is shown, and
    # the older one is a click away.
    assert client.get(reverse("reports:dashboard_institution", args=["TV-105"])).context["plan"] == later
    asked = client.get(reverse("reports:dashboard_institution", args=["TV-106"]) + "?plan=kh-2030")
    assert "Chưa có số liệu đã duyệt" in asked.content.decode()


def test_the_default_plan_is_the_one_with_figures(client_for, leader_user):
    world = build_report_world()
    later = PlanFactory(code="kh-2030", number="15/KH-UBND", start_year=2021, end_year=2030)
    assert plan_with_data() == world.plan
    assert plan_with_data(preferred=later, institution=world.institutions.lib_106) == world.plan
    assert client_for(leader_user).get(reverse("reports:plan_progress")).context["plan"] == world.plan
    Submission.objects.all().delete()
    assert plan_with_data() == later  # no figures anywhere: the plan that starts last


@pytest.mark.django_db(transaction=True)
def test_the_migration_keys_every_existing_period_by_its_code():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("reporting", "0009_submission_document")], [("reporting", "0010_hperiods_slug_code_per_plan")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_apps = executor.loader.project_state(before).apps
    # The plans' table stays as it is now (only reporting went back): today's model writes it.
    plan = PlanFactory(code="laichau-1133-2015", number="1133/KH-UBND")
    old_apps.get_model("reporting", "Period").objects.create(
        plan_id=plan.pk, code="2019-H1", kind="half_year", year=2019, title="Báo cáo 6 tháng đầu năm 2019",
        cutoff_start=datetime.date(2018, 12, 15), cutoff_end=datetime.date(2019, 6, 14),
        due_date=datetime.date(2019, 6, 20),
    )
    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor.loader.build_graph()
    assert Period.objects.get(code="2019-H1").slug == "2019-H1"


def test_the_reports_list_groups_the_periods_plan_by_plan(client_for, leader_user):
    PlanFactory()
    overlapping_plan()
    create_periods()
    html = client_for(leader_user).get(reverse("reports:index")).content.decode()
    later, earlier = html.index("Kế hoạch 5/KH-UBND (2018–2022)"), html.index("Kế hoạch 99/KH-UBND (2016–2020)")
    assert later < earlier  # the plan that began last first
    assert earlier < html.index('href="/reports/period/2019-H1/"')
    assert later < html.index('href="/reports/period/kh-2018-2019-H1/"') < earlier
