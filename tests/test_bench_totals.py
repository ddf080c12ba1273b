"""The bench's plain SQL gives the report's totals; the cached report follows every submission change."""
import pytest
from django.contrib.auth import get_user_model

from institutions.models import Profile, ReportingUnit, Role
from bench import sqltotals
from reports.compute import build_report
from reports.data import report_data
from bench.loadgen import generate
from reporting.models import Period, Submission, SubmissionStatus
from reporting.services import submission_approve

from .factories import InstitutionFactory, build_report_world

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


def visits_actual(data):
    visits = next(i for i in data["indicators"] if i["code"] == "VISITS")
    return next(t for t in visits["targets"] if t["key"] == "visits-huyen")["actual"]


def test_the_cached_report_changes_when_a_submission_is_approved(settings):
    settings.REPORT_CACHE_SECONDS = 600
    world = build_report_world()
    before = report_data(world.fy2017)
    assert report_data(world.fy2017) == before  # served from the cache
    submission = Submission.objects.get(period=world.h2017, reporting_unit=world.units.u106)
    h1_before = visits_actual(report_data(world.h2017))
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.SUBMITTED)
    submission.refresh_from_db()
    staff = get_user_model().objects.create_user("duyet")
    Profile.objects.create(user=staff, role=Role.STAFF)
    submission_approve(submission=submission, user=staff)
    assert visits_actual(report_data(world.h2017)) == h1_before + 3000


def books_each(data):
    books = next(i for i in data["indicators"] if i["code"] == "BOOKS")
    return next(t for t in books["targets"] if t["key"] == "books-each")


def test_the_cached_report_follows_institutions_added_and_deactivated(settings):
    settings.REPORT_CACHE_SECONDS = 600
    world = build_report_world()
    assert books_each(report_data(world.fy2017))["institutions_total"] == 2
    library = InstitutionFactory(reporting_unit=world.units.u105, code="TV-105-MOI")
    assert books_each(report_data(world.fy2017))["institutions_total"] == 3
    library.is_active = False
    library.save(update_fields=["is_active"])  # updated_at untouched: the active count tells
    assert books_each(report_data(world.fy2017))["institutions_total"] == 2


def test_with_the_cache_off_every_read_is_built_afresh(settings):
    settings.REPORT_CACHE_SECONDS = 0
    world = build_report_world()
    report_data(world.fy2017)
    ReportingUnit.objects.filter(pk=world.units.u105.pk).update(name="UBND TP. Lai Châu")  # unseen by the stamp
    names = [unit["name"] for unit in report_data(world.fy2017)["completeness"]["units"]]
    assert "UBND TP. Lai Châu" in names
