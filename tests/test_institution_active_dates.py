"""An institution counts in a period's report if it was active during the period's data window:
deactivating one today or creating one today leaves an old report exactly as it was."""
import datetime

import pytest
from django.utils import timezone

from institutions import services
from institutions.models import Institution
from institutions.selectors import active_during
from reporting.periods import period_create_ad_hoc
from reporting.selectors import expected_cells
from reports.compute import build_report
from reports.data import report_data, report_json
from reports.serialize import dumps

from .factories import make_target
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_report_world()


def targets_of(data):
    return {t["key"]: t for indicator in data["indicators"] for t in indicator["targets"]}


def _deactivate_and_add(world):
    """Deactivate the Tam Đường library today and register a new district library today."""
    services.institution_set_active(institution=world.institutions.lib_106, is_active=False)
    return services.institution_create(
        code="TV-NEW", name="Thư viện huyện mới", kind="library", level="district",
        admin_unit=world.areas.city, reporting_unit=world.units.u105, active_from=timezone.localdate(),
    )


def _current_period(world):
    today = timezone.localdate()
    # An ad hoc period's days lie within its plan's years: the world's plan runs on past today.
    world.plan.end_year = today.year + 1
    world.plan.save(update_fields=["end_year"])
    make_target(world.plan, world.indicators.books, "books-each-now", year=today.year, scope_mode="each",
                scope_kind="library", scope_levels=["district"], low=500, order=20)
    return period_create_ad_hoc(
        plan=world.plan, title="Báo cáo đột xuất", due_date=today + datetime.timedelta(days=10),
        cutoff_start=today - datetime.timedelta(days=30), cutoff_end=today, indicators=[world.indicators.books],
    )


def test_an_old_report_is_byte_identical_after_a_deactivation_and_a_new_institution(world):
    before = report_json(world.fy2017)
    assert targets_of(report_data(world.fy2017))["books-each"]["institutions_total"] == 2
    _deactivate_and_add(world)
    assert report_json(world.fy2017) == before
    assert dumps(build_report(world.fy2017)) == before  # not the cache: built again


def test_the_current_period_leaves_out_the_deactivated_and_counts_the_new_one(world):
    period = _current_period(world)
    assert targets_of(report_data(period))["books-each-now"]["institutions_total"] == 2  # 105 and 106
    new = _deactivate_and_add(world)
    yesterday_period = period  # its window ends today: the one deactivated today still counts
    assert targets_of(report_data(yesterday_period))["books-each-now"]["institutions_total"] == 3
    later = period_create_ad_hoc(
        plan=world.plan, title="Báo cáo đột xuất sau", due_date=period.due_date,
        cutoff_start=timezone.localdate() + datetime.timedelta(days=1),
        cutoff_end=timezone.localdate() + datetime.timedelta(days=20), indicators=[world.indicators.books],
    )
    if later.year != period.year:
        make_target(world.plan, world.indicators.books, "books-each-now", year=later.year, scope_mode="each",
                    scope_kind="library", scope_levels=["district"], low=500, order=20)
    t = targets_of(report_data(later))["books-each-now"]
    assert t["institutions_total"] == 2  # the new one and 105's, not 106's
    codes = {cell.institution.code for cell in expected_cells(later, world.units.u105) if cell.institution}
    assert new.code in codes
    assert not [cell for cell in expected_cells(later, world.units.u106) if cell.institution]


def test_a_unit_form_for_an_old_period_lists_the_library_deactivated_since(world):
    services.institution_set_active(institution=world.institutions.lib_106, is_active=False,
                                    on=datetime.date(2026, 3, 1))
    new = _deactivate_and_add(world)
    codes = {cell.institution.code for cell in expected_cells(world.fy2017, world.units.u106) if cell.institution}
    assert "TV-106" in codes
    codes_105 = {cell.institution.code for cell in expected_cells(world.fy2017, world.units.u105) if cell.institution}
    assert new.code not in codes_105


def test_is_active_and_the_dates_say_the_same(world):
    library = world.institutions.lib_106
    services.institution_set_active(institution=library, is_active=False, on=datetime.date(2026, 3, 1))
    library.refresh_from_db()
    assert (library.is_active, library.active_until) == (False, datetime.date(2026, 3, 1))
    window = Institution.objects.filter(active_during(datetime.date(2026, 3, 2), datetime.date(2026, 12, 31)))
    assert library not in window
    assert library in Institution.objects.filter(active_during(datetime.date(2026, 1, 1), datetime.date(2026, 3, 1)))
    services.institution_set_active(institution=library, is_active=True)
    library.refresh_from_db()
    assert (library.is_active, library.active_until) == (True, None)
    services.institution_update(institution=library, is_active=False)  # e.g. the Excel import
    library.refresh_from_db()
    assert library.active_until == timezone.localdate()


def test_the_dashboard_of_a_year_lists_the_institutions_active_then(world):
    from reports.dashboard import area_institution_table, get_area

    def codes(period):
        return {row["institution"].code for row in area_institution_table(period, get_area("106"))[1]}

    now = _current_period(world)
    services.institution_set_active(institution=world.institutions.lib_106, is_active=False,
                                    on=now.cutoff_start - datetime.timedelta(days=1))
    assert "TV-106" in codes(world.fy2017)
    assert "TV-106" not in codes(now)
