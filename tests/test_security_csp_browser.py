"""In headless Chromium, no page a user reaches breaks the Content Security Policy.

Crawls the links a staff member and a unit member can follow on the demo data and fails on
any "Refused to ..." console message (an inline style or script the policy blocked). Also
checks that Bootstrap's JavaScript (the collapsed menu on a phone) works under the policy.
"""
import io
import re

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.urls import reverse
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "LaiChau@2026"  # demo.registry.DEMO_PASSWORD
SKIP = re.compile(
    r"logout|/admin/|export|download|excel|report\.|\.xlsx|\.pdf|\.csv|/i18n/|template|attachment", re.I
)
START = ["/", "/reporting/", "/reporting/overview/", "/reporting/periods/", "/reports/", "/reports/dashboard/",
         "/reports/plan/", "/reports/issued/"]
PER_SECTION = 3  # pages visited per first two path segments, so every part of the portal gets a turn
MAX_PAGES = 40


@pytest.fixture
def demo(db):
    cache.clear()
    for command, *args in (("load_admin_units",), ("load_plan",), ("seed_demo", "--with-reports", "--allow-production")):
        call_command(command, *args, stdout=io.StringIO())


@pytest.fixture
def violations(page):
    found = []
    page.on("console", lambda message: found.append(message.text) if "Content Security Policy" in message.text else None)
    return found


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form:not(#language-switch) button[type=submit]")
    expect(page).to_have_url(f"{live_server.url}/")


def crawl(page, live_server):
    """Visit same-site links breadth-first from the main pages; returns the paths visited."""
    queue, seen, per_section = list(START), set(), {}
    while queue and len(seen) < MAX_PAGES:
        path = queue.pop(0)
        section = "/".join(path.split("/")[:3])
        if path in seen or per_section.get(section, 0) >= PER_SECTION:
            continue
        seen.add(path)
        per_section[section] = per_section.get(section, 0) + 1
        page.goto(f"{live_server.url}{path}")
        for href in page.eval_on_selector_all("a[href^='/']", "links => links.map(a => a.getAttribute('href'))"):
            href = href.split("#")[0]
            if href and href not in seen and not SKIP.search(href):
                queue.append(href)
    return seen


@pytest.mark.parametrize("username", ["canbo", "donvi105"])
def test_no_page_reached_from_the_menu_breaks_the_policy(live_server, page, demo, violations, username):
    log_in(page, live_server, username)
    visited = crawl(page, live_server)
    assert len(visited) > 5
    assert violations == []


def test_the_phone_menu_opens_under_the_policy(live_server, page, demo, violations):
    page.set_viewport_size({"width": 390, "height": 800})
    log_in(page, live_server, "canbo")
    menu = page.locator("#mainnav")
    expect(menu).not_to_be_visible()
    page.click("button.navbar-toggler")
    expect(menu).to_be_visible()
    expect(page.locator("#mainnav a.nav-link").first).to_be_visible()
    assert violations == []
