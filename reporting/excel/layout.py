"""The grid of the Excel report, shared by the writer (template.py) and the reader (reader.py).

Sheet "Số liệu": title rows, then the codes row (column A "Mã chỉ tiêu", one indicator code
per column from C), the names row (indicator names and units), then one row per institution
(code in A, name in B) and, when the unit itself owes figures, a last row whose column A is
the unit's code. Hidden sheet "_meta" records the template version, unit, period, the rows and
columns, and the values pre-filled at download (so that an upload changes only what the unit
changed offline), with a fingerprint of every text pre-filled.

Sheet "Thuyết minh" (from version 2): a header row (column A "Mã mục"), then one row per task the
unit reports on (task code in A, the task's text in B, read-only; the results in C), then a row for
the shortcomings and one for the proposals (codes TON-TAI and KIEN-NGHI). Sheet "Giải trình": a
header row (column A "Mã chỉ tiêu", B "Mã dòng" as column A of "Số liệu"), one row per figure that
had a warning or an explanation at download, and blank rows where the unit adds a figure it warns
about offline; the explanation is in column E.
"""
from dataclasses import dataclass, field

from openpyxl.utils import get_column_letter

from institutions.models import Institution

from ..figures import stored_label
from ..models import TextKind
from ..selectors import Cell, cell_key, expected_cells, indicators_for_period, report_tasks

TEMPLATE_VERSION = "2"
FIGURES_ONLY_VERSION = "1"  # read still: its figures are imported, the report's words left as they are
DATA_SHEET = "Số liệu"
TEXT_SHEET = "Thuyết minh"
EXPLANATION_SHEET = "Giải trình"
TEXT_CODES_LABEL = "Mã mục"
EXPLANATION_CODES_LABEL = "Mã chỉ tiêu"
SHORTCOMINGS_CODE = "TON-TAI"
PROPOSALS_CODE = "KIEN-NGHI"
TEXT_HEADER_ROW = 4
TEXT_COLUMN = 3  # C of "Thuyết minh": A the code, B the task (read-only)
EXPLANATION_COLUMN = 5  # E of "Giải trình": A, B the figure's codes, C, D what it is (read-only)
BLANK_EXPLANATION_ROWS = 30
HELP_SHEET = "Hướng dẫn"
META_SHEET = "_meta"
CODES_LABEL = "Mã chỉ tiêu"
ROW_CODE_LABEL = "Mã thiết chế"
ROW_NAME_LABEL = "Tên thiết chế"
NOT_APPLICABLE = "—"
CODES_ROW = 7
FIRST_VALUE_COLUMN = 3  # C: A holds the code, B the name
BOOLEAN_CHOICES = ("Có", "Không")


@dataclass
class Row:
    """A data row: an institution, or the unit itself (institution None)."""

    code: str
    name: str
    institution: Institution | None = None

    @property
    def institution_code(self):
        return self.institution.code if self.institution else ""


@dataclass
class Layout:
    period: object
    unit: object
    indicators: list
    rows: list
    cells: dict = field(default_factory=dict)  # cell key -> Cell

    def column_letter(self, index):
        return get_column_letter(FIRST_VALUE_COLUMN + index)

    def cell(self, row, indicator):
        """The Cell the unit owes for ``row`` and ``indicator``, or None where it does not apply."""
        return self.cells.get(cell_key(indicator.code, row.institution_code))


def build_layout(period, unit):
    """Rows and columns for ``unit`` and ``period``: what expected_cells says the unit owes.

    ``cells`` keeps expected_cells' order (institutions by code, then the unit's own), the order the
    web form and the list of what is missing use; the rows are in the order of the names."""
    indicators = indicators_for_period(period)
    cells = expected_cells(period, unit, indicators=indicators)
    used = {cell.indicator.code for cell in cells}
    with_cells = {cell.institution.code: cell.institution for cell in cells if cell.institution}
    # Vietnamese order of the names (sort_name is digits: Python sorts it as every database does).
    rows = [Row(i.code, i.name, i) for i in sorted(with_cells.values(), key=lambda i: (i.sort_name, i.code))]
    if any(cell.institution is None for cell in cells):
        rows.append(Row(unit.code, f"Cả đơn vị: {unit.name}", None))
    return Layout(
        period=period,
        unit=unit,
        indicators=[indicator for indicator in indicators if indicator.code in used],
        rows=rows,
        cells={cell.key: cell for cell in cells},
    )


@dataclass
class TextRow:
    """A row of "Thuyết minh": ``key`` is the report's text it holds, (kind, task id or None)."""

    code: str
    label: str
    key: tuple


def text_rows(period, unit):
    """The rows of "Thuyết minh" for ``unit``'s report, tasks as selectors.report_tasks lists them."""
    rows = [
        TextRow(task.code, task.text, (TextKind.TASK_RESULT, task.pk)) for task, _role in report_tasks(period, unit)
    ]
    # Labels in Vietnamese, whatever the language of the page that uploads the file.
    rows.append(TextRow(SHORTCOMINGS_CODE, stored_label(TextKind.SHORTCOMINGS.label), (TextKind.SHORTCOMINGS, None)))
    rows.append(TextRow(PROPOSALS_CODE, stored_label(TextKind.PROPOSALS.label), (TextKind.PROPOSALS, None)))
    return rows


__all__ = ["Cell", "Layout", "Row", "TextRow", "build_layout", "cell_key", "text_rows"]
