"""Issuing the department's report: what refuses it, what the confirmation page shows, corrections
that replace an issued report, and the identity its JSON download carries."""
import datetime
import hashlib
import json
import subprocess

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from institutions.models import Role
from reports.data import report_json
from reports.issuing import issue_problems
from reports.models import ConsolidatedReport, ReportStatus
from reports.services import report_create_draft, report_issue, report_start_correction, report_update

from .factories import REPORT_WORDS, make_user
from .report_world import build_report_world

pytestmark = pytest.mark.django_db

NOV_30 = datetime.date(2019, 11, 30)


@pytest.fixture
def world():
    return build_report_world()


def draft_of(world, staff_user, **fields):
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    return report_update(report=draft, fields={**REPORT_WORDS, **fields})


def issued_of(world, staff_user, issued_on=NOV_30, **fields):
    return report_issue(report=draft_of(world, staff_user, **fields), user=staff_user, issued_on=issued_on)


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(bytes(content))
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True).stdout


# -- refusals ---------------------------------------------------------------------------------
def test_an_empty_section_is_named_and_refused(world, staff_user):
    draft = draft_of(world, staff_user, shortcomings="  \n ", proposals="")
    with pytest.raises(ValidationError) as refused:
        report_issue(report=draft, user=staff_user, issued_on=NOV_30)
    assert refused.value.messages == [
        "Mục II. Tồn tại, hạn chế chưa có nội dung.",
        "Mục IV. Đề xuất, kiến nghị chưa có nội dung.",
    ]
    assert ConsolidatedReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT


def test_a_date_still_to_come_is_refused(world, staff_user):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    draft = draft_of(world, staff_user)
    with pytest.raises(ValidationError, match="chưa đến"):
        report_issue(report=draft, user=staff_user, issued_on=tomorrow)
    assert report_issue(report=draft, user=staff_user, issued_on=timezone.localdate()).is_issued


def test_the_check_lists_units_not_reported_and_figures_not_approved(world, staff_user):
    check = issue_problems(draft_of(world, staff_user), NOV_30)
    assert check.errors == [] and check.number == 1
    assert [unit["name"] for unit in check.unapproved_units] == ["Thư viện tỉnh"]
    assert any("Thư viện tỉnh" in w and "không được tính vào báo cáo" in w for w in check.warnings)
    assert check.missing_units == []
    half_year = report_update(report=report_create_draft(period=world.h2017, user=staff_user), fields=REPORT_WORDS)
    check = issue_problems(half_year, NOV_30)
    assert "UBND huyện Tam Đường" in {unit["name"] for unit in check.missing_units}
    assert any(w.startswith("Còn ") and "chưa gửi báo cáo: " in w and "UBND huyện Tam Đường" in w
               for w in check.warnings)
    provisional = issue_problems(draft_of(world, staff_user, include_submitted=True), NOV_30)
    assert any("tạm tính" in w for w in provisional.warnings)


def test_a_pdf_issued_with_every_section_filled_has_no_gaps(world, staff_user, tmp_path):
    text = pdf_text(issued_of(world, staff_user).pdf, tmp_path)
    assert "…" not in text and "Chưa có nội dung" not in text
    for words in ("Kinh phí bổ sung sách còn hạn chế.", "Tiếp tục đẩy mạnh luân chuyển sách."):
        assert words in text


# -- the confirmation page --------------------------------------------------------------------
def issue_url(draft, **query):
    return reverse("reports:issue", args=[draft.pk]) + "?" + "&".join(f"{k}={v}" for k, v in query.items())


def test_only_staff_open_the_confirmation_page_or_issue(client_for, world, staff_user, leader_user):
    draft = draft_of(world, staff_user)
    url = issue_url(draft, issued_on="30/11/2019")
    unit = make_user(Role.UNIT, unit=world.units.u105)
    for user in (unit, leader_user):
        assert client_for(user).get(url).status_code == 403
        post = client_for(user).post(url, {"issued_on": "30/11/2019", "confirmed": "1"})
        assert post.status_code == 403
    assert ConsolidatedReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT
    page = client_for(staff_user).get(url)
    assert page.status_code == 200
    html = page.content.decode()
    assert "01/BC-SVHTTDL" in html and "Thư viện tỉnh" in html and 'id="confirm-button"' in html


def test_the_confirmation_page_names_what_blocks_and_offers_no_button(client_for, world, staff_user):
    draft = draft_of(world, staff_user, tasks_ahead="")
    client = client_for(staff_user)
    html = client.get(issue_url(draft, issued_on="30/11/2019")).content.decode()
    assert "Mục III. Nhiệm vụ thời gian tới chưa có nội dung." in html and "confirm-button" not in html
    response = client.post(reverse("reports:issue", args=[draft.pk]), {"issued_on": "30/11/2019", "confirmed": "1"})
    assert response.status_code == 200 and "Mục III." in response.content.decode()
    assert ConsolidatedReport.objects.get(pk=draft.pk).status == ReportStatus.DRAFT


def test_confirming_issues_the_report(client_for, world, staff_user):
    draft = draft_of(world, staff_user)
    response = client_for(staff_user).post(
        reverse("reports:issue", args=[draft.pk]), {"number": "3", "issued_on": "30/11/2019", "confirmed": "1"}
    )
    assert response["Location"] == reverse("reports:detail", args=[draft.pk])
    assert ConsolidatedReport.objects.get(pk=draft.pk).number_display == "03/BC-SVHTTDL"


# -- corrections ------------------------------------------------------------------------------
def test_a_correction_copies_the_words_and_replaces_the_report_once(world, staff_user):
    old = issued_of(world, staff_user, proposals="Đề nghị cũ.")
    correction = report_start_correction(report=old, user=staff_user)
    assert (correction.status, correction.period, correction.replaces) == (ReportStatus.DRAFT, old.period, old)
    assert correction.proposals == "Đề nghị cũ." and correction.signer_name == "Nguyễn Văn Bình"
    assert report_start_correction(report=old, user=staff_user) == correction
    report_update(report=correction, fields={"proposals": "Đề nghị mới."})
    with pytest.raises(ValidationError, match="trước ngày"):
        report_issue(report=correction, user=staff_user, issued_on=datetime.date(2019, 11, 29))
    new = report_issue(report=correction, user=staff_user, issued_on=datetime.date(2019, 12, 5))
    assert new.number_display == "02/BC-SVHTTDL"
    with pytest.raises(ValidationError, match="đã được thay thế bởi Báo cáo số 02/BC-SVHTTDL"):
        report_start_correction(report=old, user=staff_user)


def test_a_correction_waits_for_the_periods_open_draft(world, staff_user):
    old = issued_of(world, staff_user)
    report_create_draft(period=world.fy2017, user=staff_user)
    with pytest.raises(ValidationError, match="đang có một dự thảo"):
        report_start_correction(report=old, user=staff_user)


def test_the_correction_pdf_says_which_report_it_replaces(world, staff_user, tmp_path):
    old = issued_of(world, staff_user)
    new = report_issue(report=report_start_correction(report=old, user=staff_user), user=staff_user,
                       issued_on=datetime.date(2019, 12, 5))
    text = " ".join(pdf_text(new.pdf, tmp_path).split())
    assert "Báo cáo này thay thế Báo cáo số 01/BC-SVHTTDL ngày 30/11/2019." in text
    assert "thay thế" not in pdf_text(old.pdf, tmp_path)


def test_both_reports_link_to_each_other_and_the_old_one_stays_readable(client_for, world, staff_user, leader_user):
    old = issued_of(world, staff_user)
    staff = client_for(staff_user)
    response = staff.post(reverse("reports:correct", args=[old.pk]))
    correction = ConsolidatedReport.objects.get(replaces=old)
    assert response["Location"] == reverse("reports:edit", args=[correction.pk])
    report_issue(report=correction, user=staff_user, issued_on=datetime.date(2019, 12, 5))
    client = client_for(leader_user)
    old_page = client.get(reverse("reports:detail", args=[old.pk])).content.decode()
    assert "Đã được thay thế bởi" in old_page and reverse("reports:detail", args=[correction.pk]) in old_page
    assert "02/BC-SVHTTDL" in old_page and "05/12/2019" in old_page
    new_page = client.get(reverse("reports:detail", args=[correction.pk])).content.decode()
    assert "Báo cáo này thay thế" in new_page and reverse("reports:detail", args=[old.pk]) in new_page
    assert client.get(reverse("reports:download", args=[old.pk, "pdf"])).content == bytes(old.pdf)
    listing = client.get(reverse("reports:issued_list")).content.decode()
    assert "đã được thay thế bởi số 02/BC-SVHTTDL" in listing and "thay thế số 01/BC-SVHTTDL" in listing
    assert "correct-button" not in staff.get(reverse("reports:detail", args=[old.pk])).content.decode()


def test_only_staff_start_a_correction(client_for, world, staff_user, leader_user, client):
    old = issued_of(world, staff_user)
    url = reverse("reports:correct", args=[old.pk])
    assert "/accounts/login/" in client.post(url)["Location"]
    for user in (make_user(Role.UNIT, unit=world.units.u105), leader_user):
        assert client_for(user).post(url).status_code == 403
    assert not ConsolidatedReport.objects.filter(replaces=old).exists()


# -- the JSON download's identity -------------------------------------------------------------
def test_the_issued_json_carries_the_documents_identity_and_the_frozen_report(client_for, world, staff_user,
                                                                              leader_user):
    frozen_now = report_json(world.fy2017)
    old = issued_of(world, staff_user)
    assert old.data == frozen_now  # the frozen field is the period's report JSON, byte for byte
    new = report_issue(report=report_start_correction(report=old, user=staff_user), user=staff_user,
                       issued_on=datetime.date(2019, 12, 5))
    content = client_for(leader_user).get(reverse("reports:download", args=[new.pk, "json"])).content.decode()
    body = json.loads(content)
    assert body["document"] == {
        "number": 2, "symbol": "BC-SVHTTDL", "number_symbol": "02/BC-SVHTTDL", "issued_on": "2019-12-05",
        "issuing_body": "Sở Văn hóa, Thể thao và Du lịch tỉnh Lai Châu", "summary": new.summary,
        "signer": {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Nguyễn Văn Bình"},
        "replaces": {"number": 1, "symbol": "BC-SVHTTDL", "number_symbol": "01/BC-SVHTTDL",
                     "issued_on": "2019-11-30"},
        "pdf_sha256": hashlib.sha256(bytes(new.pdf)).hexdigest(),
        "xlsx_sha256": hashlib.sha256(bytes(new.xlsx)).hexdigest(),
    }
    # Every other member is the frozen report JSON, byte for byte.
    assert content.endswith(new.data[1:].lstrip("\n"))
    assert {k: v for k, v in body.items() if k != "document"} == json.loads(new.data)
    old_body = json.loads(client_for(leader_user).get(reverse("reports:download", args=[old.pk, "json"])).content)
    assert old_body["document"]["replaces"] is None
