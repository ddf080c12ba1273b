"""The registry as an Excel sheet: the column layout (shared with the import) and the export.

The file is a data interchange format, so it is always written in Vietnamese (labels of
kinds and levels, headers), whatever the language of the page that asked for it.
"""
import datetime
import io
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from laichau_plan.workbooks import print_on_a4, write_cell

from .models import InstitutionKind, InstitutionLevel

YES = "Có"
NO = "Không"
SHEET_TITLE = "Thiết chế"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    width: int
    required: bool = False


COLUMNS = (
    Column("code", _("Mã"), 14, required=True),
    Column("name", _("Tên thiết chế"), 44, required=True),
    Column("kind", _("Loại hình"), 20, required=True),
    Column("level", _("Cấp"), 12, required=True),
    Column("admin_unit", _("Mã địa bàn (mã thống kê)"), 14, required=True),
    Column("reporting_unit", _("Mã đơn vị báo cáo"), 14, required=True),
    Column("has_internet", _("Có điểm internet"), 12),
    Column("address", _("Địa chỉ"), 40),
    Column("established_year", _("Năm thành lập"), 12),
    Column("is_active", _("Đang hoạt động"), 12),
    # Not in the first layout: statistics codes repeat across structures (3390 is a township
    # in 2015 and a commune in 2025), so the structure says which unit a code means.
    Column("structure", _("Cơ cấu địa bàn"), 12),
)


def yes_no(value):
    return YES if value else NO


def registry_header():
    with translation.override("vi"):
        return [str(column.header) for column in COLUMNS]


def registry_rows(queryset):
    """One list of cell values per institution, in the order of COLUMNS."""
    kinds = dict(InstitutionKind.choices)
    levels = dict(InstitutionLevel.choices)
    with translation.override("vi"):
        for institution in queryset.select_related("admin_unit", "reporting_unit").iterator(chunk_size=2000):
            yield [
                institution.code,
                institution.name,
                str(kinds.get(institution.kind, institution.kind)),
                str(levels.get(institution.level, institution.level)),
                institution.admin_unit.code,
                institution.reporting_unit.code,
                yes_no(institution.has_internet),
                institution.address,
                institution.established_year,
                yes_no(institution.is_active),
                institution.admin_unit.structure,
            ]


def _cell(sheet, value):
    return write_cell(WriteOnlyCell(sheet), value)


def registry_workbook(queryset):
    """A workbook with one sheet: header, one row per institution, frozen header, autofilter.

    Written row by row (openpyxl's write-only mode, institutions read in chunks): memory does
    not grow with the registry, 10,000 institutions or a national 600,000.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(SHEET_TITLE)
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    print_on_a4(sheet, title_rows="1:1", title_columns="A:B")
    header = []
    for title in registry_header():
        cell = _cell(sheet, title)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        header.append(cell)
    sheet.append(header)
    rows = 1
    for values in registry_rows(queryset):
        sheet.append([_cell(sheet, value) for value in values])
        rows += 1
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{rows}"
    return workbook


def registry_xlsx_bytes(queryset):
    buffer = io.BytesIO()
    registry_workbook(queryset).save(buffer)
    return buffer.getvalue()


def registry_filename(today=None):
    today = today or datetime.date.today()
    return f"danh-muc-thiet-che-{today:%Y%m%d}.xlsx"
