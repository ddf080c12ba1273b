"""The floors the bench measures the exports and the import against: the same cells or pages by
the plainest use of the same library, timed in the same run on the same data.

- template: an openpyxl write-only workbook with the unit's owed cells (codes and names of the
  rows, the figures) and one DataValidation per column, saved;
- import: the filled template loaded read-only, its owed figures read and put in one bulk insert
  of SubmissionValue rows;
- pdf: WeasyPrint rendering the report's table cells as plain HTML tables, in the report's font
  and size, on A4, the wide tables on landscape pages as the appendices are (the same page count
  as the report's at 1,000 institutions: 13; the bench prints both).

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


WIDE_COLUMNS = 6  # tables wider than this on landscape pages, as the report's appendices


class _Tables(HTMLParser):
    """The text of every table cell of an HTML page, table by table and row by row."""

    def __init__(self):
        super().__init__()
        self.tables, self.cell = [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr" and self.tables:
            self.tables[-1].append([])
        elif tag in ("td", "th") and self.tables and self.tables[-1]:
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self.cell is not None:
            self.tables[-1][-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def plain_tables_html(html):
    """The table cells of ``html`` as plain tables in the report's font and size; (html, cells)."""
    from django.utils.html import escape

    parser = _Tables()
    parser.feed(html)
    parts, cells = [], 0
    for table in parser.tables:
        wide = max((len(row) for row in table), default=0) > WIDE_COLUMNS
        parts.append("<table class='wide'>" if wide else "<table>")
        for row in table:
            parts.append("<tr>" + "".join(f"<td>{escape(text)}</td>" for text in row) + "</tr>")
            cells += len(row)
        parts.append("</table>")
    style = ("@page { size: A4; margin: 20mm 15mm 20mm 30mm; }"
             "@page wide { size: A4 landscape; } table.wide { page: wide; }"
             "html { font-family: 'Times New Roman', 'Liberation Serif', serif; font-size: 11pt; }"
             "table { width: 100%; border-collapse: collapse; margin-bottom: 12pt; }"
             "td { border: 0.6pt solid #000; padding: 2pt 3pt; }")
    return f"<html><head><meta charset='utf-8'><style>{style}</style></head><body>{''.join(parts)}</body></html>", cells


def pdf_floor(html):
    """(seconds, PDF bytes, cells) of WeasyPrint writing the report's table cells as plain tables."""
    import logging

    from weasyprint import HTML

    logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)  # a line per page otherwise
    plain, cells = plain_tables_html(html)
    started = time.perf_counter()
    content = HTML(string=plain).write_pdf()
    return time.perf_counter() - started, content, cells
