"""Write the Excel template of a unit's report for a period, with the figures entered so far.

Every value goes into its cell through laichau_plan.workbooks.write_cell: a name that looks like
a formula is written as its text.
"""
from io import BytesIO

from django.conf import settings
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from laichau_plan import formatting as fmt
from laichau_plan.workbooks import clean_text, write_cell
from targets.models import ValueType

from ..models import Submission
from ..selectors import values_by_key
from .layout import (
    BOOLEAN_CHOICES,
    CODES_LABEL,
    CODES_ROW,
    DATA_SHEET,
    FIRST_VALUE_COLUMN,
    HELP_SHEET,
    META_SHEET,
    NOT_APPLICABLE,
    ROW_CODE_LABEL,
    ROW_NAME_LABEL,
    TEMPLATE_VERSION,
    build_layout,
)

HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GREY_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
NUMBER_FORMATS = {
    ValueType.INTEGER: "#,##0",
    ValueType.DECIMAL: "#,##0.00",
    ValueType.PERCENT: "0.00",
    ValueType.BOOLEAN: "@",
}


def snapshot_text(value):
    """A stored figure as plain text for the _meta sheet ("1200", "12.5")."""
    return format(value.normalize(), "f")


def _excel_value(indicator, value):
    if value is None:
        return None
    if indicator.value_type == ValueType.BOOLEAN:
        return BOOLEAN_CHOICES[0] if value else BOOLEAN_CHOICES[1]
    if value == value.to_integral_value():
        return int(value)
    return float(value)


def _validation(indicator):
    """Excel data validation for a column, by the indicator's value type."""
    kinds = {
        ValueType.INTEGER: ("whole", "greaterThanOrEqual", "0", None, "số nguyên không âm (0, 1, 2…)"),
        ValueType.DECIMAL: ("decimal", "greaterThanOrEqual", "0", None, "số không âm, tối đa 2 chữ số thập phân"),
        ValueType.PERCENT: ("decimal", "between", "0", "100", "tỷ lệ % từ 0 đến 100"),
        ValueType.BOOLEAN: ("list", None, '"{}"'.format(",".join(BOOLEAN_CHOICES)), None, "chọn Có hoặc Không"),
    }
    kind, operator, formula1, formula2, hint = kinds[indicator.value_type]
    return DataValidation(
        type=kind, operator=operator, formula1=formula1, formula2=formula2, allow_blank=True,
        showErrorMessage=True, errorTitle="Giá trị không hợp lệ", error=f"{indicator.code}: ghi {hint}.",
        showInputMessage=True, promptTitle=indicator.code[:32], prompt=f"Ghi {hint}."[:255],
    )


def _title_rows(ws, layout, submission):
    period, unit = layout.period, layout.unit
    status = submission.get_status_display() if submission else "chưa có số liệu"
    lines = [
        f"BÁO CÁO KẾT QUẢ THỰC HIỆN KẾ HOẠCH {period.plan.number}",
        f"Đơn vị báo cáo: {unit.name} (mã {unit.code})",
        f"Kỳ báo cáo: {period.title} (mã {period.code})",
        f"Số liệu từ ngày {fmt.date(period.cutoff_start)} đến ngày {fmt.date(period.cutoff_end)}; "
        f"hạn nộp {fmt.date(period.due_date)}",
        f"Trạng thái báo cáo khi tải mẫu: {status}; tải lúc {timezone.localtime():%H:%M %d/%m/%Y}",
        f"Ghi số vào các ô trắng; ô xám ({NOT_APPLICABLE}) là chỉ tiêu không áp dụng. "
        f"Xem trang '{HELP_SHEET}'.",
    ]
    for number, text in enumerate(lines, start=1):
        write_cell(ws.cell(number, 1), text).font = Font(bold=number == 1, size=13 if number == 1 else 11)


def _header_rows(ws, layout):
    names = CODES_ROW + 1
    for column, text in ((1, CODES_LABEL), (2, "")):
        write_cell(ws.cell(CODES_ROW, column), text)
    write_cell(ws.cell(names, 1), ROW_CODE_LABEL)
    write_cell(ws.cell(names, 2), ROW_NAME_LABEL)
    for index, indicator in enumerate(layout.indicators):
        column = FIRST_VALUE_COLUMN + index
        write_cell(ws.cell(CODES_ROW, column), indicator.code)
        write_cell(ws.cell(names, column), f"{indicator.name_vi} ({indicator.unit_vi})")
        ws.column_dimensions[layout.column_letter(index)].width = 18
    for row in (CODES_ROW, names):
        for column in range(1, FIRST_VALUE_COLUMN + len(layout.indicators)):
            cell = ws.cell(row, column)
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.border = BORDER
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.row_dimensions[names].height = 60


def _data_rows(ws, layout, existing):
    validations = {indicator.code: _validation(indicator) for indicator in layout.indicators}
    for offset, row in enumerate(layout.rows):
        number = CODES_ROW + 2 + offset
        write_cell(ws.cell(number, 1), row.code).border = BORDER
        write_cell(ws.cell(number, 2), row.name).border = BORDER
        for index, indicator in enumerate(layout.indicators):
            cell = ws.cell(number, FIRST_VALUE_COLUMN + index)
            cell.border = BORDER
            owed = layout.cell(row, indicator)
            if owed is None:
                write_cell(cell, NOT_APPLICABLE)
                cell.fill = GREY_FILL
                cell.alignment = Alignment(horizontal="center")
                continue
            stored = existing.get(owed.key)
            write_cell(cell, _excel_value(indicator, stored.value if stored else None))
            cell.number_format = NUMBER_FORMATS[indicator.value_type]
            cell.protection = Protection(locked=False)
            validations[indicator.code].add(cell.coordinate)
    for validation in validations.values():
        if validation.sqref:
            ws.add_data_validation(validation)


def _help_sheet(wb, layout):
    ws = wb.create_sheet(HELP_SHEET)
    unit_row = any(row.institution is None for row in layout.rows)
    lines = [
        "HƯỚNG DẪN GHI SỐ LIỆU VÀ NHẬP LẠI TỆP",
        f"1. Trang '{DATA_SHEET}': mỗi dòng là một thiết chế (mã ở cột A, tên ở cột B); mỗi cột từ C là một "
        f"chỉ tiêu, mã chỉ tiêu ở dòng '{CODES_LABEL}', tên và đơn vị tính ở dòng dưới.",
        "2. Chỉ ghi vào các ô trắng. Ô xám có dấu — là chỉ tiêu không áp dụng cho thiết chế đó: để nguyên.",
        "3. Ghi số, không ghi chữ và không dùng công thức (=...). Số đếm ghi số nguyên không âm; tỷ lệ % ghi "
        "từ 0 đến 100; chỉ tiêu Có/Không chọn 'Có' hoặc 'Không'. Có thể ghi 12.345 hoặc 12345; 12,5; "
        "0,5 hoặc 0.5 (số bắt đầu bằng 0 không có hàng nghìn: 0.125 là 0,125).",
        "4. Không thêm, xóa, gộp (merge) dòng hoặc cột; không sửa mã ở cột A và dòng mã chỉ tiêu. "
        "Có thể sắp xếp lại các dòng: số liệu đi theo mã ở cột A.",
        "5. Ô đã có số là số liệu đơn vị đã nhập trước đó. Xóa số trong một ô là xóa số liệu đó. Ô không sửa "
        "trong tệp giữ nguyên số trên cổng, kể cả số được sửa trên cổng sau khi tải mẫu; nếu cùng một ô "
        "được sửa cả trên cổng và trong tệp, tệp bị từ chối: hãy tải mẫu mới.",
        "6. Khi nhập lại, tệp được kiểm tra như khi nhập trên cổng. Có bất kỳ lỗi nào thì không lưu số nào; "
        "mỗi lỗi ghi rõ trang, dòng, cột và lý do.",
        "7. Tệp chỉ dùng cho đúng đơn vị và kỳ báo cáo ghi ở đầu trang; mẫu cũ (phiên bản khác) bị từ chối.",
        "8. Giải trình các số liệu tăng, giảm bất thường hoặc quá xa chỉ tiêu và phần nội dung báo cáo nhập trên cổng.",
    ]
    if unit_row:
        lines.insert(2, f"   Dòng cuối, mã {layout.unit.code} ở cột A, là các chỉ tiêu của cả đơn vị báo cáo.")
    for number, text in enumerate(lines, start=1):
        write_cell(ws.cell(number, 1), text).alignment = Alignment(wrap_text=True, vertical="top")
    ws["A1"].font = Font(bold=True, size=13)
    ws.column_dimensions["A"].width = 120


def _meta_sheet(wb, layout, submission, existing, user):
    ws = wb.create_sheet(META_SHEET)
    rows = [
        ("template_version", TEMPLATE_VERSION),
        ("unit_code", layout.unit.code),
        ("period_code", layout.period.code),
        ("generated_at", timezone.localtime().isoformat(timespec="seconds")),
        ("generated_by", getattr(user, "username", "") or ""),
        ("submission_version", submission.version if submission else 0),
    ]
    rows += [("row", row.code, row.institution_code, row.name) for row in layout.rows]
    rows += [("indicator", indicator.code) for indicator in layout.indicators]
    rows += [
        ("value", key, snapshot_text(value.value))
        for key, value in sorted(existing.items())
        if key in layout.cells and value.value is not None
    ]
    for line, row in enumerate(rows, start=1):
        for column, item in enumerate(row, start=1):
            write_cell(ws.cell(line, column), str(item))
    ws.sheet_state = "veryHidden"


def build_template(*, period, unit, user=None):
    """The template as an openpyxl Workbook."""
    layout = build_layout(period, unit)
    submission = Submission.objects.filter(period=period, reporting_unit=unit).first()
    existing = values_by_key(submission) if submission else {}
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    _title_rows(ws, layout, submission)
    _header_rows(ws, layout)
    _data_rows(ws, layout, existing)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 40
    ws.freeze_panes = ws.cell(CODES_ROW + 2, FIRST_VALUE_COLUMN)
    ws.page_setup.orientation = "landscape"
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.sort = False
    ws.protection.autoFilter = False
    _help_sheet(wb, layout)
    _meta_sheet(wb, layout, submission, existing, user)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{layout.period.code} {layout.unit.code}"
    wb.properties.subject = clean_text(f"Báo cáo kế hoạch {layout.period.plan.number}")
    return wb


def template_bytes(*, period, unit, user=None):
    buffer = BytesIO()
    with translation.override(settings.LANGUAGE_CODE):  # a Vietnamese form, whatever the page's language
        build_template(period=period, unit=unit, user=user).save(buffer)
    return buffer.getvalue()


def template_filename(period, unit):
    return f"bao-cao-{period.code}-{unit.code}.xlsx"
