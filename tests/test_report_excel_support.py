"""Shared data and helpers for the Excel round-trip tests (test_report_excel_*.py); no tests here.

The unit (code 105) has a district library TV-105 and a district museum BT-105. The period asks
for two library indicators (a count and a yes/no), a museum percentage, and one figure for the
unit itself (festivals held), so every template has greyed cells and a unit row.
"""
from io import BytesIO

import pytest
from openpyxl import load_workbook

from reporting.excel.importer import import_report
from reporting.excel.layout import CODES_ROW, DATA_SHEET, META_SHEET
from reporting.excel.template import template_bytes
from reporting.models import Submission, SubmissionValue

from .factories import IndicatorFactory, InstitutionFactory, make_period, plan_with_indicators


@pytest.fixture
def indicators(db):
    return [
        IndicatorFactory(code="LIB_VISITS", name_vi="Lượt bạn đọc"),
        IndicatorFactory(code="LIB_INTERNET", value_type="boolean", aggregation="share_yes", unit_vi="có/không"),
        IndicatorFactory(code="MUS_SHARE", value_type="percent", aggregation="average", applies_kind="museum",
                         unit_vi="%"),
        IndicatorFactory(code="FESTIVALS", applies_to="reporting_unit", applies_kind="", applies_levels=[],
                         unit_vi="cuộc"),
    ]


@pytest.fixture
def period(indicators):
    return make_period(plan_with_indicators(*indicators), 2017, "half_year")


@pytest.fixture
def museum(unit):
    return InstitutionFactory(reporting_unit=unit, code="BT-105", name="Bảo tàng thành phố", kind="museum")


@pytest.fixture
def setup(period, unit, own_institution, museum, unit_user):
    """Everything one import needs: the period, the unit with its two institutions, a member."""
    return period


def workbook(period, unit):
    return load_workbook(BytesIO(template_bytes(period=period, unit=unit)))


def to_bytes(wb):
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def row_of(ws, code, first=CODES_ROW + 2):
    """The row with ``code`` in column A, from row ``first`` on."""
    for row in range(first, ws.max_row + 1):
        if ws.cell(row, 1).value == code:
            return row
    raise AssertionError(f"no row {code} in {ws.title}")


def column_of(ws, indicator_code):
    for column in range(1, ws.max_column + 1):
        if ws.cell(CODES_ROW, column).value == indicator_code:
            return column
    raise AssertionError(f"no column {indicator_code}")


def cell(wb, row_code, indicator_code):
    ws = wb[DATA_SHEET]
    return ws.cell(row_of(ws, row_code), column_of(ws, indicator_code))


def fill(wb, **values):
    """fill(wb, LIB_VISITS__TV_105=1200): keys are INDICATOR__ROWCODE with '-' written '_'."""
    for name, value in values.items():
        indicator, row_code = name.split("__")
        cell(wb, row_code.replace("_", "-"), indicator).value = value
    return wb


def filled(period, unit, **overrides):
    values = {"LIB_VISITS__TV_105": 1200, "LIB_INTERNET__TV_105": "Có", "MUS_SHARE__BT_105": 42.5,
              "FESTIVALS__105": 3, **overrides}
    return fill(workbook(period, unit), **values)


def meta_set(wb, key, value):
    for row in wb[META_SHEET].iter_rows():
        if row[0].value == key:
            row[1].value = value
            return wb
    raise AssertionError(key)


def run(data, user=None, filename="bao-cao.xlsx", **kwargs):
    return import_report(data=data, filename=filename, user=user, **kwargs)


def state(period, unit):
    """What must not change when an import is refused."""
    submission = Submission.objects.filter(period=period, reporting_unit=unit).first()
    return (
        SubmissionValue.objects.count(),
        submission.version if submission else None,
        submission.status if submission else None,
        submission.events.count() if submission else 0,
    )
