"""The leaders' dashboard follows one indicator across plans: 2016–2020 and 2021–2030 share its
code, and the line runs through both, over each year's target band."""
import re

import pytest
from django.urls import reverse

from reports.trend import dashboard_trend, indicator_trend

from .factories import PlanFactory, make_period, make_submission, make_target
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


def second_plan(world):
    """A 2021–2030 plan that sets the provincial library's visits again (the indicator shared with
    Plan 1133), with its 2025 and 2026 annual reports approved."""
    plan = PlanFactory(code="kh-2030", number="KH 2021–2030", start_year=2021, end_year=2030)
    plan.reporting_units.set([world.units.tvt])
    library, visits = world.institutions.lib_t, world.indicators.visits
    for year, low, high, figure in ((2025, 9000, 10000, 9400), (2026, 9500, 11000, 12000)):
        make_target(plan, visits, "visits-tinh", year=year, scope_mode="institution", institution=library,
                    low=low, high=high)
        make_submission(make_period(plan, year, "annual"), world.units.tvt, {(visits, library): figure})
    return plan


@pytest.fixture
def world():
    world = build_report_world()
    world.plan2 = second_plan(world)
    return world


def test_the_trend_runs_through_both_plans_with_each_years_target(world):
    trend = indicator_trend(world.indicators.visits, include_submitted=True)
    assert [p["number"] for p in trend.plans] == ["1133/KH-UBND", "KH 2021–2030"]
    assert trend.years == list(range(2016, 2031))
    points = {(p.plan, p.year): (p.actual, p.low, p.high) for p in trend.points if p.actual is not None}
    assert points[("1133/KH-UBND", 2017)] == (8500, 8000, 9000)  # the report's own figure and target
    assert points[("KH 2021–2030", 2025)] == (9400, 9000, 10000)
    assert points[("KH 2021–2030", 2026)] == (12000, 9500, 11000)


def test_the_chart_draws_a_line_a_plan_over_the_target_bands(world):
    context = dashboard_trend("VISITS", include_submitted=True)
    svg = context["trend_chart"]
    assert svg.count("<polyline") == 1  # 2025–2026 joined; 2017 alone in its plan (2016 has no target)
    marks = re.findall(r'<g data-plan="([^"]+)" data-year="(\d+)" data-status="(\w+)"><title>([^<]+)</title>', svg)
    by_year = {int(year): (plan, status, title) for plan, year, status, title in marks}
    assert by_year[2026] == ("KH 2021–2030", "above", "2026 (KH 2021–2030): 12.000; chỉ tiêu 9.500–11.000 — Thư viện tỉnh Lai Châu")
    assert by_year[2017][0] == "1133/KH-UBND" and "8.500*" in by_year[2017][2]
    assert {int(y) for y in re.findall(r'<rect [^>]*fill="#dfe6ee" data-year="(\d+)"', svg)} >= {2017, 2025, 2026}
    years = re.findall(r'text-anchor="middle">(\d{4})</text>', svg)
    assert years == [str(y) for y in range(2016, 2031)]
    assert ">1133/KH-UBND</text>" in svg and ">KH 2021–2030</text>" in svg
    narrow = re.findall(r'text-anchor="middle">(\d{4})</text>', context["trend_chart_narrow"])
    assert narrow == ["2016", "2018", "2020", "2022", "2024", "2026", "2028", "2030"]


def test_the_indicator_two_plans_share_is_followed_by_default(world):
    context = dashboard_trend()
    assert context["trend_indicator"].code == "VISITS"
    shared = {i.code: i.plan_count for i in context["trend_indicators"]}
    assert shared["VISITS"] == 2 and shared["BOOKS"] == 1
    assert dashboard_trend("BOOKS")["trend_indicator"].code == "BOOKS"
    assert dashboard_trend("NO-SUCH")["trend_indicator"].code == "VISITS"


def test_the_dashboard_shows_the_trend_and_its_numbers(client_for, leader_user, world, django_assert_num_queries):
    client = client_for(leader_user)
    dashboard = client.get(reverse("reports:dashboard") + "?year=2017").content.decode()
    assert 'href="/reports/dashboard/trend/?year=2017" id="trend-link"' in dashboard and 'id="trend"' not in dashboard
    url = reverse("reports:dashboard_trend") + "?year=2017&indicator=VISITS"
    response = client.get(url)
    html = response.content.decode()
    section = html[html.index('id="trend"'):]
    assert '<option value="VISITS" selected>Lượt bạn đọc (2 kế hoạch)</option>' in section
    assert "<svg" in section and section.count("<polyline") == 2  # the screen's chart and the phone's
    rows = re.findall(r'<tr data-year="(\d+)"><td>\d+</td><td>([^<]+)</td><td class="small">[^<]*</td>\s*'
                      r'<td class="num">([^<]*)</td><td class="num">([^<]*)</td>', section)
    assert ("2026", "KH 2021–2030", "9.500–11.000", "12.000") in rows
    assert ("2025", "KH 2021–2030", "9.000–10.000", "9.400") in rows
    with django_assert_num_queries(7):  # the reports cached: 3 for the page, 4 for 15 years of 2 plans
        assert client.get(url).status_code == 200


def test_plans_over_the_same_years_get_their_names_on_two_rows():
    from decimal import Decimal

    from reports.charts import trend_chart
    from reports.trend import Trend, TrendPoint

    def trend(second_start):
        plans = [{"number": "A", "start_year": 2016, "end_year": 2020},
                 {"number": "B", "start_year": second_start, "end_year": 2025}]
        points = [TrendPoint("A", 2019, Decimal(5), Decimal(4), None, "within", False, "Tỉnh"),
                  TrendPoint("B", 2021, Decimal(6), None, None, "no_target", False, "Tỉnh")]
        return trend_chart(Trend("X", "Chỉ tiêu X", "lượt", "sum", plans, points))

    def name_rows(svg):
        return {name: y for y, name in re.findall(r'<text x="[\d.]+" y="(\d+)" fill="#[0-9a-f]+">([AB])</text>', svg)}

    apart, overlapping = name_rows(trend(2021)), name_rows(trend(2019))
    assert apart["A"] == apart["B"]
    assert overlapping["A"] != overlapping["B"]
