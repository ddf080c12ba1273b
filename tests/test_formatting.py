"""Vietnamese numbers and dates on pages, forms and the printed report (Decree 30/2020 for the date line)."""
import datetime
import re
from decimal import Decimal

import pytest
from django.utils import translation

from laichau_plan import formatting as fmt
from reports.charts import achievement_chart, range_chart
from targets.models import Target


@pytest.mark.parametrize("value, text", [
    (Decimal("12345"), "12.345"), (Decimal("12.5"), "12,5"), (Decimal("1234567.25"), "1.234.567,25"),
    (0, "0"), (Decimal("-1500"), "-1.500"), (Decimal("100.0"), "100"), (None, "—"),
])
def test_numbers_use_dots_for_thousands_and_a_comma_for_decimals(value, text):
    assert fmt.number(value) == text


def test_percentages_and_signed_changes():
    assert fmt.pct(Decimal("85.3")) == "85,3\u00a0%"
    assert fmt.pct(Decimal("10"), sign=True) == "+10\u00a0%"
    assert fmt.signed(Decimal("-20")) == "-20"


@pytest.mark.parametrize("day, text", [
    (datetime.date(2017, 1, 5), "Lai Châu, ngày 05 tháng 01 năm 2017"),
    (datetime.date(2019, 6, 29), "Lai Châu, ngày 29 tháng 6 năm 2019"),
    (datetime.date(2018, 2, 14), "Lai Châu, ngày 14 tháng 02 năm 2018"),
    (datetime.date(2018, 12, 3), "Lai Châu, ngày 03 tháng 12 năm 2018"),
])
def test_the_place_and_date_line_pads_days_under_ten_and_months_one_and_two(day, text):
    assert fmt.place_date("Lai Châu", day) == text


def test_numbers_under_ten_get_a_leading_zero():
    assert fmt.number_symbol(5, "BC-SVHTTDL") == "05/BC-SVHTTDL"
    assert fmt.number_symbol(123, "BC-SVHTTDL") == "123/BC-SVHTTDL"


def test_target_ranges():
    assert fmt.target_range(Decimal(15000), Decimal(17000)) == "15.000–17.000"
    assert fmt.target_range(Decimal(500), None) == "≥ 500"
    assert fmt.target_range(None, None) == "—"


def test_a_figure_in_a_form_field_is_written_the_vietnamese_way_even_on_an_english_page():
    with translation.override("en"):
        assert fmt.number(Decimal("12345.5")) == "12,345.5"
        assert fmt.plain_number(Decimal("12345.5")) == "12.345,5"
    assert fmt.plain_number(Decimal("-1500.250")) == "-1.500,25"


def test_a_plan_target_reads_its_range_from_the_same_formatter_as_the_report():
    target = Target(target_min=Decimal("15000"), target_max=Decimal("17000.5"))
    assert target.range_display == fmt.target_range(target.target_min, target.target_max) == "15.000–17.000,5"
    with translation.override("en"):
        assert Target(target_min=Decimal("500")).range_display == "≥ 500"
        assert Target(target_min=Decimal("1500"), target_max=Decimal("1500")).range_display == "1,500"


def test_charts_are_svg_with_escaped_labels():
    target = {"target_min_total": 10, "target_max_total": 20, "actual": 15, "status": "within",
              "achievement_pct": Decimal("150.0")}
    svg = range_chart(target, "sum")
    assert svg.startswith("<svg") and "15 / 10–20" in svg
    row = {"key": "k", "number": 1, "name": "<script>", "scope": "x", "target": target, "status": "within",
           "status_label": "Đạt"}
    chart = achievement_chart([row])
    assert "<script>" not in chart and "&lt;script&gt;" in chart
    assert "150\u00a0%" in chart


def test_a_long_chart_label_is_written_in_full_over_several_lines():
    target = {"achievement_pct": Decimal("120.0")}
    name = "Số cuộc liên hoan, hội diễn, ngày hội văn hóa, thể thao các dân tộc cấp huyện"
    row = {"key": "k", "number": 21, "name": name, "scope": "Tổng: UBND huyện, thành phố", "target": target,
           "status": "within", "status_label": "Đạt"}
    chart = achievement_chart([row])
    spans = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", chart)
    assert len(spans) > 1 and "…" not in chart
    assert " ".join(spans) == f"21. {name} — Tổng: UBND huyện, thành phố"
