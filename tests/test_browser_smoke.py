"""Smoke tests in headless Chromium: log in, open the plan, switch language, static files load.

Skipped when /usr/bin/chromium is absent (see conftest.py); .ci/run installs it.
"""
import re

import pytest
from django.core.management import call_command
from django.templatetags.static import static
from django.urls import reverse
from playwright.sync_api import expect

from institutions.models import Role

from .browser_support import log_in
from .factories import make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    """A Vietnamese user's browser (Accept-Language: vi-VN); Django would pick English for en-US."""
    return {**browser_context_args, "locale": "vi-VN"}


@pytest.fixture
def plan(db):
    """Plan 1133 as the shipped plan file describes it (with the units it needs)."""
    call_command("load_admin_units", stdout=open("/dev/null", "w"))
    call_command("load_plan", stdout=open("/dev/null", "w"))


def test_staff_logs_in_through_the_form_and_sees_the_plan(live_server, page, plan):
    make_user(Role.STAFF, username="canbo")
    plan_url = reverse("targets:plan_current")

    log_in(page, live_server, "canbo", plan_url)

    expect(page).to_have_url(f"{live_server.url}{plan_url}")
    expect(page.locator("main")).to_contain_text("1133/KH-UBND")


def test_the_language_switch_turns_the_page_english(live_server, page):
    page.goto(f"{live_server.url}{reverse('login')}")
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.locator("label[for=id_username]")).to_contain_text("Tên đăng nhập")

    page.click("#language-switch button[value=en]")

    expect(page).to_have_url(re.compile(re.escape(reverse("login")) + "$"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("label[for=id_username]")).to_contain_text("Username")
    expect(page.locator("label[for=id_password]")).to_contain_text("Password")
    # And back: the switch now offers Vietnamese.
    page.click("#language-switch button[value=vi]")
    expect(page.locator("html")).to_have_attribute("lang", "vi")


def test_the_plan_page_can_be_read_in_english_after_logging_in(live_server, page, plan):
    make_user(Role.STAFF, username="canbo")
    plan_url = reverse("targets:plan_current")
    log_in(page, live_server, "canbo", plan_url)
    expect(page).to_have_url(f"{live_server.url}{plan_url}")

    page.click("#language-switch button[value=en]")

    expect(page).to_have_url(f"{live_server.url}{plan_url}")
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("main")).to_contain_text("1133/KH-UBND")


def test_bootstrap_is_served_by_the_live_server_and_applied(live_server, page):
    for path in ("bootstrap/css/bootstrap.min.css", "bootstrap/js/bootstrap.bundle.min.js", "css/portal.css"):
        response = page.request.get(f"{live_server.url}{static(path)}")
        assert response.status == 200, path
    css = page.request.get(f"{live_server.url}{static('bootstrap/css/bootstrap.min.css')}")
    assert css.headers["content-type"].startswith("text/css")
    assert "Bootstrap" in css.text()[:300]

    failed = []
    page.on("requestfailed", lambda request: failed.append(request.url))
    page.on("response", lambda response: response.status >= 400 and failed.append(response.url))
    page.goto(f"{live_server.url}{reverse('login')}")

    assert failed == []
    # Bootstrap's rules are in force: the navbar is a flex box and buttons have padding.
    assert page.evaluate("getComputedStyle(document.querySelector('nav.navbar')).display") == "flex"
    assert page.evaluate("getComputedStyle(document.querySelector('.btn-primary')).paddingTop") != "0px"
