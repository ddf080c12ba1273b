"""build_report: every figure worked out by hand on the world of report_world.build_report_world.

2017-FY, approved reports only (105 and 106; the provincial library's TVT report is only
submitted): see the figures in build_report_world.
"""
from decimal import Decimal

import pytest

from reports.compute import build_report
from reports.data import report_data
from reporting.models import SubmissionValue

from .factories import InstitutionFactory, make_submission, make_target
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_report_world()


def targets_of(data):
    return {t["key"]: t for indicator in data["indicators"] for t in indicator["targets"]}


def area(target, code):
    return next(a for a in target["by_area"] if a["code"] == code)


@pytest.fixture
def approved(world):
    return targets_of(report_data(world.fy2017))


@pytest.fixture
def with_submitted(world):
    return targets_of(report_data(world.fy2017, include_submitted=True))


def test_a_group_sum_adds_the_district_libraries_and_splits_by_district(approved):
    t = approved["visits-huyen"]
    assert t["actual"] == 9000 + 7500
    assert (t["target_min"], t["target_max"]) == (15000, 17000)
    assert t["achievement_pct"] == Decimal("110.0")  # 16500 / 15000
    assert t["achievement_max_pct"] == Decimal("97.1")  # 16500 / 17000 = 97.06
    assert t["status"] == "within"
    assert [(a["code"], a["actual"]) for a in t["by_area"]] == [("105", 9000), ("106", 7500)]
    assert t["scope"]["mode"] == "group" and t["scope"]["summed"] is True


def test_the_change_compares_with_the_same_period_a_year_earlier(approved):
    t = approved["visits-huyen"]
    assert t["previous_period"] == "2016-FY"
    assert t["previous_actual"] == 8000 + 7000
    assert t["change"] == 1500
    assert t["change_pct"] == Decimal("10.0")


def test_a_single_institution_target_has_no_data_until_its_report_is_approved(approved):
    t = approved["visits-tinh"]
    assert t["actual"] is None
    assert t["status"] == "no_data"
    assert t["previous_actual"] == 8200  # 2016 was approved
    assert t["institutions_total"] == 1 and t["institutions_reported"] == 0


def test_submitted_figures_count_only_when_asked_and_are_marked_provisional(approved, with_submitted):
    assert approved["visits-tinh"]["provisional"] is False
    t = with_submitted["visits-tinh"]
    assert t["actual"] == 8500
    assert t["provisional"] is True
    assert t["achievement_pct"] == Decimal("106.3")  # 8500 / 8000 = 106.25
    assert t["achievement_max_pct"] == Decimal("94.4")
    assert t["status"] == "within"
    assert area(t, "tinh")["actual"] == 8500 and area(t, "tinh")["provisional"] is True
    # the district libraries' figures were approved: not provisional
    assert with_submitted["visits-huyen"]["provisional"] is False


def test_a_reporting_unit_target_adds_that_units_institutions(approved):
    t = approved["visits-106"]
    assert t["actual"] == 7500
    assert t["status"] == "within"  # at least 7,000, no maximum
    assert t["achievement_pct"] == Decimal("107.1")
    assert t["achievement_max_pct"] is None
    assert t["scope"]["reporting_unit"] == {"code": "106", "name": "UBND huyện Tam Đường"}


def test_a_per_institution_target_counts_who_reached_the_minimum(approved):
    t = approved["books-each"]
    assert t["actual"] == 600 + 450
    assert t["institutions_total"] == 2
    assert t["institutions_meeting"] == 1  # 450 < 500
    assert t["status"] == "below"
    # the group's equivalents stand beside the total (2 × 500, 2 × 1,000), but the percentage is the
    # share of institutions that reached the minimum: 1 of 2, never 1,050 against 1,000 (105 %, "below")
    assert (t["target_min_total"], t["target_max_total"]) == (1000, 2000)
    assert t["achievement_pct"] == Decimal("50.0")
    assert t["achievement_max_pct"] is None
    assert [(a["code"], a["institutions_meeting"], a["status"]) for a in t["by_area"]] == [
        ("105", 1, "within"), ("106", 0, "below"),
    ]


def test_an_institution_in_scope_without_a_figure_keeps_a_per_institution_target_below(world):
    InstitutionFactory(code="TV-107", reporting_unit=world.units.u105)  # active, never reported
    SubmissionValue.objects.filter(indicator=world.indicators.books, institution=world.institutions.lib_106).update(
        value=Decimal(800)
    )
    t = targets_of(report_data(world.fy2017))["books-each"]
    assert (t["institutions_total"], t["institutions_reported"], t["institutions_meeting"]) == (3, 2, 2)
    assert t["status"] == "below"


def test_a_per_institution_target_nobody_reported_has_no_percentage(world):
    SubmissionValue.objects.filter(indicator=world.indicators.books).delete()
    t = targets_of(report_data(world.fy2017))["books-each"]
    assert (t["status"], t["institutions_reported"], t["institutions_meeting"]) == ("no_data", 0, 0)
    assert t["achievement_pct"] is None  # not "0 %" beside "Chưa có số liệu"


def test_a_per_institution_target_is_above_only_when_every_institution_is(world):
    SubmissionValue.objects.filter(indicator=world.indicators.books).update(value=Decimal(1200))
    t = targets_of(report_data(world.fy2017))["books-each"]
    assert (t["institutions_meeting"], t["institutions_above"], t["status"]) == (2, 2, "above")


def test_share_yes_is_the_percentage_of_institutions_answering_yes(approved):
    t = approved["internet"]
    assert t["actual"] == Decimal("50.0")  # 1 of 2 district libraries
    assert t["status"] == "below"  # target 100 %
    assert [(a["code"], a["actual"]) for a in t["by_area"]] == [("105", 100), ("106", 0)]


def test_average_is_the_mean_over_the_institutions_that_reported(approved):
    t = approved["sessions"]
    assert t["actual"] == Decimal("9.5")  # (12 + 7) / 2
    assert t["status"] == "below"
    assert t["achievement_pct"] == Decimal("95.0")
    assert [(a["code"], a["actual"]) for a in t["by_area"]] == [("105", 12), ("106", 7)]


def test_latest_takes_the_periods_own_figure(with_submitted):
    t = with_submitted["collection"]
    assert t["actual"] == 60000
    assert t["status"] == "within"
    assert t["achievement_pct"] == Decimal("120.0")


def test_a_cadence_target_is_judged_over_its_two_year_window(approved):
    t = approved["festivals"]
    assert t["window"] == [2016, 2017]
    assert t["basis"] == "window"
    # 105: 1 in 2016 + 0 in 2017; 106: 0 + 1 -> each held one festival in the window
    assert t["actual"] == 2
    assert t["period_actual"] == 1
    assert (t["institutions_total"], t["institutions_meeting"]) == (2, 2)
    assert t["status"] == "within" and t["achievement_pct"] == Decimal("100.0")
    assert t["scope"]["entity"] == "reporting_unit"


def test_a_cadence_target_is_below_when_a_district_held_nothing_in_the_window(world):
    SubmissionValue.objects.filter(
        indicator=world.indicators.festivals, submission__reporting_unit=world.units.u105
    ).update(value=Decimal(0))
    t = targets_of(report_data(world.fy2017))["festivals"]
    assert (t["institutions_meeting"], t["status"]) == (1, "below")
    assert area(t, "105")["status"] == "below"


def test_an_indicator_without_target_is_still_added_up(world):
    data = report_data(world.fy2017)
    rotation = next(i for i in data["indicators"] if i["code"] == "ROTATION")
    (t,) = rotation["targets"]
    assert t["key"] is None
    assert t["actual"] == 450
    assert t["status"] == "no_target"


def test_a_six_month_report_measures_progress_toward_the_years_target(world):
    data = report_data(world.h2017)
    assert "tiến độ so với chỉ tiêu năm" in data["period"]["basis_note"]
    assert [i["code"] for i in data["indicators"]] == ["VISITS", "BOOKS", "ROTATION"]  # six-monthly ones
    t = targets_of(data)["visits-huyen"]
    assert t["basis"] == "year_progress"
    assert (t["target_min"], t["actual"]) == (15000, 4000)  # 106's draft does not count
    assert t["achievement_pct"] == Decimal("26.7")
    assert t["status"] == "behind"  # 4.000 is not half of the year's 15.000 (tests/test_report_progress.py)


def test_a_target_over_any_level_sums_every_institution_of_the_kind(world):
    plan = world.plan
    make_target(plan, world.indicators.visits, "visits-all", low=20000, order=9)
    t = targets_of(report_data(world.fy2017, include_submitted=True))["visits-all"]
    assert t["actual"] == 8500 + 9000 + 7500
    assert [a["code"] for a in t["by_area"]] == ["tinh", "105", "106"]


def test_a_district_institution_reported_by_a_department_is_placed_in_its_communes_district(world):
    commune = world.institutions.house_106.admin_unit
    house = InstitutionFactory(code="NVH-X", kind="cultural_house", level="commune", admin_unit=commune,
                               reporting_unit=world.units.sgd)
    make_submission(world.fy2017, world.units.sgd, {(world.indicators.sessions, house): 20})
    t = targets_of(report_data(world.fy2017))["sessions"]
    assert area(t, "106")["actual"] == Decimal("13.5")  # (7 + 20) / 2
    assert t["actual"] == Decimal("13")  # (12 + 7 + 20) / 3


def test_the_report_holds_the_period_and_the_summary(world):
    data = build_report(world.fy2017).to_dict()
    assert data["period"]["code"] == "2017-FY"
    assert data["period"]["kind"] == "annual"
    assert str(data["period"]["due_date"]) == "2017-11-30"
    assert data["summary"] == {
        "targets": 8, "below": 3, "within": 3, "above": 0, "no_target": 0, "no_data": 2,
    }


def test_an_inactive_institution_that_reported_still_counts_toward_a_per_institution_target(world):
    lib = world.institutions.lib_106
    lib.is_active = False
    lib.save()
    t = targets_of(report_data(world.fy2017))["books-each"]
    assert (t["institutions_total"], t["institutions_reported"], t["institutions_meeting"]) == (2, 2, 1)
    assert t["actual"] == 1050


def test_a_new_two_year_block_does_not_count_the_year_before_it(world):
    """Blocks run from the plan's first year: 2018 starts the 2018–2019 block, so 2017 is not counted."""
    from reporting.models import Period

    from .factories import make_period, make_submission, make_target

    make_target(world.plan, world.indicators.festivals, "festivals", year=2018, scope_mode="each", low=1,
                cadence_years=2)
    fy2018 = make_period(world.plan, 2018, "annual")
    make_submission(fy2018, world.units.u105, {(world.indicators.festivals, None): 1})
    make_submission(fy2018, world.units.u106, {(world.indicators.festivals, None): 0})
    t = targets_of(report_data(fy2018))["festivals"]
    assert t["window"] == [2018, 2019]
    # 106 held one in 2017 (the previous block) and none in 2018: not yet met in this block.
    assert (t["institutions_total"], t["institutions_meeting"]) == (2, 1)
    assert t["status"] == "below"
    assert Period.objects.filter(plan=world.plan, year=2017, kind="annual").exists()
