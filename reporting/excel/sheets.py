"""An uploaded workbook opened read-only, each sheet's rows read once, offering what the readers
ask of a worksheet: ``sheetnames``, ``wb[name]``, and of a sheet ``cell(row, column)``,
``max_row``, ``max_column``, ``merged_cells.ranges`` and ``iter_rows(values_only=True)``.

Why not openpyxl's full mode: loading the filled template of 1,250 libraries in full mode took
2.8 s of an import of 6.7 s, read-only with its rows kept 1.05 s (bench, SQLite, 04/12/2026).
Read-only openpyxl reads a sheet from the start on each ``cell()`` and keeps no merged cells,
hence the rows kept here and the merged ranges read from the sheet's XML.
"""
import re
from itertools import islice

from openpyxl.cell.read_only import EMPTY_CELL
from openpyxl.worksheet.cell_range import MultiCellRange

MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]+)"')  # <mergeCell ref="A1:B2"/>, any prefix


class Sheet:
    def __init__(self, ws, max_rows):
        ws.reset_dimensions()  # the file's own <dimension> may be wrong: read the rows there are
        self.rows = list(islice(ws.iter_rows(), max_rows + 1))  # one past the limit says "too many"
        while self.rows and all(cell.value is None for cell in self.rows[-1]):
            self.rows.pop()
        self.max_row = len(self.rows)
        self.max_column = max((len(row) for row in self.rows), default=0)
        with ws._get_source() as source:  # openpyxl's read-only sheet keeps no merged cells
            refs = MERGE_CELL.findall(source.read())  # a regular expression: parsing the XML again cost 0.5 s
        self.merged_cells = MultiCellRange(" ".join(ref.decode() for ref in refs))

    def cell(self, row, column):
        cells = self.rows[row - 1] if 0 < row <= len(self.rows) else ()
        return cells[column - 1] if 0 < column <= len(cells) else EMPTY_CELL

    def iter_rows(self, values_only=False):
        for row in self.rows:
            yield tuple(cell.value for cell in row) if values_only else row


class Sheets:
    """The sheets of a read-only workbook, all read here (a damaged sheet fails now, not later),
    the file closed; at most ``max_rows`` + 1 rows of each."""

    def __init__(self, wb, max_rows):
        try:
            self.sheetnames = wb.sheetnames
            self.sheets = {name: Sheet(wb[name], max_rows) for name in self.sheetnames}
        finally:
            wb.close()

    def __getitem__(self, name):
        return self.sheets[name]
