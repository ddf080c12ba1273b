"""The report's ORM queries count institutions under the district ``institutions.areas`` gives them."""
from decimal import Decimal

import pytest

from reports.queries import fetch_each_figures, fetch_institution_counts

from .factories import InstitutionFactory
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


def counts_by_code():
    """{(kind, level, area code or None, unit code): n} from ``fetch_institution_counts``."""
    from institutions.models import AdminUnit, ReportingUnit

    codes = dict(AdminUnit.objects.values_list("pk", "code"))
    units = dict(ReportingUnit.objects.values_list("pk", "code"))
    return {(kind, level, codes.get(area), units[unit]): n for kind, level, area, unit, n in fetch_institution_counts()}


def test_active_institutions_are_counted_under_their_district_commune_houses_under_the_communes_district():
    world = build_report_world()
    assert counts_by_code() == {
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
    InstitutionFactory(code="TV-DONG", reporting_unit=world.units.u106, is_active=False)
    counts = counts_by_code()
    assert counts[("library", "district", "106", "106")] == 2
    assert counts[("library", "district", "105", "105")] == 1


def test_each_units_figure_over_a_window_is_its_own_sum_under_its_district():
    from reports.scope import Scope

    world = build_report_world()
    festivals, units = world.indicators.festivals, world.units
    rows = fetch_each_figures(
        indicator=festivals, scope=Scope.of(festivals, world.targets.festivals),
        period_ids=[world.fy2016.pk, world.fy2017.pk], include_submitted=False, unit_ids=[units.u105.pk, units.u106.pk],
    )
    assert sorted(rows) == sorted([
        (units.u105.pk, world.areas.city.pk, True, Decimal(1)),
        (units.u106.pk, world.areas.district.pk, True, Decimal(1)),
    ])


def test_each_institutions_average_over_a_window_is_an_exact_decimal():
    from reporting.models import Submission, SubmissionValue
    from reports.scope import Scope

    world = build_report_world()
    sessions, house = world.indicators.sessions, world.institutions.house_105
    SubmissionValue.objects.create(
        submission=Submission.objects.get(period=world.fy2016, reporting_unit=world.units.u105), indicator=sessions,
        institution=house, value=Decimal("7.25"),
    )
    rows = fetch_each_figures(indicator=sessions, scope=Scope.of(sessions), period_ids=[world.fy2016.pk, world.fy2017.pk],
                              include_submitted=False)
    figures = {entity: figure for entity, _area, _active, figure in rows}
    assert figures == {house.pk: Decimal("9.625"), world.institutions.house_106.pk: Decimal(7)}
    assert all(isinstance(figure, Decimal) for figure in figures.values())
