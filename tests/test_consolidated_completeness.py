"""Completeness: units expected, submitted, approved, on time, late, missing."""
import datetime

import pytest
from django.utils import timezone

from reporting.periods import period_create_ad_hoc
from reporting.progress import period_board
from reports.data import report_data

from .factories import ReportingUnitFactory, make_submission
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_report_world()


def counts(data):
    c = data["completeness"]
    return {key: c[key] for key in ("expected", "submitted", "approved", "on_time", "late", "missing")}


def test_the_units_the_plan_lists_are_expected_and_counted_by_status_and_date(world):
    data = report_data(world.fy2017)
    # 105 approved on time, 106 approved late, TVT submitted on time; the plan does not list SGD
    assert counts(data) == {"expected": 3, "submitted": 3, "approved": 2, "on_time": 2, "late": 1, "missing": 0}
    rows = {u["code"]: u for u in data["completeness"]["units"]}
    assert rows["106"]["timeliness"] == "late"
    assert rows["106"]["first_submitted_on"] == "2017-12-05"
    assert rows["TVT"]["status"] == "submitted"


def test_the_units_the_plan_names_are_expected_even_without_figures(world):
    world.plan.reporting_units.set([world.units.u105, world.units.u106, world.units.tvt, world.units.sgd])
    data = report_data(world.fy2017)
    assert counts(data)["expected"] == 4
    assert counts(data)["missing"] == 1
    assert {u["code"]: u["status"] for u in data["completeness"]["units"]}["SGD"] == "none"


def test_every_active_unit_is_expected_when_the_plan_lists_none(world):
    world.plan.reporting_units.clear()
    data = report_data(world.fy2017)
    assert counts(data) == {"expected": 4, "submitted": 3, "approved": 2, "on_time": 2, "late": 1, "missing": 1}
    assert {u["code"]: u["status"] for u in data["completeness"]["units"]}["SGD"] == "none"


def test_a_draft_or_returned_report_is_missing(world):
    data = report_data(world.h2017)
    # H1: 105 approved; 106 draft; TVT owes six-monthly visits and has no report
    assert counts(data) == {"expected": 3, "submitted": 1, "approved": 1, "on_time": 1, "late": 0, "missing": 2}
    make_submission(world.h2017, world.units.tvt, {}, status="returned")
    assert counts(report_data(world.h2017))["missing"] == 2


def test_a_report_sent_on_the_due_date_in_local_time_is_on_time(world):
    due = world.fy2016.due_date
    late_evening = timezone.make_aware(datetime.datetime.combine(due, datetime.time(23, 30)))
    make_submission(world.fy2016, world.units.u105, {}, sent_at=late_evening)
    row = next(u for u in report_data(world.fy2016)["completeness"]["units"] if u["code"] == "105")
    assert row["timeliness"] == "on_time"


def test_inactive_units_are_not_expected(world):
    ReportingUnitFactory(code="107", is_active=False)
    world.units.sgd.is_active = False
    world.units.sgd.save()
    world.plan.reporting_units.set([world.units.u105, world.units.u106, world.units.tvt, world.units.sgd])
    assert counts(report_data(world.fy2017))["expected"] == 3


def test_an_ad_hoc_period_expects_only_the_units_that_owe_one_of_its_indicators_on_the_board_and_in_the_report(
    world, staff_user
):
    ad_hoc = period_create_ad_hoc(
        plan=world.plan, title="Báo cáo nhanh về sinh hoạt nhà văn hóa", due_date=datetime.date(2017, 9, 30),
        cutoff_start=datetime.date(2017, 1, 1), cutoff_end=datetime.date(2017, 9, 15),
        indicators=[world.indicators.sessions], user=staff_user,
    )

    def on_the_board():
        return [row.unit.code for row in period_board(ad_hoc, today=datetime.date(2017, 9, 1))]

    def in_the_report():
        return [unit["code"] for unit in report_data(ad_hoc)["completeness"]["units"]]

    # Only the district units have cultural houses; the provincial library owes no figure.
    assert on_the_board() == in_the_report() == ["105", "106"]
    make_submission(ad_hoc, world.units.tvt, {})  # a unit that starts a report anyway is counted
    assert on_the_board() == in_the_report() == ["105", "106", "TVT"]
