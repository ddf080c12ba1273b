"""The report as an Excel workbook (openpyxl): the same numbers as the page, the PDF and the JSON.

Sheets: "Tổng hợp" (what, when, status and completeness counts), "Theo chỉ tiêu" (a row per
target), "Theo huyện" (a row per target and area; "Theo xã" when the areas are communes), "Tiến độ nộp" (a row per unit). Figures
are numbers with formats ('#,##0', '0.0%' for shares, stored as fractions), headers frozen, pages
landscape and fitted to width with the header row repeated. Text that a spreadsheet could take
for a formula is stored as text with a quote prefix (laichau_plan.workbooks.write_cell).
"""
import io
from decimal import Decimal

from django.conf import settings
from django.utils import translation
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from laichau_plan import formatting as fmt
from laichau_plan.workbooks import clean_text, print_on_a4, write_cell

from .area_layout import area_level_word
from .present import TIMELINESS_LABELS, counted_statuses, report_page
from .rules import STATUS_LABELS

INTEGER = "#,##0"
DECIMAL = "#,##0.00"
PERCENT = "0.0%"
DATE = "dd/mm/yyyy"
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")
THIN = Side(style="thin", color="999999")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def _set(ws, row, column, value, number_format=None, bold=False):
    cell = write_cell(ws.cell(row=row, column=column), value)
    if number_format:
        cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _number_format(value):
    if value is None:
        return None
    return INTEGER if Decimal(value) == Decimal(value).to_integral_value() else DECIMAL


def _fraction(pct):
    """A percentage (85.3) as the fraction Excel formats as 85.3 %."""
    return None if pct is None else Decimal(pct) / 100


def _figure(ws, row, column, value, aggregation):
    if aggregation == "share_yes":
        return _set(ws, row, column, _fraction(value), PERCENT)
    return _set(ws, row, column, value, _number_format(value))


def _table(ws, headers, widths):
    for column, (header, width) in enumerate(zip(headers, widths), start=1):
        cell = _set(ws, 1, column, header, bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = BORDER
        ws.column_dimensions[get_column_letter(column)].width = width
    ws.row_dimensions[1].height = 45
    ws.freeze_panes = "A2"
    ws.print_title_rows = "1:1"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(headers))}1"
    print_on_a4(ws)


TARGET_HEADERS = [
    ("TT", 5), ("Mã chỉ tiêu", 14), ("Chỉ tiêu", 34), ("Đơn vị tính", 10), ("Mã mục tiêu", 16),
    ("Phạm vi", 30), ("Cách xét", 26), ("Tối thiểu", 12), ("Tối đa", 12), ("Tối thiểu (cả phạm vi)", 13),
    ("Tối đa (cả phạm vi)", 13), ("Thực hiện", 13), ("Tạm tính", 8), ("Tỷ lệ so với tối thiểu", 11),
    ("Tỷ lệ so với tối đa", 11), ("Số thiết chế trong phạm vi", 11), ("Đã báo cáo", 9),
    ("Đạt mức tối thiểu", 10), ("Cùng kỳ năm trước", 13), ("Tăng, giảm", 12), ("Tăng, giảm (%)", 10),
    ("Đánh giá", 14),
]


def _targets_sheet(wb, rows):
    ws = wb.create_sheet("Theo chỉ tiêu")
    _table(ws, [h for h, _ in TARGET_HEADERS], [w for _, w in TARGET_HEADERS])
    for offset, row in enumerate(rows, start=2):
        t, aggregation = row["target"], row["indicator"]["aggregation"]
        values = [row["number"], row["code"], row["name"], row["unit"], row["key"], row["scope"], row["basis"]]
        for column, value in enumerate(values, start=1):
            _set(ws, offset, column, value, INTEGER if column == 1 else None)
        for column, key in ((8, "target_min"), (9, "target_max"), (10, "target_min_total"), (11, "target_max_total"),
                            (12, "actual")):
            _figure(ws, offset, column, t[key], aggregation)
        _set(ws, offset, 13, "x" if t["provisional"] else "")
        _set(ws, offset, 14, _fraction(t["achievement_pct"]), PERCENT)
        _set(ws, offset, 15, _fraction(t["achievement_max_pct"]), PERCENT)
        _set(ws, offset, 16, t["institutions_total"], INTEGER)
        _set(ws, offset, 17, t["institutions_reported"], INTEGER)
        _set(ws, offset, 18, t["institutions_meeting"], INTEGER)
        _figure(ws, offset, 19, t["previous_actual"], aggregation)
        _figure(ws, offset, 20, t["change"], aggregation)
        _set(ws, offset, 21, _fraction(t["change_pct"]), PERCENT)
        _set(ws, offset, 22, STATUS_LABELS[t["status"]])


AREA_HEADERS = [
    ("TT", 5), ("Mã chỉ tiêu", 14), ("Chỉ tiêu", 34), ("Mã mục tiêu", 16), ("Phạm vi", 30), ("Mã địa bàn", 10),
    ("Địa bàn", 22), ("Thực hiện", 13), ("Tạm tính", 8), ("Số thiết chế", 10), ("Đã báo cáo", 9),
    ("Đạt mức tối thiểu", 10), ("Đánh giá", 14), ("Tỷ trọng trong tổng", 11),
]


def _areas_sheet(wb, rows, columns):
    """A row per target and area (as many areas as there are: 8 districts or 38 communes), the
    sheet named by the areas' level."""
    ws = wb.create_sheet(f"Theo {area_level_word(columns)}")
    _table(ws, [h for h, _ in AREA_HEADERS], [w for _, w in AREA_HEADERS])
    line = 2
    for row in rows:
        aggregation = row["indicator"]["aggregation"]
        for area in row["target"]["by_area"]:
            for column, value in enumerate(
                [row["number"], row["code"], row["name"], row["key"], row["scope"], area["code"], area["name"]],
                start=1,
            ):
                _set(ws, line, column, value, INTEGER if column == 1 else None)
            _figure(ws, line, 8, area["actual"], aggregation)
            _set(ws, line, 9, "x" if area["provisional"] else "")
            _set(ws, line, 10, area["institutions_total"], INTEGER)
            _set(ws, line, 11, area["institutions_reported"], INTEGER)
            _set(ws, line, 12, area["institutions_meeting"], INTEGER)
            _set(ws, line, 13, STATUS_LABELS[area["status"]] if area["status"] else "")
            _set(ws, line, 14, _fraction(area.get("share_pct")), PERCENT)
            line += 1


UNIT_HEADERS = [("TT", 5), ("Mã đơn vị", 10), ("Đơn vị", 40), ("Trạng thái", 18), ("Ngày gửi", 12),
                ("Ngày duyệt", 12), ("Thời hạn", 12)]


def _completeness_sheet(wb, data):
    ws = wb.create_sheet("Tiến độ nộp")
    _table(ws, [h for h, _ in UNIT_HEADERS], [w for _, w in UNIT_HEADERS])
    for line, unit in enumerate(data["completeness"]["units"], start=2):
        _set(ws, line, 1, line - 1, INTEGER)
        _set(ws, line, 2, unit["code"])
        _set(ws, line, 3, unit["name"])
        _set(ws, line, 4, unit["status_label"])
        _set(ws, line, 5, fmt.to_date(unit["first_submitted_on"]), DATE)
        _set(ws, line, 6, fmt.to_date(unit["approved_on"]), DATE)
        _set(ws, line, 7, TIMELINESS_LABELS[unit["timeliness"]])


COMPLETENESS_LABELS = [
    ("expected", "Đơn vị phải báo cáo"), ("submitted", "Đã gửi"), ("approved", "Đã duyệt"),
    ("on_time", "Gửi đúng hạn"), ("late", "Gửi muộn"), ("missing", "Chưa gửi"),
]


def _summary_sheet(ws, report, data):
    ws.title = "Tổng hợp"
    ws.column_dimensions["A"].width = 34
    ws.column_dimensions["B"].width = 60
    department = settings.PORTAL_DEPARTMENT_NAME
    _set(ws, 1, 1, f"{department} tỉnh {settings.PORTAL_PROVINCE_NAME}".upper(), bold=True)
    _set(ws, 2, 1, report.summary, bold=True)
    info = [
        ("Số, ký hiệu", fmt.number_symbol(report.number, report.symbol) if report.number else "Dự thảo"),
        ("Ngày ban hành", fmt.to_date(report.issued_on)),
        ("Kế hoạch", f"{data['plan']['number']} — {data['plan']['title']}"),
        ("Kỳ báo cáo", f"{data['period']['code']} — {data['period']['title']}"),
        ("Hạn nộp", fmt.to_date(data["period"]["due_date"])),
        ("Cách so sánh", data["period"]["basis_note"] or f"So với chỉ tiêu năm {data['period']['year']}"),
        ("Số liệu", "Gồm cả báo cáo chưa duyệt (tạm tính)" if data["include_submitted"] else "Báo cáo đã duyệt"),
    ]
    line = 4
    for label, value in info:
        _set(ws, line, 1, label, bold=True)
        _set(ws, line, 2, value, DATE if label in ("Ngày ban hành", "Hạn nộp") else None)
        ws.cell(row=line, column=2).alignment = Alignment(horizontal="left")
        line += 1
    line += 1
    _set(ws, line, 1, "Đánh giá chỉ tiêu", bold=True)
    _set(ws, line, 2, "Số chỉ tiêu", bold=True)
    _set(ws, line + 1, 1, "Tổng số chỉ tiêu")
    _set(ws, line + 1, 2, data["summary"]["targets"], INTEGER)
    line += 2
    for status in counted_statuses(data):
        _set(ws, line, 1, STATUS_LABELS[status])
        _set(ws, line, 2, data["summary"][status], INTEGER)
        line += 1
    line += 1
    _set(ws, line, 1, "Tiến độ gửi báo cáo", bold=True)
    _set(ws, line, 2, "Số đơn vị", bold=True)
    line += 1
    for key, label in COMPLETENESS_LABELS:
        _set(ws, line, 1, label)
        _set(ws, line, 2, data["completeness"][key], INTEGER)
        line += 1
    print_on_a4(ws, landscape=False)


def render_xlsx(report, data):
    """The workbook's bytes (in Vietnamese, whatever the language of the page that asks for it)."""
    wb = Workbook()
    with translation.override(settings.LANGUAGE_CODE):
        page = report_page(data)
        _summary_sheet(wb.active, report, data)
        _targets_sheet(wb, page.rows)
        _areas_sheet(wb, page.rows, page.area_columns)
        _completeness_sheet(wb, data)
    wb.properties.creator = settings.PORTAL_DEPARTMENT_NAME
    wb.properties.title = clean_text(report.summary)[:250]
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
