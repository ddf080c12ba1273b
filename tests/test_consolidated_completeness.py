"""Completeness: units expected, submitted, approved, on time, late, missing."""
import datetime

import pytest
from django.utils import timezone

from reports.data import report_data

from .factories import ReportingUnitFactory, build_report_world, make_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_report_world()


def counts(data):
    c = data["completeness"]
    return {key: c[key] for key in ("expected", "submitted", "approved", "on_time", "late", "missing")}


def test_units_owing_figures_are_expected_and_counted_by_status_and_date(world):
    data = report_data(world.fy2017)
    # 105 approved on time, 106 approved late, TVT submitted on time; SGD owes no figure
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
