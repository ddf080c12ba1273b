"""The achievement chart says what the targets table says, and the district drill-down shows what applies.

On the report world (tests/report_world.py) two targets on book rotation are added: the districts'
libraries together (300 + 150 = 450 against at least 200: 225 %, met) and district 106 alone (150 against
at least 250: 60 %, not met); books-each is per institution (600 and 450 against 500 each: 1/2 met).
"""
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from reports.charts import achievement_chart
from reports.data import report_data
from reports.present import report_page

from .factories import IndicatorFactory, InstitutionFactory, make_target
from .report_world import build_report_world

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world():
    world = build_report_world()
    rotation = world.indicators.rotation
    make_target(world.plan, rotation, "rotation-huyen", scope_kind="library", scope_levels=["district"], low=200,
                order=9)
    make_target(world.plan, rotation, "rotation-106", scope_mode="reporting_unit", reporting_unit=world.units.u106,
                low=250, order=10)
    return world


def charts_in(html):
    """Every achievement chart of a page, parsed."""
    return [ET.fromstring(svg) for svg in re.findall(r"<svg.*?</svg>", html, re.S) if 'data-key="' in svg]


def target_group(svg, key):
    return next(g for g in svg.iter(f"{SVG}g") if g.get("data-key") == key)


def text_of(element):
    return " ".join(" ".join(t.itertext()) for t in element.iter(f"{SVG}text"))


def table_status(html, key):
    row = re.search(rf'<tr data-target="{key}".*?</tr>', html, re.S).group(0)
    return re.search(r'<span class="badge[^"]*">([^<]+)</span>', row).group(1)


@pytest.mark.parametrize("key, words, status", [
    ("rotation-huyen", "225\u00a0% · Đạt", "within"),
    ("rotation-106", "60\u00a0% · Chưa đạt", "below"),
    ("books-each", "50\u00a0% (1/2) · Chưa đạt", "below"),
])
def test_each_bar_carries_the_status_word_and_pattern_of_the_table_beside_it(client_for, leader_user, world,
                                                                             key, words, status):
    html = client_for(leader_user).get(reverse("reports:period", args=[world.fy2017.code])).content.decode()
    wide, narrow = charts_in(html)
    assert words.endswith(table_status(html, key))
    for svg in (wide, narrow):
        group = target_group(svg, key)
        assert group.get("data-status") == status and words in text_of(group)
        bar = group.find(f"{SVG}rect")
        assert bar.get("data-status") == status
        if status == "within":  # a met target's bar, 225 % long, is solid green, never the red hatching
            assert bar.get("fill") == "#2e7d32"
        else:
            assert re.fullmatch(r"url\(#a[nw][0-9a-f]{8}-below\)", bar.get("fill"))


def test_the_chart_has_a_legend_of_colour_and_pattern_and_every_label_in_full(world):
    page = report_page(report_data(world.fy2017))
    svg = ET.fromstring(achievement_chart(page.rows))
    legend = next(g for g in svg.iter(f"{SVG}g") if g.get("class") == "legend")
    words = text_of(legend)
    assert "Chú giải" in words and "Đạt" in words and "Chưa đạt" in words
    assert "Vượt" not in words  # the legend names the statuses drawn: no target of this world went beyond
    assert "100\u00a0% mức tối thiểu" in words and "(6/8)" in words  # the dashed line and the per-institution note
    swatches = {rect.get("data-status"): rect.get("fill") for rect in legend.iter(f"{SVG}rect")}
    assert swatches["within"] == "#2e7d32" and swatches["below"].endswith("-below)")
    patterns = {p.get("id").rsplit("-", 1)[1] for p in svg.iter(f"{SVG}pattern")}
    assert patterns == {"above", "below"}  # "Đạt" is solid: three fills that differ in black and white
    for row in page.rows:
        if row["key"]:
            spans = [t.text for t in target_group(svg, row["key"]).iter(f"{SVG}tspan")]
            assert " ".join(spans) == f"{row['number']}. {row['name']} — {row['scope']}"
    assert "…" not in achievement_chart(page.rows) + achievement_chart(page.rows, narrow=True)


def test_a_target_without_figures_gets_its_status_word_and_no_bar():
    row = {"key": "k", "number": 1, "name": "Lượt bạn đọc", "scope": "Mỗi thư viện cấp huyện", "status": "no_data",
           "status_label": "Chưa có số liệu",
           "target": {"achievement_pct": 0, "institutions_meeting": 0, "institutions_total": 8}}
    group = target_group(ET.fromstring(achievement_chart([row])), "k")
    assert group.find(f"{SVG}rect") is None and "Chưa có số liệu" in text_of(group) and "0\u00a0%" not in text_of(group)


def test_the_dashboard_draws_the_same_chart_as_the_report_page(client_for, leader_user, world):
    client = client_for(leader_user)
    dashboard = charts_in(client.get(reverse("reports:dashboard")).content.decode())
    period = charts_in(client.get(reverse("reports:period", args=[world.fy2017.code])).content.decode())
    assert [ET.tostring(svg) for svg in dashboard] == [ET.tostring(svg) for svg in period]


# --- the district drill-down ----------------------------------------------------------------------


@pytest.fixture
def museum(world):
    """The provincial museum, its visitors indicator and a target: nothing of it is in a district."""
    indicator = IndicatorFactory(code="MUS_VISITS", name_vi="Lượt khách tham quan bảo tàng", applies_kind="museum",
                                 applies_levels=["province"], order=20)
    institution = InstitutionFactory(code="BT-TINH", name="Bảo tàng tỉnh", kind="museum", level="province",
                                     admin_unit=world.areas.province, reporting_unit=world.units.tvt)
    make_target(world.plan, indicator, "museum-visits", scope_mode="institution", institution=institution, low=1000,
                order=20)
    return indicator


def test_a_district_without_a_museum_shows_no_museum_indicator(client_for, leader_user, world, museum,
                                                              django_assert_num_queries):
    client = client_for(leader_user)
    with django_assert_num_queries(22):
        response = client.get(reverse("reports:dashboard_area", args=["106"]))
    columns = [indicator.code for indicator in response.context["indicators"]]
    assert "MUS_VISITS" not in columns and "Lượt khách tham quan bảo tàng" not in response.content.decode()
    assert columns == ["VISITS", "BOOKS", "INTERNET", "SESSIONS", "COLLECTION", "ROTATION"]
    province = client.get(reverse("reports:dashboard_area", args=["tinh"]))
    assert "MUS_VISITS" in [indicator.code for indicator in province.context["indicators"]]


def test_the_drill_down_charts_the_share_of_the_districts_institutions_meeting_each_minimum(
        client_for, leader_user, world):
    html = client_for(leader_user).get(reverse("reports:dashboard_area", args=["106"])).content.decode()
    wide, _narrow = charts_in(html)
    group = target_group(wide, "books-each")  # Tam Đường's one library added 450 books, under 500
    assert group.get("data-status") == "below" and "0\u00a0% (0/1) · Chưa đạt" in text_of(group)
    row = re.search(r'<tr data-target="books-each".*?</tr>', html, re.S).group(0)
    assert "0/1" in row and "Chưa đạt" in row
    assert [g.get("data-key") for g in wide.iter(f"{SVG}g") if g.get("data-key")] == ["books-each",
                                                                                             "festivals"]


def test_a_per_institution_target_nobody_reported_on_has_no_percentage_beside_its_status(
        client_for, leader_user, world):
    from .factories import make_period

    fy2018 = make_period(world.plan, 2018, "annual")
    make_target(world.plan, world.indicators.books, "books-2018", year=2018, scope_mode="each", scope_kind="library",
                scope_levels=["district"], low=500)
    html = client_for(leader_user).get(reverse("reports:period", args=[fy2018.code])).content.decode()
    row = re.search(r'<tr data-target="books-2018".*?</tr>', html, re.S).group(0)
    assert table_status(html, "books-2018") == "Chưa có số liệu" and "%" not in row
    group = target_group(charts_in(html)[0], "books-2018")
    assert text_of(group).endswith("Chưa có số liệu") and group.find(f"{SVG}rect") is None


def test_the_charts_by_district_say_each_districts_status_and_fit_a_phone(client_for, leader_user, world):
    response = client_for(leader_user).get(reverse("reports:period", args=[world.fy2017.code]))
    row = next(r for r in response.context["rows"] if r["key"] == "books-each")
    for layout in ("wide", "narrow"):
        svg = ET.fromstring(row["area_chart"][layout])
        words = text_of(svg)
        assert "600 (1/1) · Đạt" in words and "450 (0/1) · Chưa đạt" in words and "Chú giải" in words
    assert ET.fromstring(row["area_chart"]["narrow"]).get("viewBox").split()[2] == "300"
