"""In headless Chromium at 390 px (a phone): the district drill-down keeps names readable and its chart legible.

Skipped when /usr/bin/chromium is absent (see conftest.py).
"""
import pytest
from django.urls import reverse

from institutions.models import Role

from .browser_support import log_in
from .factories import InstitutionFactory, make_user
from .report_world import build_report_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Width of each name cell, in em of its own font; the rendered size of the chart's 11-unit text, in px.
MEASURE = """() => ({
  names: [...document.querySelectorAll('#area-institutions td.col-name, #area-targets td.col-name')].map(
    cell => [cell.textContent.trim(), cell.getBoundingClientRect().width / parseFloat(getComputedStyle(cell).fontSize)]),
  page: [document.documentElement.scrollWidth, window.innerWidth],
  chart: [...document.querySelectorAll('#achievement-chart svg')].filter(svg => svg.getBoundingClientRect().width > 0)
    .map(svg => svg.getBoundingClientRect().width / svg.viewBox.baseVal.width * 11),
})"""


def test_on_a_phone_names_keep_their_width_the_page_does_not_scroll_sideways_and_the_chart_reads(
        live_server, browser):
    world = build_report_world()
    for n in range(3):
        InstitutionFactory(code=f"TV-106-{n}", name=f"Thư viện trường phổ thông dân tộc nội trú xã Bình Lư số {n}",
                           reporting_unit=world.units.u106)
    leader = make_user(Role.LEADER)
    context = browser.new_context(locale="vi-VN", viewport={"width": 390, "height": 844})
    page = context.new_page()
    log_in(page, live_server, leader.username, reverse("reports:dashboard_area", args=["106"]) + "?year=2017")
    page.wait_for_selector("#area-institutions")
    seen = page.evaluate(MEASURE)
    context.close()

    names = dict(seen["names"])
    assert "Thư viện trường phổ thông dân tộc nội trú xã Bình Lư số 2" in names and "Sách bổ sung (bản)" in names
    assert [name for name, width in seen["names"] if width < 6] == []  # never a word per line
    scroll_width, inner_width = seen["page"]
    assert scroll_width <= inner_width  # the wide table scrolls in its own box, not the page
    assert len(seen["chart"]) == 1 and seen["chart"][0] >= 11  # the phone layout, its text at 11 px or more
