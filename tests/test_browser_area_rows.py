"""In headless Chromium, the 38 communes' table on the report page: no page scrolls sideways at a
phone's width or an office screen's, the table scrolls in its own box, and the communes' names
stay in view while it does; the dashboard's trend fits a phone too."""
import pytest
from django.urls import reverse

from institutions.models import Role

from .factories import make_user
from .test_browser_layout import contrast_failures, signed_in_state
from .test_report_area_rows import commune_world
from .test_report_trend import second_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("width", [390, 1366])
def test_the_communes_table_scrolls_in_its_box_with_the_names_in_view(live_server, browser, width):
    world = commune_world()
    second_plan(world)
    user = make_user(Role.LEADER)
    state = signed_in_state(browser, live_server, user.username)
    context = browser.new_context(locale="vi-VN", storage_state=state, viewport={"width": width, "height": 900})
    page = context.new_page()
    page.goto(f"{live_server.url}{reverse('reports:period', args=[world.fy2017.code])}")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    table = page.locator("#area-table")
    assert table.locator("thead th.area-name").inner_text() == "Xã, phường"
    assert table.locator("tbody th.area-name").count() == 40  # Cấp tỉnh, 38 communes, Tổng
    name = table.locator("tbody th.area-name", has_text="Xã Thử 36")
    name.scroll_into_view_if_needed()
    before = name.bounding_box()
    box = page.locator(".table-responsive:has(#area-table)")
    box.evaluate("box => { box.scrollLeft = box.scrollWidth; }")
    after = name.bounding_box()
    if width == 390:  # the phone scrolls the targets under the names
        assert box.evaluate("box => box.scrollLeft") > 0
    left = box.bounding_box()["x"]
    # the name sticks at the box's left edge (over the TT column), in view whatever the scroll
    assert left - 1 <= after["x"] <= before["x"] and after["x"] + after["width"] <= left + box.bounding_box()["width"]
    assert [f for f in contrast_failures(page) if "area-table" in f[0]] == []
    page.goto(f"{live_server.url}{reverse('reports:dashboard_trend')}?year=2017")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert page.locator("#trend svg:visible").count() == 1  # the screen's chart or the phone's
    context.close()
