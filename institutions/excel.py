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
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from .models import InstitutionKind, InstitutionLevel

YES = "Có"
NO = "Không"
SHEET_TITLE = "Thiết chế"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A spreadsheet reads a cell starting with one of these as a formula (or DDE command).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


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
        for institution in queryset.select_related("admin_unit", "reporting_unit"):
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


def _write_cell(sheet, row, column, value):
    cell = sheet.cell(row=row, column=column, value=value)
    if isinstance(value, str) and value:
        # Text stays text: never a formula, and marked so Excel keeps it text when edited.
        cell.data_type = "s"
        if value.startswith(FORMULA_TRIGGERS):
            cell.quotePrefix = True
    return cell


def registry_workbook(queryset):
    """A workbook with one sheet: header, one row per institution, frozen header, autofilter."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = SHEET_TITLE
    header_font = Font(bold=True)
    header_fill = PatternFill("solid", fgColor="DDEBF7")
    for index, title in enumerate(registry_header(), start=1):
        cell = _write_cell(sheet, 1, index, title)
        cell.font = header_font
        cell.fill = header_fill
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        sheet.column_dimensions[get_column_letter(index)].width = COLUMNS[index - 1].width
    row_number = 1
    for row_number, values in enumerate(registry_rows(queryset), start=2):
        for index, value in enumerate(values, start=1):
            _write_cell(sheet, row_number, index, value)
    sheet.freeze_panes = "A2"
    sheet.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(row_number, 1)}"
    return workbook


def registry_xlsx_bytes(queryset):
    buffer = io.BytesIO()
    registry_workbook(queryset).save(buffer)
    return buffer.getvalue()


def registry_filename(today=None):
    today = today or datetime.date.today()
    return f"danh-muc-thiet-che-{today:%Y%m%d}.xlsx"
