"""Every kind of bad upload gets a clear, located Vietnamese message, and nothing is saved."""
import pytest

from reporting.excel.layout import CODES_ROW, DATA_SHEET, META_SHEET
from reporting.models import Period
from reporting.selectors import cell_key
from reporting.services import submission_get_or_create, submission_save

from .factories import ReportingUnitFactory
from .test_report_excel_support import indicators, museum, period, setup  # noqa: F401 (fixtures)
from .test_report_excel_support import cell, column_of, filled, meta_set, row_of, run, state, to_bytes, workbook

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(setup, unit, unit_user):
    """A report with one figure already saved on the portal, so that 'unchanged' means something."""
    submission = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=submission, user=unit_user, values={cell_key("LIB_VISITS", "TV-105"): "100"})
    return setup


def refused(data, period, unit, user, filename="bao-cao.xlsx"):
    before = state(period, unit)
    result = run(data, user=user, period=period, unit=unit, filename=filename)
    assert not result.ok
    assert state(period, unit) == before, "a refused file must leave the database as it was"
    return result.messages


def located(ws, row_code, indicator):
    return f"dòng {row_of(ws, row_code)}, cột {cell(ws.parent, row_code, indicator).column_letter} ({indicator})"


def test_every_error_names_sheet_row_column_and_indicator(started, unit, unit_user):
    wb = filled(started, unit, LIB_VISITS__TV_105="mười")
    messages = refused(to_bytes(wb), started, unit, unit_user)
    ws = wb[DATA_SHEET]
    assert messages == [f"Trang 'Số liệu', {located(ws, 'TV-105', 'LIB_VISITS')}: 'mười' không phải là số"]


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"LIB_VISITS__TV_105": "=1+2"}, "ô có công thức, hãy ghi số"),
        ({"LIB_VISITS__TV_105": "=SUM(C9:C10)"}, "ô có công thức, hãy ghi số"),
        ({"LIB_VISITS__TV_105": -5}, "không được là số âm"),
        ({"LIB_VISITS__TV_105": 12.5}, "phải là số nguyên"),
        ({"LIB_VISITS__TV_105": "mười hai"}, "'mười hai' không phải là số"),
        ({"MUS_SHARE__BT_105": 150}, "tỷ lệ không được lớn hơn 100"),
        ({"MUS_SHARE__BT_105": 1.234}, "chỉ được tối đa 2 chữ số thập phân"),
        ({"LIB_INTERNET__TV_105": "chưa rõ"}, "'chưa rõ' không phải Có/Không"),
        ({"LIB_VISITS__TV_105": True}, "không phải là số"),
    ],
)
def test_a_bad_figure_is_refused_with_its_place(started, unit, unit_user, overrides, message):
    messages = refused(to_bytes(filled(started, unit, **overrides)), started, unit, unit_user)
    assert len(messages) == 1 and message in messages[0]
    assert messages[0].startswith("Trang 'Số liệu', dòng ")


def test_all_errors_are_listed_at_once(started, unit, unit_user):
    wb = filled(started, unit, LIB_VISITS__TV_105=-1, MUS_SHARE__BT_105="nhiều", FESTIVALS__105="=2")
    assert len(refused(to_bytes(wb), started, unit, unit_user)) == 3


def test_a_value_in_a_cell_that_does_not_apply_is_refused(started, unit, unit_user):
    wb = filled(started, unit, MUS_SHARE__TV_105=5)
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert messages == [
        f"Trang 'Số liệu', {located(wb[DATA_SHEET], 'TV-105', 'MUS_SHARE')}: chỉ tiêu này không áp dụng cho "
        "Thư viện thành phố Lai Châu; để trống ô (—)"
    ]


def test_another_units_file_is_refused(started, unit, unit_user):
    other = ReportingUnitFactory(code="106", name="UBND huyện Tam Đường")
    messages = refused(to_bytes(workbook(started, other)), started, unit, unit_user)
    assert messages == [
        "Tệp này là mẫu của đơn vị mã 106, không phải của UBND thành phố Lai Châu (mã 105); "
        "hãy tải mẫu của đơn vị mình"
    ]


def test_another_periods_file_is_refused(started, unit, unit_user):
    annual = Period.objects.get(code="2017-FY")
    messages = refused(to_bytes(workbook(annual, unit)), started, unit, unit_user)
    assert messages == [
        "Tệp này là mẫu của kỳ 2017-FY, không phải kỳ 2017-H1 (Báo cáo 6 tháng đầu năm 2017); "
        "hãy tải mẫu của kỳ đang nhập"
    ]


def test_an_old_template_version_is_refused(started, unit, unit_user):
    wb = meta_set(filled(started, unit), "template_version", "0")
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert messages == ["Đây là mẫu cũ (phiên bản 0); mẫu hiện nay là phiên bản 2: hãy tải mẫu mới và chép số liệu sang"]


def test_a_workbook_without_the_meta_sheet_is_not_a_portal_template(started, unit, unit_user):
    wb = filled(started, unit)
    del wb[META_SHEET]
    assert "không có trang '_meta'" in refused(to_bytes(wb), started, unit, unit_user)[0]


@pytest.mark.parametrize(
    "make, filename, message",
    [
        (lambda good: good[: len(good) // 2], "bao-cao.xlsx", "bị hỏng hoặc không phải tệp Excel (.xlsx)"),
        (lambda good: good[:3000] + b"\x00" * 500 + good[3500:], "bao-cao.xlsx", "bị hỏng"),
        (lambda good: "Mã chỉ tiêu;LIB_VISITS\nTV-105;1200\n".encode(), "bao-cao.xlsx", "là tệp văn bản (CSV, TXT)"),
        (lambda good: b"hello", "bao-cao.txt", "chỉ nhận tệp Excel .xlsx"),
        (lambda good: b"a,b\n1,2\n", "bao-cao.csv", "chỉ nhận tệp Excel .xlsx"),
        (lambda good: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "bao-cao.xlsx", "Excel 97-2003"),
        (lambda good: b"\xd0\xcf\x11\xe0", "bao-cao.xls", "Excel 97-2003 (.xls)"),
        (lambda good: b"", "bao-cao.xlsx", "tệp rỗng"),
        (lambda good: b"PK\x03\x04" + b"\x00" * 100, "bao-cao.xlsx", "bị hỏng"),
    ],
)
def test_a_damaged_or_non_excel_file_gets_a_clear_message(started, unit, unit_user, make, filename, message):
    good = to_bytes(filled(started, unit))
    messages = refused(make(good), started, unit, unit_user, filename=filename)
    assert len(messages) == 1 and messages[0].startswith(f"Tệp '{filename}': ") and message in messages[0]


def test_merged_cells_in_the_data_area_are_refused(started, unit, unit_user):
    wb = filled(started, unit)
    ws = wb[DATA_SHEET]
    first = row_of(ws, "BT-105")
    ws.merge_cells(start_row=first, start_column=3, end_row=first + 1, end_column=3)
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert f"Trang 'Số liệu', dòng {first}, cột C: các ô C{first}:C{first + 1} bị gộp (merge)" in messages[0]


def test_an_unknown_institution_code_is_refused_and_its_missing_row_reported(started, unit, unit_user):
    wb = filled(started, unit)
    ws = wb[DATA_SHEET]
    row = row_of(ws, "TV-105")
    ws.cell(row, 1).value = "TV-999"
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert f"Trang 'Số liệu', dòng {row}, cột A: mã 'TV-999' ở cột A không phải thiết chế của UBND" in messages[0]
    assert messages[1] == (
        "Trang 'Số liệu', cột A: thiếu dòng của Thư viện thành phố Lai Châu (mã TV-105): "
        "dòng đã bị xóa hoặc sửa mã"
    )


def test_a_deleted_row_is_reported_as_missing(started, unit, unit_user):
    wb = filled(started, unit)
    ws = wb[DATA_SHEET]
    ws.delete_rows(row_of(ws, "BT-105"))
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert messages == ["Trang 'Số liệu', cột A: thiếu dòng của Bảo tàng thành phố (mã BT-105): dòng đã bị xóa hoặc sửa mã"]


def test_a_duplicated_row_is_refused(started, unit, unit_user):
    wb = filled(started, unit)
    ws = wb[DATA_SHEET]
    source = row_of(ws, "TV-105")
    copy = ws.max_row + 1
    for column in range(1, ws.max_column + 1):
        ws.cell(copy, column).value = ws.cell(source, column).value
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert messages == [
        f"Trang 'Số liệu', dòng {copy}, cột A: mã TV-105 lặp lại (đã có ở dòng {source}); "
        "mỗi thiết chế chỉ một dòng"
    ]


def test_rows_sorted_on_some_columns_only_are_caught_by_the_names(started, unit, unit_user):
    wb = filled(started, unit)
    ws = wb[DATA_SHEET]
    first, second = row_of(ws, "BT-105"), row_of(ws, "TV-105")
    ws.cell(first, 2).value, ws.cell(second, 2).value = ws.cell(second, 2).value, ws.cell(first, 2).value
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert len(messages) == 2
    assert messages[0].startswith(f"Trang 'Số liệu', dòng {first}, cột B: tên 'Thư viện thành phố Lai Châu' không khớp")
    assert "sắp xếp lệch" in messages[0]


def test_figures_in_a_row_without_a_code_are_refused(started, unit, unit_user):
    wb = filled(started, unit)
    ws = wb[DATA_SHEET]
    extra = ws.max_row + 1
    ws.cell(extra, 5).value = 12
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert messages == [f"Trang 'Số liệu', dòng {extra}, cột A: dòng có số liệu nhưng cột A không có mã thiết chế"]


def test_an_unknown_or_missing_indicator_column_is_refused(started, unit, unit_user):
    wb = filled(started, unit)
    ws = wb[DATA_SHEET]
    column = column_of(ws, "MUS_SHARE")
    ws.cell(CODES_ROW, column).value = "MUS_OTHER"
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert messages == [
        f"Trang 'Số liệu', dòng {CODES_ROW}, cột F (MUS_OTHER): mã chỉ tiêu 'MUS_OTHER' không có trong kỳ báo cáo "
        "này; hãy tải mẫu mới",
        f"Trang 'Số liệu', dòng {CODES_ROW}: thiếu cột của chỉ tiêu MUS_SHARE (cột đã bị xóa hoặc sửa mã); "
        "hãy tải mẫu mới",
    ]


def test_a_duplicated_indicator_column_is_refused(started, unit, unit_user):
    wb = filled(started, unit)
    ws = wb[DATA_SHEET]
    ws.cell(CODES_ROW, column_of(ws, "MUS_SHARE")).value = "LIB_VISITS"
    messages = refused(to_bytes(wb), started, unit, unit_user)
    assert "mã chỉ tiêu LIB_VISITS lặp lại (đã có ở cột E)" in messages[0]


def test_a_sheet_without_the_codes_row_is_refused(started, unit, unit_user):
    wb = filled(started, unit)
    wb[DATA_SHEET].cell(CODES_ROW, 1).value = "Chỉ tiêu"
    assert "không tìm thấy dòng có 'Mã chỉ tiêu' ở cột A" in refused(to_bytes(wb), started, unit, unit_user)[0]


def test_an_institution_added_after_download_asks_for_a_new_template(started, unit, unit_user):
    from .factories import InstitutionFactory

    data = to_bytes(filled(started, unit))
    InstitutionFactory(reporting_unit=unit, code="TV-107", name="Thư viện mới")
    messages = refused(data, started, unit, unit_user)
    assert messages == [
        "Trang 'Số liệu', cột A: thiếu dòng của Thư viện mới (mã TV-107): thiết chế được thêm sau khi tải mẫu; "
        "hãy tải mẫu mới"
    ]


def test_a_huge_bad_cell_is_quoted_by_its_first_50_characters_and_says_how_many_more(started, unit, unit_user):
    huge = ("mười " * 6000).strip()  # 29,999 characters in one cell
    messages = refused(to_bytes(filled(started, unit, LIB_VISITS__TV_105=huge)), started, unit, unit_user)
    assert len(messages) == 1 and len(messages[0]) < 200
    start = ("mười " * 10).rstrip()  # the first 50 characters, without the space they end with: 49 shown
    assert f"'{start}' (… còn 29.950 ký tự) không phải là số" in messages[0]
    assert messages[0].startswith("Trang 'Số liệu', dòng ")
