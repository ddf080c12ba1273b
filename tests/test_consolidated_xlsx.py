"""The workbook read back equals the JSON: same numbers, sheet by sheet."""
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from reports.data import report_data
from reports.serialize import dumps, loads
from reports.services import report_preview
from reports.xlsx import render_xlsx

from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_report_world()


@pytest.fixture
def data(world):
    return report_data(world.fy2017, include_submitted=True)


@pytest.fixture
def workbook(world, data):
    return load_workbook(io.BytesIO(render_xlsx(report_preview(period=world.fy2017), data)))


def number(cell):
    return None if cell is None else Decimal(str(cell))


def records(ws):
    rows = list(ws.iter_rows(values_only=True))
    header = rows[0]
    return [dict(zip(header, row)) for row in rows[1:]]


def json_targets(data):
    return [(i, t) for i in data["indicators"] for t in i["targets"]]


def figure(value, indicator):
    """A JSON figure as the workbook stores it (shares as fractions)."""
    if value is None:
        return None
    return Decimal(value) / 100 if indicator["aggregation"] == "share_yes" else Decimal(value)


def test_it_has_the_four_sheets(workbook):
    assert workbook.sheetnames == ["Tổng hợp", "Theo chỉ tiêu", "Theo huyện", "Tiến độ nộp"]


def test_the_target_sheet_equals_the_json(workbook, data):
    rows = records(workbook["Theo chỉ tiêu"])
    targets = json_targets(data)
    assert len(rows) == len(targets)
    for row, (indicator, target) in zip(rows, targets):
        assert row["Mã chỉ tiêu"] == indicator["code"]
        assert (row["Mã mục tiêu"] or None) == target["key"]
        assert number(row["Thực hiện"]) == figure(target["actual"], indicator)
        assert number(row["Tối thiểu"]) == figure(target["target_min"], indicator)
        assert number(row["Tối đa"]) == figure(target["target_max"], indicator)
        for column, key in (("Tỷ lệ so với tối thiểu", "achievement_pct"), ("Tỷ lệ so với tối đa", "achievement_max_pct")):
            expected = None if target[key] is None else Decimal(target[key]) / 100
            assert number(row[column]) == expected
        assert row["Số thiết chế trong phạm vi"] == target["institutions_total"]
        assert row["Đạt mức tối thiểu"] == target["institutions_meeting"]
        assert number(row["Cùng kỳ năm trước"]) == figure(target["previous_actual"], indicator)
        assert (row["Tạm tính"] == "x") == target["provisional"]


def test_the_district_sheet_equals_the_json(workbook, data):
    rows = records(workbook["Theo huyện"])
    expected = [
        (indicator["code"], target["key"], area["code"], figure(area["actual"], indicator), area["institutions_meeting"])
        for indicator, target in json_targets(data) for area in target["by_area"]
    ]
    got = [(r["Mã chỉ tiêu"], r["Mã mục tiêu"], r["Mã địa bàn"], number(r["Thực hiện"]), r["Đạt mức tối thiểu"])
           for r in rows]
    assert got == expected


def test_the_completeness_sheet_and_the_summary_equal_the_json(workbook, data):
    units = records(workbook["Tiến độ nộp"])
    assert [u["Mã đơn vị"] for u in units] == [u["code"] for u in data["completeness"]["units"]]
    assert [u["Ngày gửi"].date().isoformat() for u in units] == [
        u["first_submitted_on"] for u in data["completeness"]["units"]
    ]
    summary = {row[0]: row[1] for row in workbook["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    c = data["completeness"]
    assert (summary["Đơn vị phải báo cáo"], summary["Đã gửi"], summary["Đã duyệt"]) == (
        c["expected"], c["submitted"], c["approved"]
    )
    assert (summary["Gửi đúng hạn"], summary["Gửi muộn"], summary["Chưa gửi"]) == (c["on_time"], c["late"], c["missing"])
    assert summary["Tổng số chỉ tiêu"] == data["summary"]["targets"]


def test_sheets_have_number_formats_frozen_headers_and_print_settings(workbook):
    ws = workbook["Theo chỉ tiêu"]
    assert ws.freeze_panes == "A2"
    assert ws.print_title_rows == "$1:$1"
    assert ws.page_setup.orientation == "landscape"
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage
    header = [c.value for c in ws[1]]
    actual = ws.cell(row=2, column=header.index("Thực hiện") + 1)
    share = ws.cell(row=2, column=header.index("Tỷ lệ so với tối thiểu") + 1)
    assert actual.number_format == "#,##0"
    assert share.number_format == "0.0%"
    for name in ("Theo huyện", "Tiến độ nộp"):
        assert workbook[name].freeze_panes == "A2"


def test_text_that_looks_like_a_formula_stays_text(world):
    world.units.u105.name = "=HYPERLINK(\"http://x\",\"bấm\")"
    world.units.u105.save()
    data = report_data(world.fy2017)
    wb = load_workbook(io.BytesIO(render_xlsx(report_preview(period=world.fy2017), data)))
    cell = next(c for c in wb["Tiến độ nộp"]["C"] if c.value and str(c.value).startswith("=HYPERLINK"))
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_the_json_round_trips_exactly(data):
    text = dumps(data)
    assert loads(text) == data
    assert '"actual": 9.5' in text  # average sessions, written as a number with its own digits
