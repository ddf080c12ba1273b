"""Signed-in answers are `Cache-Control: private, no-store`; the login page and the health check keep
Django's own headers (static files: tests/test_page_weight.py; attachments: test_reporting_attachments.py)."""
import pytest
from django.urls import reverse

from .report_world import build_report_world

pytestmark = pytest.mark.django_db


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


@pytest.mark.parametrize("name", ["home", "institutions:list", "targets:plan_current", "reports:index"])
def test_a_signed_in_page_is_kept_out_of_every_shared_cache(client_for, staff_user, name):
    response = client_for(staff_user).get(reverse(name))

    assert response.status_code == 200
    assert directives(response) == {"private", "no-store"}


def test_a_report_download_is_private_too(client_for, staff_user):
    world = build_report_world()
    response = client_for(staff_user).get(reverse("reports:period_download", args=[world.fy2017.code, "json"]))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert directives(response) == {"private", "no-store"}


def test_the_login_page_keeps_djangos_never_cache_headers(client):
    response = client.get(reverse("login"))

    assert response.status_code == 200
    assert {"no-cache", "no-store", "must-revalidate", "private", "max-age=0"} == directives(response)


def test_the_health_check_keeps_its_headers_for_a_monitor_and_a_signed_in_user(client, staff_user):
    anonymous = directives(client.get(reverse("health")))
    client.force_login(staff_user)
    signed_in = directives(client.get(reverse("health")))

    assert anonymous == signed_in == {"no-cache", "no-store", "must-revalidate", "private", "max-age=0"}


def test_a_page_for_a_visitor_not_signed_in_gets_no_cache_header_added(client):
    response = client.get("/khong-co-trang-nay/")

    assert response.status_code == 404
    assert "Cache-Control" not in response


def test_signing_out_answers_without_the_private_header_once_the_user_is_gone(client_for, staff_user):
    client = client_for(staff_user)
    client.post(reverse("logout"))

    assert "private" not in directives(client.get("/khong-co-trang-nay/"))
