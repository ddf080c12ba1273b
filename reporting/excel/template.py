"""Write the Excel template of a unit's report for a period, with the figures entered so far.

Every value goes into its cell through laichau_plan.workbooks.write_cell: a name that looks like
a formula is written as its text.
"""
from copy import copy
from io import BytesIO

from django.conf import settings
from django.utils import timezone, translation
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.cell_range import MultiCellRange
from openpyxl.worksheet.datavalidation import DataValidation

from laichau_plan import formatting as fmt
from laichau_plan.workbooks import clean_text, print_on_a4, write_cell
from targets.models import ValueType

from ..checks import comparison_values, value_warning
from ..figures import text_digest
from ..models import EXPLANATION_MAX_CHARS, TEXT_MAX_CHARS, Submission
from ..selectors import figures_by_key, submission_texts
from .layout import (
    BLANK_EXPLANATION_ROWS,
    BOOLEAN_CHOICES,
    CODES_LABEL,
    CODES_ROW,
    DATA_SHEET,
    EXPLANATION_CODES_LABEL,
    EXPLANATION_COLUMN,
    EXPLANATION_SHEET,
    FIRST_VALUE_COLUMN,
    HELP_SHEET,
    META_SHEET,
    NOT_APPLICABLE,
    PROPOSALS_CODE,
    ROW_CODE_LABEL,
    ROW_NAME_LABEL,
    SHORTCOMINGS_CODE,
    TEMPLATE_VERSION,
    TEXT_CODES_LABEL,
    TEXT_COLUMN,
    TEXT_HEADER_ROW,
    TEXT_SHEET,
    build_layout,
    text_rows,
)

# One object per style, shared by every cell that has it (openpyxl keeps one copy of each).
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
GREY_FILL = PatternFill("solid", fgColor="D9D9D9")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
TITLE_FONT = Font(bold=True, size=13)
PLAIN_FONT = Font(size=11)
WRAP_TOP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center")
UNLOCKED = Protection(locked=False)
TEXT_FORMAT = "@"  # an editable text cell keeps "20/6" as typed, never a date
NUMBER_FORMATS = {
    ValueType.INTEGER: "#,##0",
    ValueType.DECIMAL: "#,##0.00",
    ValueType.PERCENT: "0.00",
    ValueType.BOOLEAN: "@",
}
STYLES = {
    "title": {"font": TITLE_FONT},
    "plain": {"font": PLAIN_FONT},
    "wrap": {"alignment": WRAP_TOP},
    "header": {"font": BOLD, "fill": HEADER_FILL, "border": BORDER, "alignment": WRAP_TOP},
    "code": {"border": BORDER},
    "not_applicable": {"border": BORDER, "fill": GREY_FILL, "alignment": CENTER},
    **{f"value_{kind}": {"border": BORDER, "number_format": number_format, "protection": UNLOCKED}
       for kind, number_format in NUMBER_FORMATS.items()},
    "read_only": {"border": BORDER, "alignment": WRAP_TOP},
    "editable": {"border": BORDER, "alignment": WRAP_TOP, "protection": UNLOCKED, "number_format": TEXT_FORMAT},
    "editable_code": {"border": BORDER, "protection": UNLOCKED, "number_format": TEXT_FORMAT},
}


class Styles:
    """The template's styles (STYLES), each made once per workbook. A cell takes a copy of the
    style's index array: openpyxl hashes every style object a cell is given, which cost more than
    writing the values in a template of thousands of cells."""

    def __init__(self, ws):
        self.ws, self.made = ws, {}

    def __call__(self, cell, name):
        """``cell`` with the style ``name``; style it before writing (write_cell may mark text as text)."""
        array = self.made.get(name)
        if array is None:
            scratch = Cell(self.ws)
            for attribute, value in STYLES[name].items():
                setattr(scratch, attribute, value)
            array = self.made[name] = scratch._style
        cell._style = copy(array)
        return cell


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


def _title_rows(ws, styles, layout, submission):
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
        write_cell(styles(ws.cell(number, 1), "title" if number == 1 else "plain"), text)


def _header_rows(ws, styles, layout):
    names = CODES_ROW + 1
    texts = {(CODES_ROW, 1): CODES_LABEL, (CODES_ROW, 2): "", (names, 1): ROW_CODE_LABEL, (names, 2): ROW_NAME_LABEL}
    for index, indicator in enumerate(layout.indicators):
        column = FIRST_VALUE_COLUMN + index
        texts[(CODES_ROW, column)] = indicator.code
        texts[(names, column)] = f"{indicator.name_vi} ({indicator.unit_vi})"
        ws.column_dimensions[layout.column_letter(index)].width = 18
    for (row, column), text in texts.items():
        write_cell(styles(ws.cell(row, column), "header"), text)
    ws.row_dimensions[names].height = 60


def _ranges(letter, rows):
    """"C9:C20 C22:C40": the runs of consecutive ``rows`` of a column, for one data validation."""
    runs, start, previous = [], None, None
    for row in rows:
        if start is None:
            start = previous = row
        elif row == previous + 1:
            previous = row
        else:
            runs.append((start, previous))
            start = previous = row
    if start is not None:
        runs.append((start, previous))
    return " ".join(f"{letter}{a}:{letter}{b}" if a != b else f"{letter}{a}" for a, b in runs)


def _data_rows(ws, styles, layout, existing):
    owed_rows = {indicator.code: [] for indicator in layout.indicators}
    for offset, row in enumerate(layout.rows):
        number = CODES_ROW + 2 + offset
        write_cell(styles(ws.cell(number, 1), "code"), row.code)
        write_cell(styles(ws.cell(number, 2), "code"), row.name)
        for index, indicator in enumerate(layout.indicators):
            cell = ws.cell(number, FIRST_VALUE_COLUMN + index)
            owed = layout.cell(row, indicator)
            if owed is None:
                write_cell(styles(cell, "not_applicable"), NOT_APPLICABLE)
                continue
            stored = existing.get(owed.key)
            value = _excel_value(indicator, stored.value if stored else None)
            write_cell(styles(cell, f"value_{indicator.value_type}"), value)
            owed_rows[indicator.code].append(number)
    for index, indicator in enumerate(layout.indicators):  # one validation a column, over its runs of owed cells
        if owed_rows[indicator.code]:
            validation = _validation(indicator)
            validation.sqref = MultiCellRange(_ranges(layout.column_letter(index), owed_rows[indicator.code]))
            ws.add_data_validation(validation)


def _help_sheet(wb, styles, layout):
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
        f"8. Trang '{TEXT_SHEET}': mỗi dòng là một nhiệm vụ của đơn vị (mã ở cột A, nội dung nhiệm vụ ở cột B, "
        f"chỉ để đọc); ghi kết quả thực hiện vào cột C. Hai dòng cuối, mã {SHORTCOMINGS_CODE} và {PROPOSALS_CODE}, "
        f"là phần tồn tại, hạn chế và nguyên nhân, và phần đề xuất, kiến nghị. Mỗi ô tối đa "
        f"{fmt.plain_number(TEXT_MAX_CHARS)} ký tự; xuống dòng trong ô bằng Alt+Enter.",
        f"9. Trang '{EXPLANATION_SHEET}': các số liệu có cảnh báo (tăng, giảm bất thường hoặc quá xa chỉ tiêu) "
        f"hoặc đã có giải trình khi tải mẫu; ghi giải trình vào cột E (tối đa "
        f"{fmt.plain_number(EXPLANATION_MAX_CHARS)} ký tự). Số liệu sửa trong tệp mà có cảnh báo khi nhập: ghi mã chỉ tiêu (cột A) và mã ở cột A của "
        f"trang '{DATA_SHEET}' (cột B) vào một dòng trống rồi ghi giải trình. Báo cáo chỉ gửi được khi mọi "
        "cảnh báo đã có giải trình.",
        "10. Nội dung được nhập cùng số liệu: có lỗi ở bất kỳ ô nào thì không lưu gì. Ô chữ không sửa trong tệp "
        "giữ nguyên nội dung trên cổng; xóa chữ trong một ô là xóa nội dung đó.",
    ]
    if unit_row:
        lines.insert(2, f"   Dòng cuối, mã {layout.unit.code} ở cột A, là các chỉ tiêu của cả đơn vị báo cáo.")
    for number, text in enumerate(lines, start=1):
        write_cell(styles(ws.cell(number, 1), "title" if number == 1 else "wrap"), text)
    ws.column_dimensions["A"].width = 100
    print_on_a4(ws, landscape=False)  # one column of wrapped lines, one page wide


def _words_header(ws, styles, title, lines, header):
    """Title, instructions and the header row of a words sheet; the header is row TEXT_HEADER_ROW."""
    write_cell(styles(ws.cell(1, 1), "title"), title)
    for number, text in enumerate(lines, start=2):
        write_cell(ws.cell(number, 1), text)
    for column, text in enumerate(header, start=1):
        write_cell(styles(ws.cell(TEXT_HEADER_ROW, column), "header"), text)


def _protect(ws):
    ws.freeze_panes = ws.cell(TEXT_HEADER_ROW + 1, 1)
    print_on_a4(ws, title_rows=f"{TEXT_HEADER_ROW}:{TEXT_HEADER_ROW}")
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False  # long texts: the unit may make a row taller


def _text_sheet(wb, styles, rows, texts):
    """"Thuyết minh": one row per task, then shortcomings and proposals; returns the _meta lines."""
    ws = wb.create_sheet(TEXT_SHEET)
    _words_header(ws, styles, "THUYẾT MINH BÁO CÁO: KẾT QUẢ THỰC HIỆN NHIỆM VỤ, TỒN TẠI, HẠN CHẾ VÀ KIẾN NGHỊ", [
        "Ghi vào các ô trắng ở cột C; không sửa mã ở cột A và nội dung nhiệm vụ ở cột B.",
        f"Ô đã có chữ là nội dung đơn vị đã nhập trên cổng. Xem trang '{HELP_SHEET}'.",
    ], [TEXT_CODES_LABEL, "Nhiệm vụ, nội dung báo cáo", "Kết quả thực hiện (ghi vào cột này)"])
    snapshot = []
    for number, row in enumerate(rows, start=TEXT_HEADER_ROW + 1):
        text = texts.get(row.key, "")
        write_cell(styles(ws.cell(number, 1), "read_only"), row.code)
        write_cell(styles(ws.cell(number, 2), "read_only"), row.label)
        write_cell(styles(ws.cell(number, TEXT_COLUMN), "editable"), text or None)
        snapshot.append(("text", row.code, text_digest(text)))
    ws.column_dimensions["A"].width = 12
    ws.column_dimensions["B"].width = 60
    ws.column_dimensions["C"].width = 90
    _protect(ws)
    return snapshot


def _shown(indicator, value):
    if value is None:
        return "trống"
    if indicator.value_type == ValueType.BOOLEAN:
        return BOOLEAN_CHOICES[0] if value else BOOLEAN_CHOICES[1]
    return fmt.plain_number(value)


def _explanation_sheet(wb, styles, layout, existing):
    """"Giải trình": each figure with a warning or an explanation, then blank rows; returns the _meta lines."""
    ws = wb.create_sheet(EXPLANATION_SHEET)
    _words_header(ws, styles, "GIẢI TRÌNH SỐ LIỆU", [
        "Ghi giải trình vào cột E. Số liệu sửa trong tệp mà có cảnh báo: ghi mã chỉ tiêu và mã dòng "
        f"(như cột A của trang '{DATA_SHEET}') vào một dòng trống.",
        "Cột C và D ghi số liệu và cảnh báo lúc tải mẫu, chỉ để đọc.",
    ], [EXPLANATION_CODES_LABEL, "Mã dòng", "Thiết chế và chỉ tiêu", "Số liệu khi tải mẫu, cảnh báo",
        "Giải trình (ghi vào cột này)"])
    comparisons = comparison_values(layout.period, layout.unit)
    names = {row.institution_code: row for row in layout.rows}
    number, snapshot = TEXT_HEADER_ROW, []
    for key, owed in layout.cells.items():
        stored = existing.get(key)
        value = stored.value if stored else None
        warning = value_warning(owed, value, comparisons)
        explanation = stored.explanation if stored else ""
        if not warning and not explanation:
            continue
        number += 1
        row = names[owed.institution.code if owed.institution else ""]
        shown = _shown(owed.indicator, value)
        for column, text in enumerate((owed.indicator.code, row.code, f"{row.name} — {owed.indicator.name_vi}",
                                       f"{shown}: {warning}" if warning else shown), start=1):
            write_cell(styles(ws.cell(number, column), "read_only"), text)
        write_cell(styles(ws.cell(number, EXPLANATION_COLUMN), "editable"), explanation or None)
        if explanation:
            snapshot.append(("explanation", key, text_digest(explanation)))
    for number in range(number + 1, number + 1 + BLANK_EXPLANATION_ROWS):
        for column, name in ((1, "editable_code"), (2, "editable_code"), (3, "code"), (4, "code"),
                             (EXPLANATION_COLUMN, "editable")):
            styles(ws.cell(number, column), name)
    for letter, width in zip("ABCDE", (16, 16, 40, 30, 70), strict=True):
        ws.column_dimensions[letter].width = width
    _protect(ws)
    return snapshot


def _meta_sheet(wb, layout, submission, existing, user, words):
    ws = wb.create_sheet(META_SHEET)
    rows = [
        ("template_version", TEMPLATE_VERSION),
        ("unit_code", layout.unit.code),
        ("period_code", layout.period.slug),  # the key; equal to the code for Plan 1133
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
    rows += words
    for line, row in enumerate(rows, start=1):
        for column, item in enumerate(row, start=1):
            write_cell(ws.cell(line, column), str(item))
    ws.sheet_state = "veryHidden"


def build_template(*, period, unit, user=None):
    """The template as an openpyxl Workbook."""
    layout = build_layout(period, unit)
    submission = Submission.objects.filter(period=period, reporting_unit=unit).first()
    existing = figures_by_key(submission)
    texts = submission_texts(submission)
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    styles = Styles(ws)
    _title_rows(ws, styles, layout, submission)
    _header_rows(ws, styles, layout)
    _data_rows(ws, styles, layout, existing)
    ws.column_dimensions["A"].width = 16
    ws.column_dimensions["B"].width = 40
    ws.freeze_panes = ws.cell(CODES_ROW + 2, FIRST_VALUE_COLUMN)
    print_on_a4(ws, title_rows=f"{CODES_ROW}:{CODES_ROW + 1}", title_columns="A:B")
    ws.protection.sheet = True
    ws.protection.formatColumns = False
    ws.protection.formatRows = False
    ws.protection.sort = False
    ws.protection.autoFilter = False
    words = _text_sheet(wb, styles, text_rows(layout.period, layout.unit), texts)
    words += _explanation_sheet(wb, styles, layout, existing)
    _help_sheet(wb, styles, layout)
    _meta_sheet(wb, layout, submission, existing, user, words)
    wb.security = WorkbookProtection(lockStructure=True)
    wb.properties.title = f"{layout.period.slug} {layout.unit.code}"
    wb.properties.subject = clean_text(f"Báo cáo kế hoạch {layout.period.plan.number}")
    return wb


def template_bytes(*, period, unit, user=None):
    buffer = BytesIO()
    with translation.override(settings.LANGUAGE_CODE):  # a Vietnamese form, whatever the page's language
        build_template(period=period, unit=unit, user=user).save(buffer)
    return buffer.getvalue()


def template_filename(period, unit):
    return f"bao-cao-{period.slug}-{unit.code}.xlsx"
