"""The registry in Excel: export read back equals the data; import checks every row first."""
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from institutions.excel import COLUMNS, registry_header
from institutions.excel_import import registry_import
from institutions.models import AdminLevel, DivisionType, Institution, InstitutionKind, InstitutionLevel

from .factories import AdminUnitFactory, InstitutionFactory, ReportingUnitFactory

pytestmark = pytest.mark.django_db
EXPORT = reverse("institutions:export")
IMPORT = reverse("institutions:import")


def read_sheet(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return sheet, [list(row) for row in sheet.iter_rows(values_only=True)]


def xlsx(rows, header=None):
    """An .xlsx file (bytes, named) with the export's header and ``rows``."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(header or registry_header())
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    buffer.seek(0)
    buffer.name = "thiet-che.xlsx"
    return buffer


@pytest.fixture
def places(db):
    district = AdminUnitFactory(code="107", name="Huyện Mường Tè", structure="2015")
    commune = AdminUnitFactory(
        code="3390", name="Thị trấn Tam Đường", structure="2015",
        level=AdminLevel.COMMUNE, division_type=DivisionType.TOWNSHIP, parent=district,
    )
    later = AdminUnitFactory(
        code="3390", name="Xã Bình Lư", structure="2025", level=AdminLevel.COMMUNE, division_type=DivisionType.COMMUNE
    )
    unit = ReportingUnitFactory(code="107", name="UBND huyện Mường Tè", admin_unit=district)
    return {"district": district, "commune": commune, "later": later, "unit": unit}


# -- export --------------------------------------------------------------------------------
def test_the_export_read_back_equals_the_data(client_for, staff_user, places):
    first = InstitutionFactory(
        code="TV-107", name="Thư viện huyện Mường Tè", admin_unit=places["district"], reporting_unit=places["unit"],
        has_internet=True, address="Tổ 3, thị trấn Mường Tè", established_year=2004,
    )
    second = InstitutionFactory(
        code="NVH-3390", name="Nhà văn hóa Tam Đường", kind=InstitutionKind.CULTURAL_HOUSE,
        level=InstitutionLevel.COMMUNE, admin_unit=places["commune"], reporting_unit=places["unit"], is_active=False,
    )
    response = client_for(staff_user).get(EXPORT)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment;" in response["Content-Disposition"]
    sheet, rows = read_sheet(response.content)
    assert rows[0] == [str(column.header) for column in COLUMNS]
    assert rows[1:] == [
        [second.code, second.name, "Nhà văn hóa", "cấp xã", "3390", "107", "Không", None, None, "Không", "2015"],
        [first.code, first.name, "Thư viện", "cấp huyện", "107", "107", "Có", first.address, 2004, "Có", "2015"],
    ]


def test_the_export_has_a_frozen_header_widths_and_a_filter(client_for, leader_user, own_institution):
    sheet, rows = read_sheet(client_for(leader_user).get(EXPORT).content)
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:K2"
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet["A1"].font.bold


def test_the_export_applies_the_list_filters(client_for, staff_user):
    InstitutionFactory(name="Bảo tàng tỉnh", kind=InstitutionKind.MUSEUM)
    InstitutionFactory(name="Thư viện tỉnh", kind=InstitutionKind.LIBRARY)
    _sheet, rows = read_sheet(client_for(staff_user).get(EXPORT, {"kind": "museum"}).content)
    assert [row[1] for row in rows[1:]] == ["Bảo tàng tỉnh"]


def test_a_unit_member_exports_only_its_own_institutions(client_for, unit_user, own_institution, other_institution):
    _sheet, rows = read_sheet(client_for(unit_user).get(EXPORT).content)
    assert [row[0] for row in rows[1:]] == [own_institution.code]


def test_the_export_writes_formula_like_text_as_text(client_for, staff_user):
    InstitutionFactory(name='=HYPERLINK("http://evil","bấm")', address="+84 213 3876 000", code="F-1")
    sheet, rows = read_sheet(client_for(staff_user).get(EXPORT).content)
    name_cell, address_cell = sheet["B2"], sheet["H2"]
    assert name_cell.data_type == "s" and name_cell.quotePrefix
    assert name_cell.value == '=HYPERLINK("http://evil","bấm")'
    assert address_cell.data_type == "s" and address_cell.quotePrefix


def test_an_anonymous_visitor_cannot_export(client):
    assert client.get(EXPORT).status_code == 302


# -- import: good files ----------------------------------------------------------------------
def test_a_good_file_creates_new_codes_and_updates_existing_ones(places):
    existing = InstitutionFactory(code="TV-107", name="Thư viện cũ", admin_unit=places["district"])
    result = registry_import(file=xlsx([
        ["TV-107", "Thư viện huyện Mường Tè", "Thư viện", "cấp huyện", "107", "107", "Có", "Thị trấn", 2004, "Có", "2015"],
        ["nvh-1", "Nhà văn hóa  Bình Lư", "cultural_house", "commune", 3390, "107", "không", None, None, None, "2025"],
    ]))
    assert result.ok, result.messages
    assert (result.created, result.updated, result.unchanged) == (1, 1, 0)
    existing.refresh_from_db()
    assert (existing.name, existing.has_internet, existing.established_year) == ("Thư viện huyện Mường Tè", True, 2004)
    new = Institution.objects.get(code="NVH-1")
    assert new.admin_unit == places["later"]
    assert new.kind == InstitutionKind.CULTURAL_HOUSE and new.is_active and not new.has_internet
    assert new.search_name.startswith("nha van hoa binh lu")


def test_importing_the_export_again_changes_nothing(client_for, staff_user, places):
    InstitutionFactory(code="TV-107", admin_unit=places["commune"], reporting_unit=places["unit"], address="-")
    content = client_for(staff_user).get(EXPORT).content
    upload = io.BytesIO(content)
    result = registry_import(file=upload)
    assert result.ok, result.messages
    assert (result.created, result.updated, result.unchanged) == (0, 0, 1)


def test_a_repeated_statistics_code_takes_the_structure_of_the_existing_institution(places):
    InstitutionFactory(code="NVH-9", admin_unit=places["commune"])
    row = ["NVH-9", "Nhà văn hóa", "Nhà văn hóa", "cấp xã", "3390", "107"]
    result = registry_import(file=xlsx([row], header=registry_header()[:6]))
    assert result.ok, result.messages
    assert Institution.objects.get(code="NVH-9").admin_unit == places["commune"]


def test_the_import_page_reports_the_counts(client_for, staff_user, places):
    upload = xlsx([["TV-1", "Thư viện", "Thư viện", "cấp huyện", "107", "107", "Có", "", "", "Có", "2015"]])
    response = client_for(staff_user).post(IMPORT, {"file": upload}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("institutions:list")
    assert "1 thiết chế mới, 0 cập nhật, 0 không đổi" in response.content.decode()
    assert Institution.objects.filter(code="TV-1").exists()


# -- import: bad files ---------------------------------------------------------------------
def test_a_huge_bad_cell_is_quoted_shortened_with_what_was_left_out(places):
    huge = "x" * 30000
    rows = [["TV-2", "Thư viện 2", huge, "cấp huyện", "107", "107", "Có", "", "", "Có", "2015"]]
    result = registry_import(file=xlsx(rows))
    assert result.messages == [f"Dòng 2, cột C (Loại hình): '{'x' * 50}' (… còn 29.950 ký tự) không phải loại hình hợp lệ"]


def test_a_bad_file_reports_every_bad_row_and_saves_nothing(places):
    before = InstitutionFactory(code="TV-107", name="Tên cũ", admin_unit=places["district"])
    good = ["TV-107", "Tên mới", "Thư viện", "cấp huyện", "107", "107", "Có", "", 2004, "Có", "2015"]
    rows = [
        good,
        ["TV-2", "Thư viện 2", "thu vien", "cấp huyện", "107", "107", "Có", "", "", "Có", "2015"],
        ["TV-3", "", "Thư viện", "cấp tỉnh lớn", "107", "107", "Có", "", "", "Có", "2015"],
        ["TV-107", "Trùng", "Thư viện", "cấp huyện", "107", "107", "Có", "", "", "Có", "2015"],
        ["TV-5", "Thư viện 5", "Thư viện", "cấp huyện", "999", "ZZZ", "có lẽ", "", "năm 2000", "Có", "2015"],
        ["TV-6", "Thư viện 6", "Thư viện", "cấp huyện", "3390", "107", "Có", "", 1700, "Có", ""],
    ]
    result = registry_import(file=xlsx(rows))
    assert not result.ok
    year = datetime.date.today().year
    assert result.messages == [
        "Dòng 3, cột C (Loại hình): 'thu vien' không phải loại hình hợp lệ",
        "Dòng 4, cột B (Tên thiết chế): thiếu tên thiết chế",
        "Dòng 4, cột D (Cấp): 'cấp tỉnh lớn' không phải cấp hợp lệ",
        "Dòng 5, cột A (Mã): mã 'TV-107' trùng với dòng 2",
        "Dòng 6, cột E (Mã địa bàn (mã thống kê)): không có địa bàn mã '999' trong cơ cấu 2015",
        "Dòng 6, cột F (Mã đơn vị báo cáo): không có đơn vị báo cáo mã 'ZZZ'",
        "Dòng 6, cột G (Có điểm internet): 'có lẽ' không phải Có/Không",
        f"Dòng 6, cột I (Năm thành lập): 'năm 2000' không phải năm hợp lệ (từ 1800 đến {year})",
        "Dòng 7, cột E (Mã địa bàn (mã thống kê)): mã '3390' có trong nhiều cơ cấu (2015, 2025); "
        "ghi cơ cấu ở cột “Cơ cấu địa bàn”",
        f"Dòng 7, cột I (Năm thành lập): '1700' không phải năm hợp lệ (từ 1800 đến {year})",
    ]
    assert Institution.objects.count() == 1
    before.refresh_from_db()
    assert before.name == "Tên cũ"


def test_a_bad_code_format_is_reported_from_the_model_rules(places):
    result = registry_import(file=xlsx([["TV 1/2", "Thư viện", "Thư viện", "cấp huyện", "107", "107"]],
                                       header=registry_header()[:6]))
    assert len(result.messages) == 1
    assert result.messages[0].startswith("Dòng 2, cột A (Mã): Mã chỉ gồm chữ cái không dấu")
    assert not Institution.objects.exists()


def test_a_formula_cell_is_refused(places):
    result = registry_import(file=xlsx([["TV-1", "=A1", "Thư viện", "cấp huyện", "107", "107"]],
                                       header=registry_header()[:6]))
    assert result.messages == [
        "Dòng 2, cột B (Tên thiết chế): ô chứa công thức; hãy ghi giá trị (dán dưới dạng giá trị)"
    ]


def test_a_file_without_required_columns_is_refused(places):
    result = registry_import(file=xlsx([["TV-1", "Thư viện"]], header=["Mã", "Tên thiết chế"]))
    assert result.messages == [
        "Dòng tiêu đề thiếu cột bắt buộc: Loại hình, Cấp, Mã địa bàn (mã thống kê), Mã đơn vị báo cáo."
    ]


def test_a_file_with_only_a_header_is_refused(places):
    assert registry_import(file=xlsx([])).messages == ["Tệp không có dòng dữ liệu nào dưới dòng tiêu đề."]


def test_a_damaged_file_is_refused_with_a_clear_message():
    broken = io.BytesIO(b"PK\x03\x04 this is not really a zip")
    assert registry_import(file=broken).messages == [
        "Bị hỏng hoặc không phải tệp Excel (.xlsx); hãy tải mẫu mới và ghi lại số liệu"
    ]


def test_the_import_page_lists_the_problems_and_saves_nothing(client_for, staff_user, places):
    upload = xlsx([["TV-1", "Thư viện", "thu vien", "cấp huyện", "107", "107", "Có", "", "", "Có", "2015"]])
    response = client_for(staff_user).post(IMPORT, {"file": upload})
    assert response.status_code == 200
    assert "Dòng 2, cột C (Loại hình): &#x27;thu vien&#x27; không phải loại hình hợp lệ" in response.content.decode()
    assert not Institution.objects.exists()


def test_the_import_page_rejects_a_file_that_is_not_xlsx(client_for, staff_user):
    upload = io.BytesIO(b"ma,ten\nTV-1,Thu vien\n")
    upload.name = "danh-muc.csv"
    response = client_for(staff_user).post(IMPORT, {"file": upload})
    assert response.status_code == 200
    assert "Chỉ nhận tệp Excel .xlsx" in response.content.decode()


def test_the_import_page_rejects_a_damaged_xlsx(client_for, staff_user):
    upload = io.BytesIO(b"not a workbook at all")
    upload.name = "danh-muc.xlsx"
    response = client_for(staff_user).post(IMPORT, {"file": upload})
    assert "Tệp &#x27;danh-muc.xlsx&#x27;: là tệp văn bản (CSV, TXT) đổi đuôi thành .xlsx, không phải tệp Excel" in (
        response.content.decode()
    )


# -- who may import ------------------------------------------------------------------------
def test_an_anonymous_visitor_is_sent_to_login_from_the_import_page(client):
    response = client.get(IMPORT)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_only_department_staff_may_import(client_for, staff_user, leader_user, unit_user):
    assert client_for(staff_user).get(IMPORT).status_code == 200
    for user in (leader_user, unit_user):
        client = client_for(user)
        assert client.get(IMPORT).status_code == 403
        assert client.post(IMPORT, {"file": xlsx([])}).status_code == 403
