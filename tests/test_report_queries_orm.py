"""The report's ORM queries count institutions under the district ``institutions.areas`` gives them."""
import datetime
from decimal import Decimal

import pytest

from reports.context import ReportContext
from reports.queries import fetch_buckets, fetch_each_figures, fetch_institution_counts

from .factories import InstitutionFactory
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


def counts_by_code(world):
    """{(kind, level, area code or None, unit code): n}: the report's institution counts
    (``fetch_institution_counts`` finished by ``ReportContext.area_of``)."""
    from institutions.models import AdminUnit, ReportingUnit

    codes = dict(AdminUnit.objects.values_list("pk", "code"))
    units = dict(ReportingUnit.objects.values_list("pk", "code"))
    counts = ReportContext(world.fy2017).institution_counts
    return {(kind, level, codes.get(area), units[unit]): n for kind, level, area, unit, n in counts}


def test_active_institutions_are_counted_under_their_district_commune_houses_under_the_communes_district():
    world = build_report_world()
    assert counts_by_code(world) == {
        ("library", "province", None, "TVT"): 1,
        ("library", "district", "105", "105"): 1,
        ("library", "district", "106", "106"): 1,
        ("cultural_house", "commune", "105", "105"): 1,
        ("cultural_house", "commune", "106", "106"): 1,
    }


def test_an_institution_reported_by_a_districts_committee_counts_under_that_district_wherever_it_lies():
    world = build_report_world()
    city = world.units.u105.admin_unit
    InstitutionFactory(code="TV-LECH", reporting_unit=world.units.u106, admin_unit=city)
    # closed before 2017's data window (from 15/12/2016): not counted in 2017
    InstitutionFactory(code="TV-DONG", reporting_unit=world.units.u106, is_active=False,
                       active_until=datetime.date(2016, 6, 30))
    # closed since: still counted in 2017
    InstitutionFactory(code="TV-SAU", reporting_unit=world.units.u106, is_active=False,
                       active_until=datetime.date(2026, 3, 1))
    counts = counts_by_code(world)
    assert counts[("library", "district", "106", "106")] == 3
    assert counts[("library", "district", "105", "105")] == 1


def test_each_units_figure_over_a_window_is_its_own_sum():
    from targets.scope import Scope

    world = build_report_world()
    festivals, units = world.indicators.festivals, world.units
    rows = fetch_each_figures(
        indicator=festivals, scope=Scope.of(festivals, world.targets.festivals),
        period_ids=[world.fy2016.pk, world.fy2017.pk], include_submitted=False,
        unit_ids=[units.u105.pk, units.u106.pk], period=world.fy2017,
    )
    # A unit's activity is the report's to say (ReportContext.units: by its area's dates), not the query's.
    assert sorted(rows) == [
        (None, None, units.u105.pk, None, Decimal(1)), (None, None, units.u106.pk, None, Decimal(1)),
    ]


def test_each_institutions_average_over_a_window_is_an_exact_decimal():
    from reporting.models import Submission, SubmissionValue
    from targets.scope import Scope

    world = build_report_world()
    sessions, house = world.indicators.sessions, world.institutions.house_105
    SubmissionValue.objects.create(
        submission=Submission.objects.get(period=world.fy2016, reporting_unit=world.units.u105), indicator=sessions,
        institution=house, value=Decimal("7.25"),
    )
    rows = fetch_each_figures(
        indicator=sessions, scope=Scope.of(sessions), period_ids=[world.fy2016.pk, world.fy2017.pk],
        include_submitted=False, period=world.fy2017,
    )
    figures = {institution: figure for institution, _area, _unit, _active, figure in rows}
    assert figures == {house.pk: Decimal("9.625"), world.institutions.house_106.pk: Decimal(7)}
    assert all(isinstance(figure, Decimal) for figure in figures.values())


def test_the_institution_counts_leave_the_district_units_institutions_to_the_report_context():
    world = build_report_world()
    units = world.units
    areas = {(unit, level): area for _kind, level, area, unit, _n in fetch_institution_counts(world.fy2017, {units.u105.pk})}
    assert areas == {(units.tvt.pk, "province"): None, (units.u105.pk, "district"): None,
                     (units.u105.pk, "commune"): None, (units.u106.pk, "district"): world.areas.district.pk,
                     (units.u106.pk, "commune"): world.areas.district.pk}


def test_the_figures_of_one_period_are_grouped_by_the_district_their_admin_unit_gives():
    world = build_report_world()
    visits = world.indicators.visits
    window = (world.fy2017.cutoff_start, world.fy2017.cutoff_end)
    buckets = fetch_buckets(world.fy2017.pk, [visits.pk], include_submitted=True, window=window)
    by_area = {(bucket.admin_area_id, bucket.provisional): bucket.total for bucket in buckets}
    assert by_area == {(None, 1): Decimal(8500), (world.areas.city.pk, 0): Decimal(9000),
                       (world.areas.district.pk, 0): Decimal(7500)}
    district_units = {world.units.u105.pk, world.units.u106.pk}
    buckets = fetch_buckets(world.fy2017.pk, [visits.pk], include_submitted=False, district_unit_ids=district_units,
                            window=window)
    assert sorted((bucket.admin_area_id, bucket.total) for bucket in buckets) == [(None, 7500), (None, 9000)]
