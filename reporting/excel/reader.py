"""Read an uploaded report workbook: open it safely, read its _meta sheet, read the figures.

Nothing here writes to the database. Every problem is a Problem naming the sheet, row,
column (and indicator code) with a Vietnamese message; the importer saves nothing when any.
"""
import datetime
import logging
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from laichau_plan.text import nfc, quoted, shortened
from laichau_plan.workbooks import WorkbookRefused, damaged, open_uploaded_workbook

from ..checks import InvalidValue, parse_value
from ..selectors import cell_key
from .layout import (
    CODES_LABEL,
    DATA_SHEET,
    FIGURES_ONLY_VERSION,
    FIRST_VALUE_COLUMN,
    META_SHEET,
    NOT_APPLICABLE,
    TEMPLATE_VERSION,
)
from .sheets import Sheets

MAX_ROWS = 5000
MAX_COLUMNS = 500
BLANKS = {"", NOT_APPLICABLE, "-"}
NEW_TEMPLATE = "hãy tải mẫu mới"
logger = logging.getLogger(__name__)


@dataclass
class Problem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""
    code: str = ""
    cell: str = ""  # "C7": a cell of the words sheets, named as Excel names it

    def __str__(self):
        where = [_("Trang '%(sheet)s'") % {"sheet": self.sheet}] if self.sheet else []
        if self.cell:
            where.append(_("ô %(cell)s") % {"cell": self.cell})
        elif self.row:
            where.append(_("dòng %(row)s") % {"row": self.row})
        if self.column:
            where.append(_("cột %(column)s") % {"column": self.column} + (f" ({shortened(self.code)})" if self.code else ""))
        return f"{', '.join(where)}: {self.message}" if where else self.message[:1].upper() + self.message[1:]


class ReadError(Exception):
    """The file cannot be read as a report at all; ``problems`` says why."""

    def __init__(self, problems):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__("; ".join(str(p) for p in self.problems))


@dataclass
class Meta:
    version: str = ""
    unit_code: str = ""
    period_code: str = ""
    generated_at: str = ""
    rows: dict = field(default_factory=dict)  # row code -> (institution code, name)
    indicators: list = field(default_factory=list)
    snapshot: dict = field(default_factory=dict)  # cell key -> text of the pre-filled value
    text_snapshot: dict = field(default_factory=dict)  # code in "Thuyết minh" -> digest of the pre-filled text
    explanation_snapshot: dict = field(default_factory=dict)  # cell key -> digest of the pre-filled explanation

    @property
    def has_words(self):
        """Whether the file carries the report's words (from version 2; version 1 is figures only)."""
        return self.version != FIGURES_ONLY_VERSION


@dataclass
class Figures:
    values: dict = field(default_factory=dict)  # cell key -> Decimal or None, every owed cell
    locations: dict = field(default_factory=dict)  # cell key -> (row, column letter)
    problems: list = field(default_factory=list)


def open_workbook(data, filename):
    """The workbook's sheets read once (sheets.Sheets: read-only openpyxl, formulas kept as formulas),
    or ReadError saying what the file is."""
    try:
        wb = open_uploaded_workbook(data, filename, read_only=True)
        return Sheets(wb, MAX_ROWS)
    except WorkbookRefused as exc:
        raise ReadError(Problem(exc.message)) from None
    except Exception as exc:  # a sheet that fails to parse (read-only openpyxl reads sheets only now)
        logger.info("unreadable workbook %r: %r", filename, exc)
        raise ReadError(Problem(damaged(filename).message)) from None


def cell_text(value):
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)) or ""


def read_meta(wb):
    """The _meta sheet: template version, unit, period, rows, columns and pre-filled values."""
    if META_SHEET not in wb.sheetnames:
        raise ReadError(Problem(
            _("tệp không có trang '%(sheet)s': không phải mẫu báo cáo tải từ cổng hoặc là mẫu quá cũ; "
              "hãy tải mẫu mới") % {"sheet": META_SHEET}
        ))
    meta = Meta()
    scalars = {}
    for values in wb[META_SHEET].iter_rows(values_only=True):
        kind, *rest = [cell_text(value) for value in values] + ["", "", ""]
        if kind == "row":
            meta.rows[rest[0]] = (rest[1], rest[2])
        elif kind == "indicator":
            meta.indicators.append(rest[0])
        elif kind == "value":
            meta.snapshot[rest[0]] = rest[1]
        elif kind == "text":
            meta.text_snapshot[rest[0]] = rest[1]
        elif kind == "explanation":
            meta.explanation_snapshot[rest[0]] = rest[1]
        elif kind:
            scalars[kind] = rest[0]
    meta.version = scalars.get("template_version", "")
    meta.unit_code = scalars.get("unit_code", "")
    meta.period_code = scalars.get("period_code", "")
    meta.generated_at = scalars.get("generated_at", "")
    if meta.version not in (TEMPLATE_VERSION, FIGURES_ONLY_VERSION):
        raise ReadError(Problem(
            _("đây là mẫu cũ (phiên bản %(old)s); mẫu hiện nay là phiên bản %(new)s: "
              "hãy tải mẫu mới và chép số liệu sang") % {"old": meta.version or _("không rõ"), "new": TEMPLATE_VERSION}
        ))
    if not meta.unit_code or not meta.period_code:
        raise ReadError(Problem(
            _("trang '%(sheet)s' không ghi đơn vị hoặc kỳ báo cáo; hãy tải mẫu mới") % {"sheet": META_SHEET}
        ))
    return meta


def is_formula(cell):
    return cell.data_type == "f" or (isinstance(cell.value, str) and cell.value.startswith("="))


def _blank(value):
    return value is None or (isinstance(value, str) and value.strip() in BLANKS)


def _raw(cell, indicator):
    """The cell's value ready for parse_value; InvalidValue for what is never a figure."""
    value = cell.value
    if is_formula(cell):
        raise InvalidValue(_("ô có công thức, hãy ghi số"))
    if cell.data_type == "e":
        raise InvalidValue(_("ô báo lỗi %(error)s; hãy ghi số") % {"error": value})
    if isinstance(value, (datetime.date, datetime.time, datetime.timedelta)):
        raise InvalidValue(_("ô chứa ngày tháng, không phải số (hãy định dạng ô là số)"))
    if isinstance(value, bool) and indicator.value_type != "boolean":
        raise InvalidValue(_("%(text)s không phải là số") % {"text": quoted(value)})
    if isinstance(value, str):
        value = nfc(value)
    elif indicator.value_type == "percent" and isinstance(value, (int, float)) and "%" in cell.number_format:
        value = (Decimal(str(value)) * 100).normalize()  # typed 42% in Excel: stored 0.42, meant 42
    return None if _blank(value) else value


class _Sheet:
    """Reads the data sheet against the layout of what the unit owes now."""

    def __init__(self, ws, layout, meta):
        self.ws, self.layout, self.meta = ws, layout, meta
        self.figures = Figures()
        self.rows_by_code = {row.code.upper(): row for row in layout.rows}
        self.indicators = {indicator.code: indicator for indicator in layout.indicators}

    def problem(self, message, row=None, column=None, code=""):
        letter = get_column_letter(column) if isinstance(column, int) else (column or "")
        self.figures.problems.append(Problem(message, DATA_SHEET, row, letter, code))

    def read(self):
        ws = self.ws
        if ws.max_row > MAX_ROWS or ws.max_column > MAX_COLUMNS:
            self.problem(_("trang có quá nhiều dòng hoặc cột (tối đa %(rows)s dòng, %(columns)s cột)")
                         % {"rows": MAX_ROWS, "columns": MAX_COLUMNS})
            return self.figures
        codes_row = next(
            (r for r in range(1, min(ws.max_row, 40) + 1) if cell_text(ws.cell(r, 1).value) == CODES_LABEL), None
        )
        if codes_row is None:
            self.problem(_("không tìm thấy dòng có '%(label)s' ở cột A; tệp không đúng mẫu, hãy tải mẫu mới")
                         % {"label": CODES_LABEL}, column="A")
            return self.figures
        self._merged(codes_row)
        columns = self._columns(codes_row)
        self._rows(codes_row, columns)
        return self.figures

    def _merged(self, codes_row):
        for merged in self.ws.merged_cells.ranges:
            if merged.max_row >= codes_row:
                self.problem(_("các ô %(cells)s bị gộp (merge); hãy bỏ gộp ô, mỗi ô ghi một số")
                             % {"cells": merged.coord}, merged.min_row, merged.min_col)

    def _columns(self, codes_row):
        """{column number: Indicator}; None for a column without a code."""
        columns, seen = {}, {}
        for column in range(FIRST_VALUE_COLUMN, self.ws.max_column + 1):
            code = cell_text(self.ws.cell(codes_row, column).value).upper()
            if not code:
                columns[column] = None
            elif code in seen:
                self.problem(_("mã chỉ tiêu %(code)s lặp lại (đã có ở cột %(column)s)")
                             % {"code": code, "column": get_column_letter(seen[code])}, codes_row, column, code)
            elif code not in self.indicators:
                why = (_("không còn thuộc kỳ báo cáo này") if code in self.meta.indicators
                       else _("không có trong kỳ báo cáo này"))
                self.problem(_("mã chỉ tiêu %(code)s %(why)s; hãy tải mẫu mới") % {"code": quoted(code), "why": why},
                             codes_row, column, code)
            else:
                seen[code] = column
                columns[column] = self.indicators[code]
        for code in self.indicators:
            if code not in seen:
                why = (_("cột đã bị xóa hoặc sửa mã") if code in self.meta.indicators
                       else _("chỉ tiêu được thêm vào kỳ sau khi tải mẫu"))
                self.problem(_("thiếu cột của chỉ tiêu %(code)s (%(why)s); hãy tải mẫu mới")
                             % {"code": code, "why": why}, codes_row, code=code)
        return columns

    def _rows(self, codes_row, columns):
        seen = {}
        for number in range(codes_row + 2, self.ws.max_row + 1):
            code = cell_text(self.ws.cell(number, 1).value).upper()
            if not code:
                if any(not _blank(self.ws.cell(number, c).value) for c in columns):
                    self.problem(_("dòng có số liệu nhưng cột A không có mã thiết chế"), number, "A")
                continue
            if code in seen:
                self.problem(_("mã %(code)s lặp lại (đã có ở dòng %(row)s); mỗi thiết chế chỉ một dòng")
                             % {"code": shortened(code), "row": seen[code]}, number, "A")
                continue
            seen[code] = number
            row = self.rows_by_code.get(code)
            if row is None:
                why = (_("không còn phải báo cáo kỳ này (ngừng hoạt động hoặc chuyển đơn vị)") if code in self.meta.rows
                       else _("không phải thiết chế của %(unit)s") % {"unit": self.layout.unit.name})
                self.problem(_("mã %(code)s ở cột A %(why)s; hãy tải mẫu mới") % {"code": quoted(code), "why": why},
                             number, "A")
                continue
            self._check_name(number, row)
            for column, indicator in columns.items():
                self._value(number, column, row, indicator)
        for code, row in self.rows_by_code.items():
            if code not in seen:
                why = (_("dòng đã bị xóa hoặc sửa mã") if code in self.meta.rows
                       else _("thiết chế được thêm sau khi tải mẫu; hãy tải mẫu mới"))
                self.problem(_("thiếu dòng của %(name)s (mã %(code)s): %(why)s")
                             % {"name": row.name, "code": row.code, "why": why}, column="A")

    def _check_name(self, number, row):
        name = cell_text(self.ws.cell(number, 2).value)
        known = {row.name, self.meta.rows.get(row.code, ("", ""))[1]}
        if name and name not in known:
            self.problem(
                _("tên %(name)s không khớp với mã %(code)s (%(expected)s) ở cột A: có thể các dòng đã bị sắp xếp "
                  "lệch; hãy tải mẫu mới") % {"name": quoted(name), "code": row.code, "expected": row.name}, number, "B",
            )

    def _value(self, number, column, row, indicator):
        cell = self.ws.cell(number, column)
        if indicator is None:
            if not _blank(cell.value):
                self.problem(_("ô có số liệu nhưng cột không có mã chỉ tiêu ở dòng '%(label)s'")
                             % {"label": CODES_LABEL}, number, column)
            return
        key = cell_key(indicator.code, row.institution_code)
        owed = self.layout.cells.get(key)
        if owed is None:
            if is_formula(cell) or not _blank(cell.value):
                self.problem(_("chỉ tiêu này không áp dụng cho %(name)s; để trống ô (%(mark)s)")
                             % {"name": row.name, "mark": NOT_APPLICABLE}, number, column, indicator.code)
            return
        self.figures.locations[key] = (number, get_column_letter(column))
        try:
            self.figures.values[key] = parse_value(indicator, _raw(cell, indicator))
        except InvalidValue as exc:
            self.problem(str(exc), number, column, indicator.code)


def read_figures(wb, layout, meta):
    """Figures of the data sheet for every cell the unit owes, with located problems."""
    if DATA_SHEET not in wb.sheetnames:
        return Figures(problems=[Problem(_("tệp không có trang '%(sheet)s'; hãy tải mẫu mới") % {"sheet": DATA_SHEET})])
    return _Sheet(wb[DATA_SHEET], layout, meta).read()
