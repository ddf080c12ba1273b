"""Light on slow links (issue 12): the heaviest pages, on the demo province, in production mode.

A page's HTML travels gzip-compressed and under 30 KB; its first load (HTML and the CSS, JS, fonts
and images it links, as WhiteNoise sends them compressed) under 150 KB. bench/page_weight.py
measures; `python -m bench.page_weight` prints the same figures for a database.
"""
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.templatetags.static import static

from bench.page_weight import demo_pages, page_weight

pytestmark = pytest.mark.django_db

WARM_LIMIT = 30_000
FIRST_LOAD_LIMIT = 150_000
# Bootstrap's files the pages never link (and the admin's), left out to collect in 2 s, not 30.
UNLINKED = ["admin", "bootstrap-grid*", "bootstrap-reboot*", "bootstrap-utilities*", "*.rtl.*", "bootstrap.css*",
            "bootstrap.js*", "bootstrap.esm*", "bootstrap.bundle.js*"]


@pytest.fixture
def production_static(settings, tmp_path):
    """Static files collected, fingerprinted and compressed as on the server (DEBUG off)."""
    settings.DEBUG = False
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES, "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    }
    # Source maps are only fetched by developer tools; compressing them is most of collectstatic's time.
    settings.WHITENOISE_SKIP_COMPRESS_EXTENSIONS = ["map", "png", "jpg", "gif", "woff", "woff2", "zip", "gz", "br"]
    call_command("collectstatic", "--noinput", *(f"--ignore={pattern}" for pattern in UNLINKED), verbosity=0)


@pytest.fixture
def demo_province(admin_units, settings):
    """What `make setup` loads: the shipped plan, its periods, the demo institutions, users and reports."""
    settings.DEBUG = True  # seed_demo runs in development only
    for command in (["load_plan"], ["create_periods"], ["seed_demo", "--with-reports"]):
        call_command(*command, stdout=StringIO())
    settings.DEBUG = False


def weights(client):
    measured = {}
    for name, user, path in demo_pages():
        client.force_login(user if hasattr(user, "pk") else get_user_model().objects.get(username=user))
        measured[name] = page_weight(client, path)
    return measured


def test_the_heaviest_pages_travel_gzip_compressed_under_30_kb_and_load_first_under_150_kb(
    demo_province, production_static, client
):
    measured = weights(client)

    assert {name: weight.encoding for name, weight in measured.items()} == dict.fromkeys(measured, "gzip")
    figures = {name: (weight.raw_html, weight.html, weight.first_load) for name, weight in measured.items()}
    assert all(weight.raw_html > WARM_LIMIT for weight in measured.values()), figures  # heavy before compression
    assert all(weight.html < WARM_LIMIT for weight in measured.values()), figures
    assert all(weight.first_load < FIRST_LOAD_LIMIT for weight in measured.values()), figures
    # The first load counts the stylesheets and the script, as sent: compressed, fingerprinted.
    assets = measured["plan"].assets
    assert any("bootstrap.min." in url and url.endswith(".css") for url in assets), assets
    assert any("bootstrap.bundle.min." in url for url in assets), assets


def test_a_static_file_is_sent_precompressed_and_cached_for_a_year_even_to_a_signed_in_user(
    production_static, client_for, staff_user
):
    response = client_for(staff_user).get(static("css/portal.css"), headers={"accept-encoding": "gzip"})

    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "immutable" in response["Cache-Control"]
    assert "public" in response["Cache-Control"]
    assert "no-store" not in response["Cache-Control"]


def test_a_client_that_does_not_accept_gzip_gets_plain_html(client_for, staff_user):
    response = client_for(staff_user).get("/institutions/")

    assert response.status_code == 200
    assert "Content-Encoding" not in response
    assert b"<!doctype html>" in response.content.lower()
    assert "Accept-Encoding" in response["Vary"]
