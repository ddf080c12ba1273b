"""The report runs a fixed number of queries, whatever the amount of data."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports.compute import build_report
from reporting.models import Period

from .factories import InstitutionFactory, build_report_world, make_submission

pytestmark = pytest.mark.django_db


def grow(world, count):
    """``count`` more district-level libraries and commune houses in each district, all reporting."""
    for unit in (world.units.u105, world.units.u106):
        values = {}
        for n in range(count):
            library = InstitutionFactory(reporting_unit=unit, code=f"TV-{unit.code}-{n}")
            house = InstitutionFactory(reporting_unit=unit, code=f"NVH-{unit.code}-{n}", kind="cultural_house",
                                       level="commune", admin_unit=world.institutions.house_106.admin_unit)
            values.update({
                (world.indicators.visits, library): 100 + n, (world.indicators.books, library): 600,
                (world.indicators.internet, library): n % 2, (world.indicators.collection, library): 5000,
                (world.indicators.rotation, library): 10, (world.indicators.sessions, house): 11,
            })
        make_submission(world.fy2017, unit, values)
        libraries = {lib for (_, lib) in values if lib.kind == "library"}
        make_submission(world.fy2016, unit, {(world.indicators.visits, lib): 1 for lib in libraries})


def queries_for(period, **options):
    period = Period.objects.get(pk=period.pk)  # nothing cached from an earlier run
    with CaptureQueriesContext(connection) as context:
        build_report(period, **options)
    return len(context.captured_queries)


def test_the_number_of_queries_does_not_grow_with_institutions_and_figures():
    world = build_report_world()
    small = queries_for(world.fy2017)
    grow(world, 25)
    assert queries_for(world.fy2017) == small
    assert queries_for(world.fy2017, include_submitted=True) == small


def test_the_report_needs_only_a_handful_of_queries():
    world = build_report_world()
    # plan, indicators, targets, periods, units, admin units, figures of the period, of the earlier
    # years of a cadence window, of the year before, named institutions, institution counts, one per
    # per-institution target judged over a window, the plan's units, submissions
    assert queries_for(world.fy2017) <= 14


def test_grown_figures_add_up():
    world = build_report_world()
    grow(world, 3)
    data = build_report(world.fy2017).to_dict()
    visits = next(i for i in data["indicators"] if i["code"] == "VISITS")
    group = next(t for t in visits["targets"] if t["key"] == "visits-huyen")
    assert group["actual"] == 9000 + 7500 + 2 * (100 + 101 + 102)
    assert group["institutions_total"] == 2 + 6


def test_period_and_indicator_pairs_covered_by_another_are_read_once():
    from reports.queries import _merged

    # an annual report: the year before is read for every indicator, so the cadence window's
    # earlier year (the same year, one indicator) adds nothing, and one IN per column remains
    assert _merged([([20], [1, 2, 3]), ([18], [2]), ([18], [1, 2, 3])]) == [([18, 20], [1, 2, 3])]
    # a six-month report: the window's earlier year is another period, read for its indicator only
    assert _merged([([21], [1, 2, 3]), ([18], [2]), ([19], [1, 2, 3])]) == [([19, 21], [1, 2, 3]), ([18], [2])]
    assert _merged([([20], [1, 2]), ([], [1]), ([18], [])]) == [([20], [1, 2])]
