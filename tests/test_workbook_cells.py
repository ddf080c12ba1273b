"""Every workbook the portal writes keeps user text as text: a name that looks like a formula comes
back as that literal text (never a formula), text Excel cannot hold does not break the export, and
numbers stay numbers."""
import io
import re
import zipfile
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from laichau_plan.workbooks import MAX_CELL_CHARS, write_cell
from reporting.excel.importer import import_report
from reporting.excel.layout import DATA_SHEET, META_SHEET
from reporting.excel.template import template_bytes
from reports.data import report_data
from reports.services import report_preview
from reports.xlsx import render_xlsx

from .factories import IndicatorFactory, InstitutionFactory, make_period, plan_with_indicators
from .report_world import build_report_world
from .test_report_excel_support import fill, row_of, to_bytes

pytestmark = pytest.mark.django_db
NAME = '=HYPERLINK("http://evil.example","Bấm vào đây")'
FORMULA_ELEMENT = re.compile(rb"<f[ >]")


def formula_parts(content):
    """The worksheets of an .xlsx file that hold a formula element."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return [name for name in archive.namelist()
                if name.startswith("xl/worksheets/") and FORMULA_ELEMENT.search(archive.read(name))]


def registry_export(client_for, staff_user):
    InstitutionFactory(code="F-1", name=NAME)
    content = client_for(staff_user).get(reverse("institutions:export")).content
    return content, [load_workbook(io.BytesIO(content)).active["B2"]]


def report_template(client_for, staff_user):
    institution = InstitutionFactory(code="F-1", name=NAME)
    content = template_bytes(period=period_for(), unit=institution.reporting_unit)
    wb = load_workbook(io.BytesIO(content))
    ws = wb[DATA_SHEET]
    meta = next(row for row in wb[META_SHEET].iter_rows() if row[0].value == "row" and row[1].value == "F-1")
    return content, [ws.cell(row_of(ws, "F-1"), 2), meta[3]]


def consolidated_workbook(client_for, staff_user):
    world = build_report_world()
    world.units.u105.name = NAME
    world.units.u105.save()
    content = render_xlsx(report_preview(period=world.fy2017), report_data(world.fy2017))
    ws = load_workbook(io.BytesIO(content))["Tiến độ nộp"]
    return content, [next(cell for cell in ws["C"] if cell.value == NAME)]


def period_for():
    return make_period(plan_with_indicators(IndicatorFactory(code="LIB_VISITS")), 2017, "half_year")


@pytest.mark.parametrize("write", [registry_export, report_template, consolidated_workbook])
def test_a_name_that_looks_like_a_formula_comes_back_as_its_literal_text_in_every_workbook(
    client_for, staff_user, write
):
    content, cells = write(client_for, staff_user)
    for cell in cells:
        assert cell.value == NAME
        assert cell.data_type == "s" and cell.quotePrefix, "text, shown and edited as text in Excel"
    assert formula_parts(content) == []


def test_a_template_with_a_formula_like_institution_name_still_imports(unit, unit_user):
    InstitutionFactory(code="F-1", name=NAME, reporting_unit=unit)
    period = period_for()
    wb = load_workbook(io.BytesIO(template_bytes(period=period, unit=unit)))
    fill(wb, LIB_VISITS__F_1=1200)
    result = import_report(data=to_bytes(wb), filename="bao-cao.xlsx", user=unit_user, period=period, unit=unit)
    assert result.ok, result.messages
    assert result.filled == 1


def test_text_over_excels_cell_limit_or_with_control_characters_does_not_break_the_export():
    world = build_report_world()
    report = report_preview(period=world.fy2017)
    report.summary = "Báo cáo\x0b kết quả " + "x" * 40000
    content = render_xlsx(report, report_data(world.fy2017))
    summary = load_workbook(io.BytesIO(content))["Tổng hợp"]["A2"].value
    assert len(summary) == MAX_CELL_CHARS and summary.endswith("toàn văn xem trên cổng.]")
    assert summary.startswith("Báo cáo kết quả xxx")


def test_the_registry_export_drops_characters_excel_refuses(client_for, staff_user):
    InstitutionFactory(code="VT-1", name="Nhà văn hóa\x0bbản Mới")  # a vertical tab pasted from Word
    content = client_for(staff_user).get(reverse("institutions:export")).content
    assert load_workbook(io.BytesIO(content)).active["B2"].value == "Nhà văn hóabản Mới"


@pytest.mark.parametrize("value", [0, 1200, Decimal("12.5"), 3.25, None])
def test_numbers_stay_numbers(value):
    cell = write_cell(Workbook().active["A1"], value)
    assert cell.value == value and cell.data_type == "n" and not cell.quotePrefix


@pytest.mark.parametrize("text", ["+84 213 3876 000", "-5", "@SUM(A1)", "\tx", "\rx", "=1+2"])
def test_text_starting_like_a_formula_is_quoted_text(text):
    cell = write_cell(Workbook().active["A1"], text)
    assert (cell.value, cell.data_type, cell.quotePrefix) == (text, "s", True)


def test_ordinary_text_is_written_unchanged_without_a_quote():
    cell = write_cell(Workbook().active["A1"], "Thư viện tỉnh Lai Châu")
    assert (cell.value, cell.data_type, cell.quotePrefix) == ("Thư viện tỉnh Lai Châu", "s", False)


def test_the_cell_limit_counts_characters_outside_the_basic_plane_twice():
    text = "😀" * 20000  # 40,000 UTF-16 units
    value = write_cell(Workbook().active["A1"], text).value
    assert len(value.encode("utf-16-le")) // 2 <= MAX_CELL_CHARS and value.endswith("toàn văn xem trên cổng.]")
    assert set(value[: value.index(" [")]) == {"😀"}
