"""In headless Chromium, every role's main pages fit the screen and their text is readable.

Fits: at 1,024, 1,280, 1,366, 1,440 px (office screens) and 390 px (a phone) no page scrolls
sideways; a wide table scrolls inside its own box. Readable: axe-core's color-contrast rule
(WCAG AA: 4.5:1, 3:1 for large text) finds nothing on those pages at 1,366 and 390 px.
axe-core (MPL-2.0) is vendored unmodified in tests/assets/ for this test only; the portal never serves it.
"""
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from institutions.models import Role
from reporting.models import Submission
from reports.services import report_create_draft, report_issue, report_start_correction, report_update

from .factories import PASSWORD, REPORT_WORDS, make_submission, make_user
from .report_world import build_report_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

WIDTHS = (1024, 1280, 1366, 1440, 390)
CONTRAST_WIDTHS = (1366, 390)  # the bar on one line, and folded
AXE = (Path(__file__).parent / "assets" / "axe.min.js").read_text()
# A long full name, as district accounts have: the user menu must not push the bar off the screen.
FULL_NAME = ("Cán bộ UBND", "huyện Tam Đường phụ trách thư viện")


@pytest.fixture
def world(db):
    world = build_report_world()
    # A returned report too, so its (warning) badge is on the overview.
    make_submission(world.h2017, world.units.tvt, {}, status="returned")
    return world


def pages_for(role, world):
    """The pages ``role`` works on, as paths."""
    def submission(period, unit):
        return Submission.objects.get(period=period, reporting_unit=unit).pk

    if role == "unit":
        return [
            reverse("home"), reverse("reporting:unit_home"),
            reverse("reporting:submission_edit", args=[submission(world.h2017, world.units.u106)]),
            reverse("reporting:submission_detail", args=[submission(world.fy2017, world.units.u106)]),
            reverse("institutions:list"), reverse("institutions:unit_detail", args=["106"]),
            reverse("targets:plan_current"),
        ]
    pages = [
        reverse("home"), reverse("reports:dashboard"), reverse("reports:dashboard_area", args=["106"]),
        reverse("reporting:overview"),
        reverse("reports:index"), reverse("reports:period", args=[world.fy2017.code]),
        reverse("reports:plan_progress"), reverse("targets:plan_current"),
        reverse("institutions:list"), reverse("institutions:unit_list"),
    ]
    if role == "leader":
        return pages + [reverse("reporting:submission_detail", args=[submission(world.fy2017, world.units.tvt)])]
    return pages + [
        reverse("reporting:review", args=[submission(world.fy2017, world.units.tvt)]),
        reverse("reporting:period_list"), reverse("audit:log"),
        *report_pages(world),
    ]


def report_pages(world):
    """An issued report replaced by a correction (both detail pages) and the confirmation page
    of a half-year draft that units have not all sent."""
    import datetime

    old = report_update(report=report_create_draft(period=world.fy2017, user=None), fields=REPORT_WORDS)
    old = report_issue(report=old, user=None, issued_on=datetime.date(2019, 11, 30))
    new = report_issue(report=report_start_correction(report=old, user=None), user=None,
                       issued_on=datetime.date(2019, 12, 5))
    draft = report_update(report=report_create_draft(period=world.h2017, user=None), fields=REPORT_WORDS)
    return [
        reverse("reports:detail", args=[old.pk]), reverse("reports:detail", args=[new.pk]),
        reverse("reports:issued_list"), reverse("reports:issue", args=[draft.pk]) + "?issued_on=30/11/2019",
    ]


def make_account(role, world):
    """A user of ``role`` ("superuser" for one without a profile) with a long full name."""
    if role == "superuser":
        user = get_user_model().objects.create_superuser("quantri", password=PASSWORD)
    else:
        user = make_user(role, unit=world.units.u106 if role == Role.UNIT else None)
    user.first_name, user.last_name = FULL_NAME
    user.save()
    return user


def signed_in_state(browser, live_server, username):
    """The cookies of a signed-in session, to open one browser context per screen width with."""
    context = browser.new_context(locale="vi-VN")
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('login')}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form:not(#language-switch) button[type=submit]")
    page.wait_for_url(f"{live_server.url}/")
    state = context.storage_state()
    context.close()
    return state


def contrast_failures(page):
    """axe-core's color-contrast findings on the open page: (element, message)."""
    page.evaluate(AXE)  # through DevTools, so the page's CSP (script-src 'self') does not apply
    return page.evaluate(
        """async () => (await axe.run(document, {runOnly: ['color-contrast']})).violations
             .flatMap(v => v.nodes.map(n => [n.target.join(' '), n.any.map(c => c.message).join(' ')]))"""
    )


@pytest.mark.parametrize("role", [Role.UNIT, Role.STAFF, Role.LEADER, "superuser"])
def test_no_page_of_a_role_scrolls_sideways_or_has_text_below_aa_contrast(live_server, browser, world, role):
    user = make_account(role, world)
    paths = pages_for("staff" if role == "superuser" else role, world)
    state = signed_in_state(browser, live_server, user.username)
    too_wide, unreadable = [], []
    for width in WIDTHS:
        context = browser.new_context(locale="vi-VN", storage_state=state, viewport={"width": width, "height": 900})
        page = context.new_page()
        for path in paths:
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (path, response.status)
            scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            if scroll_width > inner_width:
                too_wide.append((width, path, scroll_width))
            if width in CONTRAST_WIDTHS:
                unreadable += [(width, path, *failure) for failure in contrast_failures(page)]
        context.close()
    assert too_wide == []
    assert unreadable == []


def test_the_staff_bar_keeps_the_language_switch_and_every_page_on_one_line(live_server, browser, world):
    """At 1,366 px the bar is not folded, the language button sits inside the bar, and the
    registries, periods and log are one click away under "Danh mục"."""
    user = make_account(Role.STAFF, world)
    context = browser.new_context(locale="vi-VN", storage_state=signed_in_state(browser, live_server, user.username),
                                  viewport={"width": 1366, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}/")
    bar = page.locator("nav.navbar").bounding_box()
    switch = page.locator("#language-switch button").bounding_box()
    assert page.locator(".navbar-toggler").is_hidden()
    assert bar["y"] <= switch["y"] and switch["y"] + switch["height"] <= bar["y"] + bar["height"]
    assert switch["x"] + switch["width"] <= 1366

    page.click("#registry-menu")
    page.locator(".dropdown-menu.show").get_by_role("link", name="Nhật ký").click()
    page.wait_for_url(f"{live_server.url}{reverse('audit:log')}")
    context.close()
