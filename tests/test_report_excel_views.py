"""The web download and upload: who may do what, the error list, the success message."""
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from laichau_plan.workbooks import MAX_BYTES
from reporting.excel.layout import META_SHEET
from reporting.models import SubmissionStatus, SubmissionValue
from reporting.services import submission_approve

from .factories import UserFactory
from .test_report_excel_support import filled, indicators, museum, period, setup, state, to_bytes  # noqa: F401

pytestmark = pytest.mark.django_db

TEMPLATE = reverse("reporting:excel_template", args=["2017-H1"])
UPLOAD = reverse("reporting:excel_upload", args=["2017-H1"])


def meta(response):
    wb = load_workbook(BytesIO(response.content))
    return {row[0].value: row[1].value for row in wb[META_SHEET].iter_rows()}


def xlsx(data, name="bao-cao.xlsx"):
    return SimpleUploadedFile(name, data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_a_unit_member_downloads_the_template_of_their_own_unit(setup, client_for, unit_user):
    response = client_for(unit_user).get(TEMPLATE)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="bao-cao-2017-H1-105.xlsx"' in response["Content-Disposition"]
    assert meta(response)["unit_code"] == "105"


def test_a_unit_member_cannot_download_another_units_template(setup, client_for, unit_user, other_unit):
    assert client_for(unit_user).get(TEMPLATE, {"unit": "106"}).status_code == 404


def test_staff_download_any_units_template_by_code(setup, client_for, staff_user, other_unit):
    client = client_for(staff_user)
    assert meta(client.get(TEMPLATE, {"unit": "106"}))["unit_code"] == "106"
    assert client.get(TEMPLATE).status_code == 400
    assert client.get(TEMPLATE, {"unit": "nope"}).status_code == 404


def test_leaders_may_download_a_filled_copy_to_read(setup, client_for, leader_user, unit):
    response = client_for(leader_user).get(TEMPLATE, {"unit": "105"})
    assert response.status_code == 200 and meta(response)["unit_code"] == "105"


def test_an_unknown_period_is_not_found(setup, client_for, unit_user):
    client = client_for(unit_user)
    assert client.get(reverse("reporting:excel_template", args=["1999-H1"])).status_code == 404
    assert client.get(reverse("reporting:excel_upload", args=["1999-H1"])).status_code == 404


@pytest.mark.parametrize("url", [TEMPLATE, UPLOAD])
def test_anonymous_visitors_are_sent_to_log_in(setup, client, url):
    response = client.get(url)
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_without_a_role_is_forbidden(setup, client_for):
    assert client_for(UserFactory()).get(TEMPLATE).status_code == 403


def test_the_upload_page_is_for_the_units_own_members(setup, client_for, unit_user):
    response = client_for(unit_user).get(UPLOAD)
    assert response.status_code == 200
    assert "UBND thành phố Lai Châu" in response.text and 'type="file"' in response.text


@pytest.mark.parametrize("who", ["leader_user", "staff_user"])
def test_leaders_and_staff_cannot_upload(setup, client_for, request, who, unit):
    client = client_for(request.getfixturevalue(who))
    assert client.get(UPLOAD).status_code == 403
    response = client.post(UPLOAD + "?unit=105", {"file": xlsx(to_bytes(filled(setup, unit)))})
    assert response.status_code == 403
    assert not SubmissionValue.objects.exists()


def test_a_member_of_another_unit_cannot_upload_for_this_one(setup, client_for, other_unit_user, unit):
    client = client_for(other_unit_user)
    assert client.get(UPLOAD, {"unit": "105"}).status_code == 404
    response = client.post(UPLOAD, {"file": xlsx(to_bytes(filled(setup, unit)))})
    assert "Tệp này là mẫu của đơn vị mã 105" in response.text
    assert not SubmissionValue.objects.exists()


def test_a_good_upload_saves_and_says_how_many_values(setup, client_for, unit_user, unit):
    response = client_for(unit_user).post(UPLOAD, {"file": xlsx(to_bytes(filled(setup, unit)))}, follow=True)
    assert response.redirect_chain[-1][0] == UPLOAD
    assert "Đã nhập tệp bao-cao.xlsx: 4 ô có số liệu, 0 ô nội dung, 4 thay đổi được lưu." in response.text
    assert SubmissionValue.objects.count() == 4
    assert unit.submissions.get().status == SubmissionStatus.DRAFT


def test_an_upload_can_submit_the_report_too(setup, client_for, unit_user, unit):
    data = {"file": xlsx(to_bytes(filled(setup, unit))), "submit": "on"}
    response = client_for(unit_user).post(UPLOAD, data, follow=True)
    assert "Báo cáo đã được gửi." in response.text
    assert unit.submissions.get().status == SubmissionStatus.SUBMITTED


def test_a_bad_upload_lists_every_error_and_saves_nothing(setup, client_for, unit_user, unit):
    wb = filled(setup, unit, LIB_VISITS__TV_105="mười", FESTIVALS__105="=1+1")
    before = state(setup, unit)
    response = client_for(unit_user).post(UPLOAD, {"file": xlsx(to_bytes(wb))})
    assert response.status_code == 200
    assert "Không lưu gì: tệp có 2 lỗi." in response.text
    assert "cột E (LIB_VISITS): &#x27;mười&#x27; không phải là số" in response.text
    assert "cột C (FESTIVALS): ô có công thức, hãy ghi số" in response.text
    assert state(setup, unit) == before


def test_a_renamed_text_file_is_refused_with_a_message(setup, client_for, unit_user, unit):
    response = client_for(unit_user).post(UPLOAD, {"file": xlsx(b"a;b\n1;2\n")})
    assert "là tệp văn bản (CSV, TXT) đổi đuôi thành .xlsx" in response.text
    assert not SubmissionValue.objects.exists()


def test_a_file_over_five_megabytes_is_refused(setup, client_for, unit_user):
    response = client_for(unit_user).post(UPLOAD, {"file": xlsx(b"PK\x03\x04" + b"\x00" * MAX_BYTES)})
    assert "Tệp lớn hơn 5 MB." in response.text
    assert not SubmissionValue.objects.exists()


def test_an_approved_report_shows_no_upload_form_and_refuses_a_post(setup, client_for, unit_user, staff_user, unit):
    client = client_for(unit_user)
    client.post(UPLOAD, {"file": xlsx(to_bytes(filled(setup, unit))), "submit": "on"})
    submission_approve(submission=unit.submissions.get(), user=staff_user)
    page = client.get(UPLOAD)
    assert 'type="file"' not in page.text and "chỉ tải được bản sao" in page.text
    response = client.post(UPLOAD, {"file": xlsx(to_bytes(filled(setup, unit, LIB_VISITS__TV_105=1)))})
    assert "Báo cáo đang ở trạng thái &#x27;đã duyệt&#x27;; không thể nhập số liệu" in response.text
