"""The Excel template: grid, pre-filled values, greyed cells, data validation, instructions, _meta."""
from decimal import Decimal

import pytest

from reporting.excel.layout import CODES_LABEL, CODES_ROW, DATA_SHEET, HELP_SHEET, META_SHEET, NOT_APPLICABLE
from reporting.selectors import cell_key
from reporting.services import submission_get_or_create, submission_save

from .test_report_excel_support import cell, column_of, indicators, museum, period, row_of, setup, workbook  # noqa: F401

pytestmark = pytest.mark.django_db


def test_the_data_sheet_has_one_column_per_indicator_under_the_codes_label(setup, unit):
    ws = workbook(setup, unit)[DATA_SHEET]
    assert ws.cell(CODES_ROW, 1).value == CODES_LABEL
    codes = [ws.cell(CODES_ROW, c).value for c in range(3, ws.max_column + 1)]
    assert codes == ["FESTIVALS", "LIB_INTERNET", "LIB_VISITS", "MUS_SHARE"]  # indicator order, then code
    assert "Lượt bạn đọc" in ws.cell(CODES_ROW + 1, column_of(ws, "LIB_VISITS")).value


def test_there_is_one_row_per_institution_and_a_last_row_for_the_unit(setup, unit):
    ws = workbook(setup, unit)[DATA_SHEET]
    codes = [ws.cell(r, 1).value for r in range(CODES_ROW + 2, ws.max_row + 1)]
    assert sorted(codes[:2]) == ["BT-105", "TV-105"]
    assert codes[-1] == "105"
    assert ws.cell(row_of(ws, "TV-105"), 2).value == "Thư viện thành phố Lai Châu"


def test_the_title_rows_name_the_unit_and_the_period(setup, unit):
    ws = workbook(setup, unit)[DATA_SHEET]
    titles = " ".join(str(ws.cell(r, 1).value) for r in range(1, CODES_ROW))
    assert "UBND thành phố Lai Châu (mã 105)" in titles
    assert "2017-H1" in titles and "20/06/2017" in titles and "14/06/2017" in titles


def test_cells_that_do_not_apply_are_greyed_locked_and_marked(setup, unit):
    wb = workbook(setup, unit)
    grey = cell(wb, "TV-105", "MUS_SHARE")
    assert grey.value == NOT_APPLICABLE and grey.protection.locked
    assert grey.fill.fgColor.rgb.endswith("D9D9D9")
    assert cell(wb, "105", "LIB_VISITS").value == NOT_APPLICABLE
    open_cell = cell(wb, "TV-105", "LIB_VISITS")
    assert open_cell.value is None and not open_cell.protection.locked
    assert wb[DATA_SHEET].protection.sheet


def test_value_cells_carry_data_validation_by_value_type(setup, unit):
    wb = workbook(setup, unit)
    validations = wb[DATA_SHEET].data_validations.dataValidation
    by_cell = {}
    for validation in validations:
        for coordinate in str(validation.sqref).split():
            by_cell[coordinate] = validation
    visits = by_cell[cell(wb, "TV-105", "LIB_VISITS").coordinate]
    assert (visits.type, visits.operator, visits.formula1) == ("whole", "greaterThanOrEqual", "0")
    internet = by_cell[cell(wb, "TV-105", "LIB_INTERNET").coordinate]
    assert internet.type == "list" and internet.formula1 == '"Có,Không"'
    share = by_cell[cell(wb, "BT-105", "MUS_SHARE").coordinate]
    assert (share.type, share.formula1, share.formula2) == ("decimal", "0", "100")
    assert cell(wb, "TV-105", "MUS_SHARE").coordinate not in by_cell


def test_values_entered_before_are_pre_filled(setup, unit, unit_user):
    submission = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=submission, user=unit_user, values={
        cell_key("LIB_VISITS", "TV-105"): "1.200", cell_key("LIB_INTERNET", "TV-105"): "không",
        cell_key("MUS_SHARE", "BT-105"): "12,5", cell_key("FESTIVALS"): "2",
    })
    wb = workbook(setup, unit)
    assert cell(wb, "TV-105", "LIB_VISITS").value == 1200
    assert cell(wb, "TV-105", "LIB_INTERNET").value == "Không"
    assert cell(wb, "BT-105", "MUS_SHARE").value == 12.5
    assert cell(wb, "105", "FESTIVALS").value == 2
    snapshot = {row[1].value: row[2].value for row in wb[META_SHEET].iter_rows() if row[0].value == "value"}
    assert Decimal(snapshot[cell_key("MUS_SHARE", "BT-105")]) == Decimal("12.5")


def test_the_file_records_version_unit_and_period_in_a_very_hidden_sheet(setup, unit):
    wb = workbook(setup, unit)
    meta = wb[META_SHEET]
    assert meta.sheet_state == "veryHidden"
    pairs = {row[0].value: row[1].value for row in meta.iter_rows()}
    assert pairs["template_version"] == "2"
    assert pairs["unit_code"] == "105" and pairs["period_code"] == "2017-H1"
    assert pairs["generated_at"]
    rows = [row[1].value for row in meta.iter_rows() if row[0].value == "row"]
    assert sorted(rows) == ["105", "BT-105", "TV-105"]


def test_an_instructions_sheet_in_vietnamese_explains_the_unit_row(setup, unit):
    text = " ".join(str(c.value) for c in workbook(setup, unit)[HELP_SHEET]["A"] if c.value)
    assert "HƯỚNG DẪN" in text and "không dùng công thức" in text
    assert "mã 105 ở cột A" in text
