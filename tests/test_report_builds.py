"""Large PDFs are built in the background: a queued row, a page that shows its progress, the file."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports.builds import build_next, build_request
from reports.models import BuildStatus, ReportBuild

from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.REPORT_BACKGROUND_AREAS = 1  # the hand-worked province has 3 areas: "large"
    return build_report_world()


def test_a_large_report_pdf_is_queued_and_the_page_waits_for_it(world, client_for, staff_user):
    client = client_for(staff_user)
    response = client.get(reverse("reports:period_download", args=[world.fy2017.code, "pdf"]))
    build = ReportBuild.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("reports:build", args=[build.pk])
    assert build.status == BuildStatus.QUEUED and build.requested_by == staff_user
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'http-equiv="refresh"' in page.content
    assert b"<progress" in page.content


def test_asking_again_while_it_waits_gives_the_same_build(world, staff_user):
    first = build_request(period=world.fy2017, user=staff_user)
    assert build_request(period=world.fy2017, user=staff_user) == first
    assert build_request(period=world.fy2017, include_submitted=True) != first


def test_the_worker_builds_it_and_the_page_offers_the_file(world, client_for, leader_user):
    build = build_request(period=world.fy2017)
    done = build_next()
    assert done.pk == build.pk
    build.refresh_from_db()
    assert build.status == BuildStatus.DONE and build.progress == 100 and build.pages >= 1
    assert build_next() is None  # nothing else waits
    client = client_for(leader_user)
    page = client.get(reverse("reports:build", args=[build.pk]))
    assert b"http-equiv" not in page.content
    download = client.get(reverse("reports:build_download", args=[build.pk]))
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


def test_the_command_empties_the_queue(world):
    build_request(period=world.fy2017)
    build_request(period=world.h2017)
    out = StringIO()
    call_command("build_reports", stdout=out)
    assert ReportBuild.objects.filter(status=BuildStatus.DONE).count() == 2
    assert "2017-FY" in out.getvalue()


def test_a_failed_build_says_so(world, monkeypatch, client_for, staff_user):
    build = build_request(period=world.fy2017)
    monkeypatch.setattr("reports.builds.render_html", lambda *a: (_ for _ in ()).throw(ValueError("x")))
    build_next()
    build.refresh_from_db()
    assert build.status == BuildStatus.FAILED and "ValueError" in build.error
    page = client_for(staff_user).get(reverse("reports:build", args=[build.pk]))
    assert "Không dựng được".encode() in page.content


def test_a_small_report_pdf_is_still_made_at_once(world, settings, client_for, staff_user):
    settings.REPORT_BACKGROUND_AREAS = 20
    response = client_for(staff_user).get(reverse("reports:period_download", args=[world.fy2017.code, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    assert not ReportBuild.objects.exists()


def test_unit_members_cannot_see_builds(world, client_for):
    from institutions.models import Role

    from .factories import make_user

    unit_user = make_user(Role.UNIT, unit=world.units.u105, username="donvi105")
    build = build_request(period=world.fy2017)
    response = client_for(unit_user).get(reverse("reports:build", args=[build.pk]))
    assert response.status_code in (403, 404)
    assert client_for(unit_user).get(reverse("reports:build_download", args=[build.pk])).status_code in (403, 404)
