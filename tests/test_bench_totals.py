"""The bench's plain SQL gives the report's totals."""
import pytest

from bench import sqltotals
from bench.loadgen import generate
from reporting.models import Period
from reports.compute import build_report

from .report_world import build_report_world

pytestmark = pytest.mark.django_db


def latest(kind):
    return Period.objects.select_related("plan").filter(plan__code__startswith="load-", kind=kind).order_by("-year")[0]


def test_the_plain_sql_gives_the_totals_of_the_report_on_a_synthetic_province():
    generate(institutions=80, years=3, seed=5)
    for kind in ("annual", "half_year"):
        period = latest(kind)
        plan = sqltotals.Plan(period)
        totals = sqltotals.sql_totals(plan)
        assert plan.previous is not None
        assert any(previous is not None for _actual, _now, previous in totals.values())
        assert sqltotals.compare(totals, sqltotals.report_totals(build_report(period))) == []


def test_the_plain_sql_gives_the_totals_of_the_hand_worked_province():
    world = build_report_world()
    for period in (world.fy2017, world.h2017):
        for include_submitted in (False, True):
            plan = sqltotals.Plan(period, include_submitted=include_submitted)
            report = build_report(period, include_submitted=include_submitted)
            assert sqltotals.compare(sqltotals.sql_totals(plan), sqltotals.report_totals(report)) == []


def test_a_disagreement_is_listed():
    assert sqltotals.compare({("A", "t"): (1, 1, None)}, {("A", "t"): (2, 1, None)}) == [
        "('A', 't'): SQL (1, 1, None) != report (2, 1, None)"
    ]
