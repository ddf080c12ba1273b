"""The report's words in the Excel template: results per task, shortcomings, proposals ("Thuyết
minh") and explanations of warned figures ("Giải trình"), written pre-filled, imported with the
figures all or nothing."""
import unicodedata
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from reporting.excel.layout import EXPLANATION_SHEET, TEXT_SHEET
from reporting.models import (
    EXPLANATION_MAX_CHARS,
    TEXT_MAX_CHARS,
    Period,
    SubmissionStatus,
    SubmissionText,
    TextKind,
)
from reporting.selectors import cell_key, submission_texts, values_by_key
from reporting.services import submission_get_or_create, submission_save

from .factories import TaskFactory, make_responsible
from .test_report_excel_support import indicators, museum, period, setup  # noqa: F401 (fixtures)
from .test_report_excel_support import filled, meta_set, row_of, run, state, to_bytes, workbook

pytestmark = pytest.mark.django_db

VISITS = cell_key("LIB_VISITS", "TV-105")


@pytest.fixture
def tasks(setup, unit):
    first = TaskFactory(plan=setup.plan, code="II.1.a", order=1,
                        text="Xây dựng, phát triển hệ thống thư viện, tủ sách cơ sở phục vụ học tập suốt đời.")
    second = TaskFactory(plan=setup.plan, code="II.1.b", order=2,
                         text="- Luân chuyển sách, báo xuống xã, bản vùng sâu, vùng xa (ít nhất 2 lần mỗi năm).")
    TaskFactory(plan=setup.plan, code="II.3.a", order=3, text="Nhiệm vụ của đơn vị khác.")
    make_responsible(first, unit)
    make_responsible(second, unit, role="support")
    return [first, second]


@pytest.fixture
def warned(setup, unit, unit_user):
    """Last year's first half had 100 visits; this draft holds 1,200 (a warning to explain)."""
    previous = Period.objects.get(code="2016-H1")
    old = submission_get_or_create(period=previous, unit=unit, user=unit_user)
    submission_save(submission=old, user=unit_user, values={VISITS: "100"})
    old.status = SubmissionStatus.SUBMITTED
    old.save(update_fields=["status"])
    draft = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=draft, user=unit_user, values={VISITS: "1200"})
    return draft


def row_with(ws, code):
    return row_of(ws, code, first=1)


def write_text(wb, code, text):
    ws = wb[TEXT_SHEET]
    ws.cell(row_with(ws, code), 3).value = text
    return wb


def texts_of(setup, unit):
    return submission_texts(unit.submissions.get(period=setup))


def first_blank_explanation_row(ws):
    return next(n for n in range(5, ws.max_row + 1) if ws.cell(n, 1).value is None)


# --- the template ----------------------------------------------------------------------------


def test_the_text_sheet_has_a_row_per_task_of_the_unit_then_shortcomings_and_proposals(setup, unit, tasks):
    ws = workbook(setup, unit)[TEXT_SHEET]
    assert ws.cell(4, 1).value == "Mã mục"
    rows = [(ws.cell(n, 1).value, ws.cell(n, 2).value) for n in range(5, ws.max_row + 1)]
    assert rows == [
        ("II.1.a", tasks[0].text),
        ("II.1.b", tasks[1].text),  # the leading dash is text, not a formula
        ("TON-TAI", "Tồn tại, hạn chế và nguyên nhân"),
        ("KIEN-NGHI", "Đề xuất, kiến nghị"),
    ]
    assert ws.protection.sheet
    assert ws.cell(5, 2).protection.locked and not ws.cell(5, 3).protection.locked
    assert ws.cell(5, 3).alignment.wrap_text


def test_the_text_sheet_is_pre_filled_with_what_the_draft_holds(setup, unit, unit_user, tasks):
    draft = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=draft, user=unit_user, texts={
        (TextKind.TASK_RESULT, tasks[1].pk): "Đã luân chuyển 1.200 bản sách.",
        (TextKind.PROPOSALS, None): "Đề nghị bổ sung kinh phí mua sách.",
    })
    ws = workbook(setup, unit)[TEXT_SHEET]
    assert ws.cell(row_with(ws, "II.1.b"), 3).value == "Đã luân chuyển 1.200 bản sách."
    assert ws.cell(row_with(ws, "KIEN-NGHI"), 3).value == "Đề nghị bổ sung kinh phí mua sách."
    assert ws.cell(row_with(ws, "II.1.a"), 3).value is None


def test_the_explanation_sheet_lists_the_warned_figure_with_its_explanation(setup, unit, unit_user, warned):
    submission_save(submission=warned, user=unit_user, explanations={VISITS: "Mở thêm phòng đọc thiếu nhi."})
    ws = workbook(setup, unit)[EXPLANATION_SHEET]
    number = row_with(ws, "LIB_VISITS")
    assert [ws.cell(number, c).value for c in range(1, 6)] == [
        "LIB_VISITS", "TV-105", "Thư viện thành phố Lai Châu — Lượt bạn đọc",
        "1.200: gấp hơn 3 lần kỳ cùng kỳ năm trước (100)", "Mở thêm phòng đọc thiếu nhi.",
    ]
    assert ws.cell(number, 4).protection.locked and not ws.cell(number, 5).protection.locked
    blank = first_blank_explanation_row(ws)
    assert blank == number + 1 and not ws.cell(blank, 1).protection.locked


# --- the round trip --------------------------------------------------------------------------


def test_every_figure_and_every_text_round_trips_and_the_report_can_be_sent(setup, unit, unit_user, tasks, warned):
    wb = filled(setup, unit, LIB_VISITS__TV_105=1500)  # still far above last year's 100: explained below
    for code, text in (("II.1.a", "Xây mới 3 tủ sách cơ sở."), ("II.1.b", "Luân chuyển 2 đợt, 1.200 bản."),
                       ("TON-TAI", "Kinh phí còn hạn chế."), ("KIEN-NGHI", "Đề nghị cấp thêm sách.")):
        write_text(wb, code, text)
    ws = wb[EXPLANATION_SHEET]
    ws.cell(row_with(ws, "LIB_VISITS"), 5).value = "Mở thêm phòng đọc thiếu nhi."
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit, submit=True)
    assert result.ok, result.messages
    assert result.submitted and result.warnings == [] and result.texts == 5
    submission = unit.submissions.get(period=setup)
    values = values_by_key(submission)
    assert {key: row.value for key, row in values.items()} == {
        VISITS: Decimal(1500), cell_key("LIB_INTERNET", "TV-105"): Decimal(1),
        cell_key("MUS_SHARE", "BT-105"): Decimal("42.5"), cell_key("FESTIVALS"): Decimal(3),
    }
    assert values[VISITS].explanation == "Mở thêm phòng đọc thiếu nhi."
    assert texts_of(setup, unit) == {
        (TextKind.TASK_RESULT, tasks[0].pk): "Xây mới 3 tủ sách cơ sở.",
        (TextKind.TASK_RESULT, tasks[1].pk): "Luân chuyển 2 đợt, 1.200 bản.",
        (TextKind.SHORTCOMINGS, None): "Kinh phí còn hạn chế.",
        (TextKind.PROPOSALS, None): "Đề nghị cấp thêm sách.",
    }
    again = workbook(setup, unit)
    assert again[TEXT_SHEET].cell(row_with(again[TEXT_SHEET], "TON-TAI"), 3).value == "Kinh phí còn hạn chế."


def test_an_unexplained_warning_is_saved_and_named(setup, unit, unit_user, tasks, warned):
    result = run(to_bytes(filled(setup, unit, LIB_VISITS__TV_105=1500)), user=unit_user, period=setup, unit=unit)
    assert result.ok
    assert [str(w).split(": ", 1)[1] for w in result.warnings] == ["gấp hơn 3 lần kỳ cùng kỳ năm trước (100)"]


def test_an_unexplained_warning_stops_sending_and_saves_nothing(setup, unit, unit_user, tasks, warned):
    before = state(setup, unit)
    result = run(to_bytes(filled(setup, unit)), user=unit_user, period=setup, unit=unit, submit=True)
    assert result.messages[0].startswith("Không gửi được báo cáo: LIB_VISITS — Thư viện thành phố Lai Châu: gấp hơn 3")
    assert state(setup, unit) == before


def test_an_explanation_added_in_a_blank_row_is_saved(setup, unit, unit_user, tasks):
    wb = filled(setup, unit)
    ws = wb[EXPLANATION_SHEET]
    blank = first_blank_explanation_row(ws)
    ws.cell(blank, 1).value, ws.cell(blank, 2).value = "festivals", "105"
    ws.cell(blank, 5).value = "Tổ chức thêm lễ hội đền Vua Bà."
    assert run(to_bytes(wb), user=unit_user, period=setup, unit=unit).ok
    assert values_by_key(unit.submissions.get())[cell_key("FESTIVALS")].explanation == "Tổ chức thêm lễ hội đền Vua Bà."


def test_text_is_stored_nfc_and_stripped(setup, unit, unit_user, tasks):
    typed = "  " + unicodedata.normalize("NFD", "Thiếu cán bộ thư viện.") + "\n"
    assert run(to_bytes(write_text(filled(setup, unit), "TON-TAI", typed)), user=unit_user, period=setup, unit=unit).ok
    assert texts_of(setup, unit)[(TextKind.SHORTCOMINGS, None)] == unicodedata.normalize("NFC", "Thiếu cán bộ thư viện.")


def test_empty_cells_leave_the_texts_empty_and_make_no_rows(setup, unit, unit_user, tasks):
    assert run(to_bytes(filled(setup, unit)), user=unit_user, period=setup, unit=unit).ok
    assert not SubmissionText.objects.exists()


def test_clearing_a_pre_filled_text_clears_it(setup, unit, unit_user, tasks):
    assert run(to_bytes(write_text(filled(setup, unit), "KIEN-NGHI", "Đề nghị.")), user=unit_user, period=setup,
               unit=unit).ok
    wb = write_text(workbook(setup, unit), "KIEN-NGHI", None)
    assert run(to_bytes(wb), user=unit_user, period=setup, unit=unit).ok
    assert texts_of(setup, unit)[(TextKind.PROPOSALS, None)] == ""


def test_a_text_changed_on_the_portal_after_download_is_kept_when_the_file_leaves_it(setup, unit, unit_user, tasks):
    wb = filled(setup, unit)
    draft = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=draft, user=unit_user, texts={(TextKind.SHORTCOMINGS, None): "Ghi trên cổng."})
    assert run(to_bytes(wb), user=unit_user, period=setup, unit=unit).ok
    assert texts_of(setup, unit)[(TextKind.SHORTCOMINGS, None)] == "Ghi trên cổng."


def test_a_text_changed_both_on_the_portal_and_in_the_file_refuses_everything(setup, unit, unit_user, tasks):
    wb = write_text(filled(setup, unit), "TON-TAI", "Ghi trong tệp.")
    draft = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=draft, user=unit_user, texts={(TextKind.SHORTCOMINGS, None): "Ghi trên cổng."})
    before = state(setup, unit)
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit)
    number = row_with(wb[TEXT_SHEET], "TON-TAI")
    assert result.messages == [
        f"Trang 'Thuyết minh', ô C{number}: nội dung này đã được sửa trên cổng sau khi tải mẫu; "
        "hãy tải mẫu mới để không ghi đè"
    ]
    assert state(setup, unit) == before


# --- refusals: nothing is saved, figures included ----------------------------------------------


def refused(wb, setup, unit, unit_user):
    before = state(setup, unit)
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit)
    assert not result.ok
    assert state(setup, unit) == before and not SubmissionText.objects.exists()
    return result.messages


def test_a_text_too_long_refuses_every_figure_and_text(setup, unit, unit_user, tasks):
    wb = write_text(filled(setup, unit), "II.1.a", "Xây mới tủ sách cơ sở. ")
    wb = write_text(wb, "II.1.b", "a" * (TEXT_MAX_CHARS + 1))
    assert refused(wb, setup, unit, unit_user) == [
        f"Trang 'Thuyết minh', ô C6: văn bản dài {TEXT_MAX_CHARS + 1} ký tự, quá giới hạn {TEXT_MAX_CHARS} ký tự; "
        "hãy rút gọn hoặc đính kèm tài liệu trên cổng"
    ]


def test_an_explanation_too_long_is_refused_in_its_cell(setup, unit, unit_user, tasks, warned):
    wb = filled(setup, unit)
    ws = wb[EXPLANATION_SHEET]
    number = row_with(ws, "LIB_VISITS")
    ws.cell(number, 5).value = "b" * (EXPLANATION_MAX_CHARS + 1)
    before = state(setup, unit)
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit)
    assert result.messages[0].startswith(f"Trang 'Giải trình', ô E{number}: văn bản dài {EXPLANATION_MAX_CHARS + 1}")
    assert state(setup, unit) == before


def test_an_unknown_task_code_is_refused(setup, unit, unit_user, tasks):
    wb = filled(setup, unit)
    ws = wb[TEXT_SHEET]
    ws.cell(5, 1).value = "II.9.z"
    messages = refused(wb, setup, unit, unit_user)
    assert messages[0] == "Trang 'Thuyết minh', ô A5: mã nhiệm vụ 'II.9.Z' không có trong kế hoạch; hãy tải mẫu mới"
    assert messages[1] == ("Trang 'Thuyết minh': thiếu dòng của mục II.1.a (dòng đã bị xóa hoặc sửa mã); "
                           "hãy tải mẫu mới")


def test_another_units_task_is_refused(setup, unit, unit_user, tasks):
    wb = filled(setup, unit)
    wb[TEXT_SHEET].cell(5, 1).value = "II.3.a"
    messages = refused(wb, setup, unit, unit_user)
    assert messages[0] == ("Trang 'Thuyết minh', ô A5: mã nhiệm vụ 'II.3.A' không phải nhiệm vụ đơn vị báo cáo "
                           "trong kỳ này; hãy tải mẫu mới")


def test_a_changed_task_text_is_refused(setup, unit, unit_user, tasks):
    wb = write_text(filled(setup, unit), "II.1.a", "Kết quả.")
    wb[TEXT_SHEET].cell(6, 2).value = "Nhiệm vụ do đơn vị tự đặt."
    assert refused(wb, setup, unit, unit_user) == [
        "Trang 'Thuyết minh', ô B6: nội dung của mục II.1.b ở cột B đã bị sửa; cột B chỉ để đọc, hãy để nguyên "
        "như trong mẫu (hoặc tải mẫu mới)"
    ]


def test_a_formula_in_a_text_cell_is_refused(setup, unit, unit_user, tasks):
    wb = write_text(filled(setup, unit), "TON-TAI", "=A1")
    number = row_with(wb[TEXT_SHEET], "TON-TAI")
    assert refused(wb, setup, unit, unit_user) == [
        f"Trang 'Thuyết minh', ô C{number}: ô có công thức; hãy ghi văn bản"
    ]


def test_an_explanation_for_a_figure_not_in_the_report_is_refused(setup, unit, unit_user, tasks):
    wb = filled(setup, unit)
    ws = wb[EXPLANATION_SHEET]
    blank = first_blank_explanation_row(ws)
    ws.cell(blank, 1).value, ws.cell(blank, 2).value, ws.cell(blank, 5).value = "MUS_SHARE", "TV-105", "Giải trình."
    ws.cell(blank + 1, 1).value, ws.cell(blank + 1, 2).value = "LIB_VISITS", "TV-999"
    ws.cell(blank + 2, 5).value = "Không ghi mã."
    assert refused(wb, setup, unit, unit_user) == [
        f"Trang 'Giải trình', ô A{blank}: chỉ tiêu MUS_SHARE không áp dụng cho Thư viện thành phố Lai Châu; "
        "không cần giải trình",
        f"Trang 'Giải trình', ô B{blank + 1}: mã dòng 'TV-999' không có ở cột A của trang 'Số liệu'",
        f"Trang 'Giải trình', ô E{blank + 2}: có giải trình nhưng chưa ghi mã chỉ tiêu (cột A) và mã dòng (cột B)",
    ]


def test_a_bad_figure_and_a_bad_text_are_reported_together(setup, unit, unit_user, tasks):
    wb = write_text(filled(setup, unit, LIB_VISITS__TV_105="nhiều"), "TON-TAI", "=SUM(A1)")
    messages = refused(wb, setup, unit, unit_user)
    assert len(messages) == 2
    assert messages[0].startswith("Trang 'Số liệu'") and messages[1].startswith("Trang 'Thuyết minh', ô C")


def test_a_file_without_the_text_sheet_is_refused(setup, unit, unit_user, tasks):
    wb = filled(setup, unit)
    del wb[TEXT_SHEET]
    assert refused(wb, setup, unit, unit_user) == [
        "Trang 'Thuyết minh': tệp không có trang 'Thuyết minh'; hãy tải mẫu mới"
    ]


# --- older files, other languages, the command ---------------------------------------------------


def test_a_version_1_file_imports_its_figures_and_leaves_the_words_alone(setup, unit, unit_user, tasks):
    draft = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    submission_save(submission=draft, user=unit_user, texts={(TextKind.SHORTCOMINGS, None): "Ghi trên cổng."})
    wb = meta_set(filled(setup, unit), "template_version", "1")
    del wb[TEXT_SHEET], wb[EXPLANATION_SHEET]
    result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit)
    assert result.ok and result.filled == 4
    assert texts_of(setup, unit) == {(TextKind.SHORTCOMINGS, None): "Ghi trên cổng."}


def test_an_upload_from_an_english_page_reads_the_vietnamese_labels(setup, unit, unit_user, tasks):
    wb = write_text(filled(setup, unit), "TON-TAI", "Thiếu kinh phí.")
    with translation.override("en"):
        result = run(to_bytes(wb), user=unit_user, period=setup, unit=unit)
    assert result.ok, result.messages
    assert texts_of(setup, unit)[(TextKind.SHORTCOMINGS, None)] == "Thiếu kinh phí."


def test_the_import_command_saves_the_texts_with_the_figures(setup, unit, unit_user, tasks, tmp_path, capsys):
    path = tmp_path / "bao-cao.xlsx"
    path.write_bytes(to_bytes(write_text(filled(setup, unit), "II.1.a", "Xây mới 3 tủ sách.")))
    call_command("import_report", str(path), "--user", unit_user.username)
    assert "4 ô có số liệu, 1 ô nội dung" in capsys.readouterr().out
    assert texts_of(setup, unit)[(TextKind.TASK_RESULT, tasks[0].pk)] == "Xây mới 3 tủ sách."


def upload(client, wb):
    url = reverse("reporting:excel_upload", args=["2017-H1"])
    return client.post(url, {"file": SimpleUploadedFile("bao-cao.xlsx", to_bytes(wb))}, follow=True)


def test_the_upload_page_saves_the_texts_and_says_so(setup, client_for, unit_user, unit, tasks):
    response = upload(client_for(unit_user), write_text(filled(setup, unit), "KIEN-NGHI", "Đề nghị cấp thêm sách."))
    assert "Đã nhập tệp bao-cao.xlsx: 4 ô có số liệu, 1 ô nội dung, 5 thay đổi được lưu." in response.text
    assert texts_of(setup, unit)[(TextKind.PROPOSALS, None)] == "Đề nghị cấp thêm sách."


def test_the_upload_page_names_the_cell_of_a_bad_text_and_saves_nothing(setup, client_for, unit_user, unit, tasks):
    wb = write_text(filled(setup, unit), "II.1.a", "x" * (TEXT_MAX_CHARS + 5))
    before = state(setup, unit)
    response = upload(client_for(unit_user), wb)
    assert "Không lưu gì: tệp có 1 lỗi." in response.text
    assert f"Trang &#x27;Thuyết minh&#x27;, ô C5: văn bản dài {TEXT_MAX_CHARS + 5} ký tự" in response.text
    assert state(setup, unit) == before


def test_the_web_form_refuses_a_text_longer_than_the_template_takes(setup, client_for, unit_user, unit, tasks):
    draft = submission_get_or_create(period=setup, unit=unit, user=unit_user)
    url = reverse("reporting:submission_edit", args=[draft.pk])
    response = client_for(unit_user).post(url, {"version": draft.version, "shortcomings": "y" * (TEXT_MAX_CHARS + 1)})
    assert response.status_code == 400
    assert '<div class="invalid-feedback d-block" id="id_shortcomings_error">' in response.text
    assert f"(hiện có {TEXT_MAX_CHARS + 1})" in response.text
    assert not SubmissionText.objects.exists()
