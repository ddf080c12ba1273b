"""An uploaded workbook is opened only when it is a plain .xlsx: the registry import and the report
upload refuse old .xls files, renamed files, zip bombs and macro workbooks alike, say why in
Vietnamese on the page, and save nothing."""
import html
import io
import zipfile

import pytest
from django.urls import reverse

from institutions.models import Institution
from laichau_plan.workbooks import MAX_MEMBERS, MAX_UNZIPPED_BYTES, WorkbookRefused, open_uploaded_workbook

from .test_registry_excel import places, xlsx  # noqa: F401
from .test_report_excel_support import filled, indicators, museum, period, setup, state, to_bytes  # noqa: F401

pytestmark = pytest.mark.django_db
IMPORT = reverse("institutions:import")
UPLOAD = reverse("reporting:excel_upload", args=["2017-H1"])
GOOD_ROW = ["TV-1", "Thư viện", "Thư viện", "cấp huyện", "107", "107", "Có", "", "", "Có", "2015"]
MACRO = "có macro (VBA hoặc macro Excel 4.0); vì an toàn, cổng không nhận tệp có macro"


def registry_file():
    """A registry workbook that imports one new institution when nothing stops it."""
    return xlsx([GOOD_ROW]).getvalue()


def rezipped(data, extra=(), content_types=None):
    """The same workbook with ``extra`` (name, bytes) members added, or its content types replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "[Content_Types].xml" and content_types:
                content = content_types(content)
            target.writestr(info.filename, content)
        for name, content in extra:
            target.writestr(name, content)
    return out.getvalue()


def with_macro(data):
    return rezipped(data, extra=[("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0 VBA project")])


def macro_enabled(data):
    sheet = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return rezipped(data, content_types=lambda xml: xml.replace(sheet, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml"))


def xlsm_renamed(data):
    """What Excel saves as .xlsm (a macro-enabled main part, its VBA project and the relationship to
    it), named .xlsx."""
    sheet = b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    vba = b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    data = rezipped(data, content_types=lambda xml: xml.replace(
        sheet, b"application/vnd.ms-excel.sheet.macroEnabled.main+xml").replace(b"<Default ", vba + b"<Default ", 1))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdVba" Type="http://schemas.'
                                          b'microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>'
                                          b"</Relationships>")
            target.writestr(info.filename, content)
        target.writestr("xl/vbaProject.bin", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 VBA project")
    return out.getvalue()


def excel4_macro_sheet(data):
    """An Excel 4.0 (XLM) macro sheet: macros without any VBA project, under a plain .xlsx content type."""
    override = (b'<Override PartName="/xl/macrosheets/sheet1.xml" '
                b'ContentType="application/vnd.ms-excel.macrosheet+xml"/></Types>')
    return rezipped(data, extra=[("xl/macrosheets/sheet1.xml", b"<xm:macrosheet/>")],
                    content_types=lambda xml: xml.replace(b"</Types>", override))


def zip_bomb(data):
    """The good workbook plus one part that unzips to just over the limit (about 100 KB zipped)."""
    out = io.BytesIO(rezipped(data))
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED) as archive, archive.open("xl/media/bomb.bin", "w") as part:
        chunk = b"\0" * (1024 * 1024)
        for _ in range(MAX_UNZIPPED_BYTES // len(chunk) + 1):
            part.write(chunk)
    return out.getvalue()


def many_parts(data):
    return rezipped(data, extra=[(f"xl/media/p{number}.txt", b"x") for number in range(MAX_MEMBERS)])


OLD_XLS = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600
BAD_FILES = [
    pytest.param(lambda good: OLD_XLS, "danh-muc.xlsx",
                 "là tệp Excel 97-2003 (.xls) đổi đuôi thành .xlsx; hãy dùng mẫu .xlsx tải từ cổng", id="xls-renamed"),
    pytest.param(lambda good: "Mã;Tên\nTV-1;Thư viện\n".encode(), "danh-muc.xlsx",
                 "là tệp văn bản (CSV, TXT) đổi đuôi thành .xlsx, không phải tệp Excel", id="text-renamed"),
    pytest.param(lambda good: bytes(range(256)) * 4, "danh-muc.xlsx",
                 "bị hỏng hoặc không phải tệp Excel (.xlsx)", id="binary-renamed"),
    pytest.param(zip_bomb, "danh-muc.xlsx", "nội dung giải nén quá lớn", id="zip-bomb"),
    pytest.param(many_parts, "danh-muc.xlsx", f"có quá nhiều thành phần bên trong (hơn {MAX_MEMBERS})", id="parts"),
    pytest.param(with_macro, "danh-muc.xlsx", MACRO, id="vba-project"),
    pytest.param(macro_enabled, "danh-muc.xlsx", MACRO, id="macro-content-type"),
    pytest.param(xlsm_renamed, "danh-muc.xlsx", MACRO, id="xlsm-renamed"),
    pytest.param(excel4_macro_sheet, "danh-muc.xlsx", MACRO, id="excel4-macro-sheet"),
]


def upload(data, name):
    file = io.BytesIO(data)
    file.name = name
    return file


def page_text(response):
    return html.unescape(response.content.decode())


def test_the_good_registry_file_of_these_tests_imports(client_for, staff_user, places):  # noqa: F811
    response = client_for(staff_user).post(IMPORT, {"file": upload(registry_file(), "danh-muc.xlsx")})
    assert response.status_code == 302
    assert Institution.objects.filter(code="TV-1").exists()


@pytest.mark.parametrize("make, name, message", BAD_FILES)
def test_the_registry_import_refuses_a_bad_workbook_on_the_page_and_imports_nothing(
    client_for, staff_user, places, make, name, message  # noqa: F811
):
    response = client_for(staff_user).post(IMPORT, {"file": upload(make(registry_file()), name)})
    assert response.status_code == 200
    assert f"Tệp '{name}': {message}" in page_text(response)
    assert "Chưa nhập gì: tệp có 1 lỗi." in page_text(response)
    assert not Institution.objects.exists()


def test_the_registry_import_refuses_an_old_xls_file_and_asks_to_save_it_as_xlsx(client_for, staff_user, places):  # noqa: F811
    response = client_for(staff_user).post(IMPORT, {"file": upload(OLD_XLS, "danh-muc.xls")})
    assert "Tệp .xls cũ: hãy mở và lưu lại dưới dạng .xlsx." in page_text(response)
    assert not Institution.objects.exists()


def test_the_registry_service_refuses_an_xls_file_even_without_the_form(places):  # noqa: F811
    from institutions.excel_import import registry_import

    result = registry_import(file=upload(OLD_XLS, "danh-muc.xls"))
    assert result.messages == ["Tệp 'danh-muc.xls': là tệp Excel 97-2003 (.xls); hãy dùng mẫu .xlsx tải từ cổng"]
    assert not Institution.objects.exists()


@pytest.mark.parametrize(
    "make, name, message",
    [
        (with_macro, "bao-cao.xlsx", MACRO),
        (macro_enabled, "bao-cao.xlsx", MACRO),
        (xlsm_renamed, "bao-cao.xlsx", MACRO),
        (excel4_macro_sheet, "bao-cao.xlsx", MACRO),
        (lambda good: good, "bao-cao.xlsm", MACRO),
        (zip_bomb, "bao-cao.xlsx", "nội dung giải nén quá lớn"),
    ],
    ids=["vba-project", "macro-content-type", "xlsm-renamed", "excel4-macro-sheet", "xlsm-name", "zip-bomb"],
)
def test_the_report_upload_refuses_a_macro_workbook_or_a_zip_bomb_and_saves_nothing(
    setup, client_for, unit_user, unit, make, name, message
):
    before = state(setup, unit)
    good = to_bytes(filled(setup, unit, LIB_VISITS__TV_105=1200))
    response = client_for(unit_user).post(UPLOAD, {"file": upload(make(good), name)})
    assert response.status_code == 200
    assert f"Tệp '{name}': {message}" in page_text(response)
    assert state(setup, unit) == before


def test_the_good_report_file_of_these_tests_imports(setup, client_for, unit_user, unit):
    before = state(setup, unit)
    good = to_bytes(filled(setup, unit, LIB_VISITS__TV_105=1200))
    response = client_for(unit_user).post(UPLOAD, {"file": upload(rezipped(good), "bao-cao.xlsx")})
    assert response.status_code == 302
    assert state(setup, unit) != before


def test_a_plain_workbook_opens_with_its_formulas_kept():
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "=1+2"
    wb.active["A2"] = 5
    opened = open_uploaded_workbook(to_bytes(wb), "tinh.xlsx")
    assert opened.active["A1"].data_type == "f" and opened.active["A2"].value == 5


def test_a_refusal_is_a_validation_error_naming_the_file():
    with pytest.raises(WorkbookRefused) as refused:
        open_uploaded_workbook(b"", "rong.xlsx")
    assert refused.value.messages == ["Tệp 'rong.xlsx': tệp rỗng"]
