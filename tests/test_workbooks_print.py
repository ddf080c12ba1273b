"""Every workbook the portal writes prints readably on A4: one page wide, its header rows (and row
labels where the sheet is wide) repeated on every page, frozen panes; the template's bookkeeping
sheet cannot be shown from the sheet menu."""
from io import BytesIO

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def titles(ranges):
    """A print-titles range as openpyxl reads it back ("$7:$8") written plainly ("7:8")."""
    return (ranges or "").replace("$", "")


def printable(sheet, *, landscape=True):
    setup = sheet.page_setup
    assert int(setup.paperSize) == 9, sheet.title  # A4 (openpyxl reads the number back as int)
    assert setup.orientation == ("landscape" if landscape else "portrait"), sheet.title
    assert (setup.fitToWidth, setup.fitToHeight) == (1, 0), sheet.title
    assert sheet.sheet_properties.pageSetUpPr.fitToPage, sheet.title
    assert "&P" in sheet.oddFooter.center.text, sheet.title


def test_the_units_template_prints_each_sheet_on_a4_and_hides_its_bookkeeping_for_good(period, unit, submission):
    from reporting.excel.layout import CODES_ROW, TEXT_HEADER_ROW
    from reporting.excel.template import template_bytes

    workbook = load_workbook(BytesIO(template_bytes(period=period, unit=unit)))
    data, texts, explanations, help_sheet, meta = workbook.worksheets
    printable(data)
    assert titles(data.print_title_rows) == f"{CODES_ROW}:{CODES_ROW + 1}" and titles(data.print_title_cols) == "A:B"
    assert data.freeze_panes is not None
    for sheet in (texts, explanations):
        printable(sheet)
        assert titles(sheet.print_title_rows) == f"{TEXT_HEADER_ROW}:{TEXT_HEADER_ROW}"
    printable(help_sheet, landscape=False)
    assert all(cell.alignment.wrap_text for cell in help_sheet["A"][1:] if cell.value)
    assert meta.sheet_state == "veryHidden" and workbook.security.lockStructure


def test_the_registry_export_prints_on_a4_with_its_header_and_names_repeated(staff_user):
    from institutions.excel import registry_workbook
    from institutions.models import Institution

    out = BytesIO()
    registry_workbook(Institution.objects.all()).save(out)
    sheet = load_workbook(BytesIO(out.getvalue())).worksheets[0]
    printable(sheet)
    assert titles(sheet.print_title_rows) == "1:1" and titles(sheet.print_title_cols) == "A:B"
    assert sheet.freeze_panes == "A2"


def test_the_consolidated_workbook_prints_every_sheet_on_a4():
    from reports.data import report_data
    from reports.services import report_preview
    from reports.xlsx import render_xlsx

    from .report_world import build_report_world

    world = build_report_world()
    workbook = load_workbook(BytesIO(render_xlsx(report_preview(period=world.fy2017), report_data(world.fy2017))))
    for sheet in workbook.worksheets:
        printable(sheet, landscape=sheet.page_setup.orientation == "landscape")
        assert sheet.page_setup.orientation in ("landscape", "portrait")
    wide = [sheet for sheet in workbook.worksheets if sheet.print_title_rows]
    assert wide and all(titles(sheet.print_title_rows) == "1:1" for sheet in wide)
