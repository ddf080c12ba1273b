"""The floors the bench measures the exports and the import against: the same cells or pages by
the plainest use of the same library, timed in the same run on the same data.

- template: an openpyxl write-only workbook with the unit's owed cells (codes and names of the
  rows, the figures) and one DataValidation per column, saved;
- import: the filled template loaded read-only, its owed figures read and put in one bulk insert
  of SubmissionValue rows;
- pdf: WeasyPrint rendering the report's text as plain paragraphs and its table cells as plain
  HTML tables, in the report's font and sizes (14 pt text, 11 pt tables, the small ones 10 pt),
  on A4, on landscape pages where the report's appendices are (the bench prints both page
  counts).

Everything a floor needs from the database is read before its clock starts.
"""
import time
from decimal import Decimal
from html.parser import HTMLParser
from io import BytesIO


def owed_grid(layout):
    """[(row code, row name, [(column index, Cell or None)])] of a template's layout, read once."""
    return [(row.code, row.name, [(index, layout.cell(row, indicator)) for index, indicator in
                                  enumerate(layout.indicators)]) for row in layout.rows]


def template_floor_seconds(layout):
    """Seconds to write the owed cells into a write-only workbook with one validation per column."""
    from openpyxl import Workbook
    from openpyxl.worksheet.datavalidation import DataValidation

    from reporting.excel.layout import FIRST_VALUE_COLUMN

    grid, letters = owed_grid(layout), [layout.column_letter(i) for i in range(len(layout.indicators))]
    started = time.perf_counter()
    wb = Workbook(write_only=True)
    ws = wb.create_sheet("floor")
    owed_rows = [[] for _ in letters]
    ws.append([])
    for number, (code, name, cells) in enumerate(grid, start=2):
        values = [code, name] + [None] * len(letters)
        for index, cell in cells:
            if cell is not None:
                values[FIRST_VALUE_COLUMN - 1 + index] = 0
                owed_rows[index].append(number)
        ws.append(values)
    for letter, rows in zip(letters, owed_rows, strict=True):
        if rows:
            validation = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0", allow_blank=True)
            validation.sqref = _runs(letter, rows)
            ws.data_validations.append(validation)  # a write-only sheet has no add_data_validation
    wb.save(BytesIO())
    return time.perf_counter() - started


def _runs(letter, rows):
    """"C9:C20 C22:C40": the runs of consecutive ``rows`` (ascending) of a column."""
    runs = [[rows[0], rows[0]]]
    for row in rows[1:]:
        if row == runs[-1][1] + 1:
            runs[-1][1] = row
        else:
            runs.append([row, row])
    return " ".join(f"{letter}{first}:{letter}{last}" for first, last in runs)


def import_floor_seconds(data, layout, submission):
    """Seconds to load ``data`` read-only and bulk-insert its owed figures into ``submission``
    (the caller rolls the rows back)."""
    from openpyxl import load_workbook

    from reporting.excel.layout import CODES_ROW, DATA_SHEET, FIRST_VALUE_COLUMN
    from reporting.models import SubmissionValue

    owed = {code: cells for code, _name, cells in owed_grid(layout)}
    started = time.perf_counter()
    wb = load_workbook(BytesIO(data), read_only=True)
    rows = []
    for values in wb[DATA_SHEET].iter_rows(min_row=CODES_ROW + 2, values_only=True):
        for index, cell in owed.get(values[0], ()):
            value = values[FIRST_VALUE_COLUMN - 1 + index]
            if cell is not None and value is not None:
                rows.append(SubmissionValue(
                    submission=submission, indicator=cell.indicator, institution=cell.institution,
                    value=Decimal(1 if value == "Có" else 0 if value == "Không" else value),
                ))
    wb.close()
    SubmissionValue.objects.bulk_create(rows)
    return time.perf_counter() - started


LANDSCAPE = ("appendix-1", "appendix-2")  # the report's sections on landscape pages (report.css)


HIDDEN = {"head", "style", "script", "title"}
BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "li", "section", "br", "tr", "table"}


class _Plain(HTMLParser):
    """An HTML page as its text in order: paragraphs (the text between block tags outside tables)
    and tables (each cell's text, row by row), each table with whether it is small print (class
    "small") and on a landscape page (in a LANDSCAPE section)."""

    def __init__(self):
        super().__init__()
        self.parts, self.cell, self.text, self.section, self.depth, self.hidden = [], None, [], "", 0, 0

    def _paragraph(self):
        text = " ".join("".join(self.text).split())
        if text:
            self.parts.append(("p", text))
        self.text = []

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        if tag in HIDDEN:
            self.hidden += 1
        if tag in BLOCKS and not self.depth:
            self._paragraph()
        if tag == "section":
            self.section = " ".join(classes)
        elif tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.parts.append(("table", "small" in classes, any(n in self.section for n in LANDSCAPE), []))
        elif tag == "tr" and self.depth:
            self.parts[-1][3].append([])
        elif tag in ("td", "th") and self.depth and self.parts[-1][3]:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in HIDDEN:
            self.hidden -= 1
        if tag in ("td", "th") and self.cell is not None:
            self.parts[-1][3][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None
        elif tag == "table" and self.depth:
            self.depth -= 1
        elif tag in BLOCKS and not self.depth:
            self._paragraph()

    def handle_data(self, data):
        if self.hidden:
            return
        if self.cell is not None:
            self.cell.append(data)
        elif not self.depth:
            self.text.append(data)


def plain_html(html):
    """The text and table cells of ``html`` as plain paragraphs and tables in the report's font and
    sizes, on the same orientation of page; (html, table cells)."""
    from django.utils.html import escape

    parser = _Plain()
    parser.feed(html)
    parser.close()
    parser._paragraph()
    body, cells = [], 0
    for part in parser.parts:
        if part[0] == "p":
            body.append(f"<p>{escape(part[1])}</p>")
            continue
        _kind, small, landscape, rows = part
        classes = " ".join(name for name, on in (("small", small), ("wide", landscape)) if on)
        body.append(f"<table class='{classes}'>")
        for row in rows:
            body.append("<tr>" + "".join(f"<td>{escape(text)}</td>" for text in row) + "</tr>")
            cells += len(row)
        body.append("</table>")
    style = ("@page { size: A4; margin: 20mm 15mm 20mm 30mm; }"
             "@page wide { size: A4 landscape; } table.wide { page: wide; }"
             "html { font-family: 'Times New Roman', 'Liberation Serif', serif; font-size: 14pt; line-height: 1.3; }"
             "p { margin: 0 0 6pt 0; }"
             "table { width: 100%; border-collapse: collapse; margin-bottom: 12pt; font-size: 11pt; }"
             "table.small { font-size: 10pt; } td { border: 0.6pt solid #000; padding: 2pt 3pt; }")
    return f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{''.join(body)}</body></html>", cells


def pdf_floor(html):
    """(seconds, PDF bytes, table cells) of WeasyPrint writing the report's text and table cells plainly."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # after the import, which sets it
    plain, cells = plain_html(html)
    started = time.perf_counter()
    content = HTML(string=plain).write_pdf()
    return time.perf_counter() - started, content, cells
