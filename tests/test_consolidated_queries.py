"""The report runs a fixed number of queries, whatever the amount of data."""
import pytest

from reports.compute import build_report
from reporting.models import Period

from .factories import InstitutionFactory, make_submission
from .report_world import build_report_world

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


# plan, indicators, targets, periods, units; the figures of the period and of the years it compares
# with, per-institution figures, institution counts, the admin units named; one window count for the
# per-institution target judged over a window; submissions; the plan's units
REPORT_QUERIES = 12


def assert_report_queries(period, django_assert_num_queries, **options):
    period = Period.objects.get(pk=period.pk)  # nothing cached from an earlier run
    with django_assert_num_queries(REPORT_QUERIES):
        build_report(period, **options)


def test_the_report_runs_the_same_dozen_queries_with_little_and_with_much_data(django_assert_num_queries):
    world = build_report_world()
    assert_report_queries(world.fy2017, django_assert_num_queries)
    grow(world, 25)
    assert_report_queries(world.fy2017, django_assert_num_queries)
    assert_report_queries(world.fy2017, django_assert_num_queries, include_submitted=True)


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
