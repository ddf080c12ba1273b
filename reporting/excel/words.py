"""Read the report's words from an uploaded workbook: "Thuyết minh" (results per task, shortcomings,
proposals) and "Giải trình" (explanations of figures). Layout: see layout.py.

Nothing here writes to the database. Every problem names its sheet and cell ("Trang 'Thuyết minh',
ô C7: ..."); the importer saves nothing, figures included, when there is any.
"""
import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from laichau_plan.text import nfc, quoted, shortened
from laichau_plan.workbooks import clean_text
from targets.models import Task

from ..models import EXPLANATION_MAX_CHARS, TEXT_MAX_CHARS
from ..selectors import cell_key
from .layout import (
    DATA_SHEET,
    EXPLANATION_CODES_LABEL,
    EXPLANATION_COLUMN,
    EXPLANATION_SHEET,
    TEXT_CODES_LABEL,
    TEXT_COLUMN,
    TEXT_SHEET,
)
from .reader import MAX_ROWS, Problem, cell_text, is_formula


@dataclass
class Words:
    texts: dict = field(default_factory=dict)  # (kind, task id or None) -> text, every row of "Thuyết minh"
    explanations: dict = field(default_factory=dict)  # cell key -> text, the rows of "Giải trình"
    downloaded: dict = field(default_factory=lambda: {"text": {}, "explanation": {}})  # digests at download
    locations: dict = field(default_factory=dict)  # ("text", key) or ("explanation", key) -> (sheet, "C7")
    problems: list = field(default_factory=list)


class InvalidText(Exception):
    pass


def _words(cell, limit):
    """The text of an editable cell, NFC and stripped ("" when empty); InvalidText when it cannot be one."""
    value = cell.value
    if is_formula(cell):
        raise InvalidText(_("ô có công thức; hãy ghi văn bản"))
    if cell.data_type == "e":
        raise InvalidText(_("ô báo lỗi %(error)s; hãy ghi văn bản") % {"error": value})
    if isinstance(value, datetime.datetime):
        value = value.strftime("%d/%m/%Y %H:%M") if (value.hour, value.minute) != (0, 0) else value.strftime("%d/%m/%Y")
    elif isinstance(value, datetime.date):
        value = value.strftime("%d/%m/%Y")
    text = cell_text(value)
    if len(text) > limit:
        raise InvalidText(
            _("văn bản dài %(length)s ký tự, quá giới hạn %(limit)s ký tự; hãy rút gọn hoặc đính kèm tài liệu "
              "trên cổng") % {"length": len(text), "limit": limit}
        )
    return text


def _header_row(ws, label):
    return next((r for r in range(1, min(ws.max_row, 20) + 1) if cell_text(ws.cell(r, 1).value) == label), None)


class _Reader:
    def __init__(self, wb, words):
        self.wb, self.words = wb, words

    def problem(self, sheet, message, row=None, column=None):
        where = f"{get_column_letter(column)}{row}" if row and column else ""
        self.words.problems.append(Problem(message, sheet, cell=where))

    def sheet(self, name, label):
        """The sheet and its header row, or None (with a problem)."""
        if name not in self.wb.sheetnames:
            self.problem(name, _("tệp không có trang '%(sheet)s'; hãy tải mẫu mới") % {"sheet": name})
            return None, None
        ws = self.wb[name]
        if ws.max_row > MAX_ROWS:
            self.problem(name, _("trang có quá nhiều dòng (tối đa %(rows)s dòng)") % {"rows": MAX_ROWS})
            return None, None
        header = _header_row(ws, label)
        if header is None:
            self.problem(name, _("không tìm thấy dòng có '%(label)s' ở cột A; tệp không đúng mẫu, hãy tải mẫu mới")
                         % {"label": label})
            return None, None
        for merged in ws.merged_cells.ranges:
            if merged.max_row > header:
                self.problem(name, _("các ô %(cells)s bị gộp (merge); hãy bỏ gộp ô") % {"cells": merged.coord},
                             merged.min_row, merged.min_col)
        return ws, header

    def text(self, sheet, cell, limit):
        try:
            return _words(cell, limit)
        except InvalidText as exc:
            self.problem(sheet, str(exc), cell.row, cell.column)
            return None


def _read_texts(reader, rows, meta, plan_id):
    ws, header = reader.sheet(TEXT_SHEET, TEXT_CODES_LABEL)
    if ws is None:
        return
    words = reader.words
    by_code = {row.code.upper(): row for row in rows}
    seen, plan_codes = {}, None
    for number in range(header + 1, ws.max_row + 1):
        code = cell_text(ws.cell(number, 1).value).upper()
        text_cell = ws.cell(number, TEXT_COLUMN)
        if not code:
            if is_formula(text_cell) or cell_text(text_cell.value) or cell_text(ws.cell(number, 2).value):
                reader.problem(TEXT_SHEET, _("dòng có nội dung nhưng cột A không có mã mục"), number, 1)
            continue
        if code in seen:
            reader.problem(TEXT_SHEET, _("mã %(code)s lặp lại (đã có ở dòng %(row)s); mỗi mục chỉ một dòng")
                           % {"code": shortened(code), "row": seen[code]}, number, 1)
            continue
        seen[code] = number
        row = by_code.get(code)
        if row is None:
            if plan_codes is None:
                plan_codes = {c.upper() for c in Task.objects.filter(plan_id=plan_id).values_list("code", flat=True)}
            why = (_("không phải nhiệm vụ đơn vị báo cáo trong kỳ này") if code in plan_codes
                   else _("không có trong kế hoạch"))
            reader.problem(TEXT_SHEET, _("mã nhiệm vụ %(code)s %(why)s; hãy tải mẫu mới")
                           % {"code": quoted(code), "why": why}, number, 1)
            continue
        if cell_text(ws.cell(number, 2).value) != nfc(clean_text(row.label)):
            reader.problem(TEXT_SHEET, _("nội dung của mục %(code)s ở cột B đã bị sửa; cột B chỉ để đọc, hãy để "
                                         "nguyên như trong mẫu (hoặc tải mẫu mới)") % {"code": row.code}, number, 2)
            continue
        text = reader.text(TEXT_SHEET, text_cell, TEXT_MAX_CHARS)
        if text is not None:
            words.texts[row.key] = text
            words.locations[("text", row.key)] = (TEXT_SHEET, text_cell.coordinate)
    for code, row in by_code.items():
        if code not in seen:
            why = (_("dòng đã bị xóa hoặc sửa mã") if row.code in meta.text_snapshot
                   else _("mục được thêm sau khi tải mẫu"))
            reader.problem(TEXT_SHEET, _("thiếu dòng của mục %(code)s (%(why)s); hãy tải mẫu mới")
                           % {"code": row.code, "why": why})
    words.downloaded["text"] = {row.key: meta.text_snapshot[row.code] for row in rows if row.code in meta.text_snapshot}


def _read_explanations(reader, layout, meta):
    ws, header = reader.sheet(EXPLANATION_SHEET, EXPLANATION_CODES_LABEL)
    if ws is None:
        return
    words = reader.words
    rows_by_code = {row.code.upper(): row for row in layout.rows}
    indicators = {indicator.code.upper(): indicator for indicator in layout.indicators}
    seen = {}
    for number in range(header + 1, ws.max_row + 1):
        indicator_code = cell_text(ws.cell(number, 1).value).upper()
        row_code = cell_text(ws.cell(number, 2).value).upper()
        text_cell = ws.cell(number, EXPLANATION_COLUMN)
        if not indicator_code and not row_code:
            if is_formula(text_cell) or cell_text(text_cell.value):
                reader.problem(EXPLANATION_SHEET, _("có giải trình nhưng chưa ghi mã chỉ tiêu (cột A) và mã dòng "
                                                    "(cột B)"), number, EXPLANATION_COLUMN)
            continue
        indicator = indicators.get(indicator_code)
        if indicator is None:
            reader.problem(EXPLANATION_SHEET, _("mã chỉ tiêu %(code)s không có trong báo cáo kỳ này")
                           % {"code": quoted(indicator_code or _("trống"))}, number, 1)
            continue
        row = rows_by_code.get(row_code)
        if row is None:
            reader.problem(EXPLANATION_SHEET, _("mã dòng %(code)s không có ở cột A của trang '%(sheet)s'")
                           % {"code": quoted(row_code or _("trống")), "sheet": DATA_SHEET}, number, 2)
            continue
        key = cell_key(indicator.code, row.institution_code)
        if key not in layout.cells:
            reader.problem(EXPLANATION_SHEET, _("chỉ tiêu %(code)s không áp dụng cho %(name)s; không cần giải trình")
                           % {"code": indicator.code, "name": row.name}, number, 1)
            continue
        if key in seen:
            reader.problem(EXPLANATION_SHEET, _("số liệu này đã có giải trình ở dòng %(row)s; mỗi số liệu chỉ một dòng")
                           % {"row": seen[key]}, number, 1)
            continue
        seen[key] = number
        text = reader.text(EXPLANATION_SHEET, text_cell, EXPLANATION_MAX_CHARS)
        if text is not None:
            words.explanations[key] = text
            words.locations[("explanation", key)] = (EXPLANATION_SHEET, text_cell.coordinate)
    words.downloaded["explanation"] = dict(meta.explanation_snapshot)


def read_words(wb, layout, rows, meta):
    """The texts of "Thuyết minh" (``rows`` as layout.text_rows gives them) and the explanations of
    "Giải trình", with the digests recorded at download and located problems."""
    words = Words()
    reader = _Reader(wb, words)
    _read_texts(reader, rows, meta, layout.period.plan_id)
    _read_explanations(reader, layout, meta)
    return words
