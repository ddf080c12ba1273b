"""The report's ORM queries count institutions under the district ``institutions.areas`` gives them."""
import pytest

from reports.queries import fetch_institution_counts

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
