"""The cached report: served from the cache until something it reads changes, then built afresh."""
import datetime

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache

from institutions.models import Institution, Profile, ReportingUnit, Role
from reporting.models import Submission, SubmissionEvent, SubmissionStatus
from reporting.services import submission_approve
from reports import cache as report_cache
from reports.data import report_data, report_json
from targets.models import Target

from .factories import InstitutionFactory
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.REPORT_CACHE_SECONDS = 600
    return build_report_world()


def visits_actual(data):
    visits = next(i for i in data["indicators"] if i["code"] == "VISITS")
    return next(t for t in visits["targets"] if t["key"] == "visits-huyen")["actual"]


def books_each(data):
    books = next(i for i in data["indicators"] if i["code"] == "BOOKS")
    return next(t for t in books["targets"] if t["key"] == "books-each")


def unit_names(data):
    return [unit["name"] for unit in data["completeness"]["units"]]


def test_the_cached_report_changes_when_a_submission_is_approved(world):
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


def test_the_cached_report_follows_institutions_added_and_deactivated(world):
    assert books_each(report_data(world.fy2017))["institutions_total"] == 2
    library = InstitutionFactory(reporting_unit=world.units.u105, code="TV-105-MOI")
    assert books_each(report_data(world.fy2017))["institutions_total"] == 3
    library.is_active, library.active_until = False, datetime.date(2016, 6, 30)  # closed before 2017's window
    library.save(update_fields=["is_active", "active_until"])
    assert books_each(report_data(world.fy2017))["institutions_total"] == 2


def test_a_unit_renamed_in_the_admin_is_renamed_in_the_next_report(world):
    report_data(world.fy2017)
    unit = ReportingUnit.objects.get(pk=world.units.u105.pk)
    unit.name = "UBND TP. Lai Châu"
    unit.save()  # what the admin's form does
    assert "UBND TP. Lai Châu" in unit_names(report_data(world.fy2017))


def test_a_plan_listing_another_unit_or_a_target_removed_makes_a_new_report(world):
    assert "Sở Giáo dục và Đào tạo" not in unit_names(report_data(world.fy2017))
    world.plan.reporting_units.add(world.units.sgd)
    assert "Sở Giáo dục và Đào tạo" in unit_names(report_data(world.fy2017))
    Target.objects.filter(key="books-each").delete()
    assert not [t for i in report_data(world.fy2017)["indicators"] for t in i["targets"] if t["key"] == "books-each"]


def test_a_report_cached_by_another_server_is_not_served_after_a_change_made_here(world):
    # Another process cached the report under the generation it read; a change here bumps the
    # generation in the database, so every process reads a new key.
    old_key = report_cache.report_key(world.fy2017, False)
    cache.set(old_key, report_json(world.fy2017), 600)
    Institution.objects.filter(code="TV-105").get().save()
    assert report_cache.report_key(world.fy2017, False) != old_key


def test_what_no_report_reads_does_not_make_a_new_generation(world):
    generation = report_cache.generation()
    submission = Submission.objects.filter(period=world.fy2017).first()
    SubmissionEvent.objects.create(submission=submission, action=SubmissionEvent.Action.VALUE, field="x")
    assert report_cache.generation() == generation


def test_with_the_cache_off_every_read_is_built_afresh(settings):
    settings.REPORT_CACHE_SECONDS = 0
    world = build_report_world()
    report_data(world.fy2017)
    ReportingUnit.objects.filter(pk=world.units.u105.pk).update(name="UBND TP. Lai Châu")  # sends no signal
    assert "UBND TP. Lai Châu" in unit_names(report_data(world.fy2017))
