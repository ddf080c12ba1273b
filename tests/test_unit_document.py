"""Each unit's own report as a Decree 30 document: rendered by WeasyPrint and read back with poppler."""
import datetime
import io
import re
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from institutions.models import ReportingUnitKind
from reporting import document
from reporting.models import SubmissionStatus, SubmissionText, SubmissionValue, TextKind
from targets.models import TaskResponsibility

from .factories import TaskFactory
from .test_report_pdf import words_of

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed"),
]

TASK_WORDS = "Thư viện huyện tổ chức 12 buổi đọc sách cho học sinh các bản vùng cao."


@pytest.fixture
def tam_duong(submission, unit, visits, own_institution):
    """Unit 105 made the People's Committee of Tam Đường, its report written, numbered and signed."""
    unit.name = "UBND huyện Tam Đường"
    unit.save()
    unit.admin_unit.name = "Huyện Tam Đường"
    unit.admin_unit.save()
    SubmissionValue.objects.create(submission=submission, indicator=visits, institution=own_institution,
                                   value=Decimal("12345"))
    written, silent = TaskFactory(plan=submission.period.plan), TaskFactory(plan=submission.period.plan)
    for task in (written, silent):
        TaskResponsibility.objects.create(task=task, reporting_unit=unit, role="lead")
    SubmissionText.objects.create(submission=submission, kind=TextKind.TASK_RESULT, task=written, text=TASK_WORDS)
    SubmissionText.objects.create(submission=submission, kind=TextKind.SHORTCOMINGS, text="Thiếu kinh phí.")
    submission.doc_number, submission.doc_date = 7, datetime.date(2017, 6, 15)
    submission.signer_authority, submission.signer_title = "KT. Chủ tịch", "Phó Chủ tịch"
    submission.signer_name = "Lò Văn Pền"
    submission.save()
    return submission, silent


def render(submission, tmp_path):
    path = tmp_path / "unit.pdf"
    path.write_bytes(document.render_pdf(submission))
    return path


def text_of(path):
    output = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return " ".join(output.stdout.decode("utf-8").replace("\u00a0", " ").split())


def test_the_document_has_the_units_header_number_title_figures_words_recipients_and_signer(tam_duong, tmp_path):
    submission, silent = tam_duong
    text = text_of(render(submission, tmp_path))
    assert "UBND TỈNH LAI CHÂU" in text and "UBND HUYỆN TAM ĐƯỜNG" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "Số: 07/BC-UBND" in text
    assert "Tam Đường, ngày 15 tháng 6 năm 2017" in text
    assert "BÁO CÁO" in text and "6 tháng đầu năm 2017" in text
    assert "Thư viện thành phố Lai Châu" in text and "12.345" in text  # the institution and its figure
    assert TASK_WORDS in text
    assert " ".join(silent.text.split()) not in text  # a task without words is left out
    assert "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN Thiếu kinh phí." in text
    assert "Nơi nhận:" in text and "- Sở VHTTDL tỉnh Lai Châu;" in text and "- Lưu: VT." in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Lò Văn Pền" in text


def test_header_left_motto_right_and_the_number_level_with_the_place_and_date(tam_duong, tmp_path):
    first_page = [w for w in words_of(render(tam_duong[0], tmp_path)) if w[0] == 1]
    body = next(w for w in first_page if w[1] == "HUYỆN")
    motto = next(w for w in first_page if w[1] == "CỘNG")
    assert body[2] < 200 < motto[2]
    number = next(w for w in first_page if w[1] == "Số:")
    place = next(w for w in first_page if w[1] == "Đường," and w[2] > number[2])
    assert abs(number[3] - place[3]) < 2


def test_a_draft_without_number_leaves_blanks_as_offices_do(submission, tmp_path):
    text = text_of(render(submission, tmp_path))
    assert "Số: /BC-UBND" in text
    assert re.search(r"ngày tháng năm \d{4}", text)


def test_header_and_place_of_the_departments_own_unit(submission, unit, tmp_path):
    unit.kind, unit.name = ReportingUnitKind.DEPARTMENT_UNIT, "Thư viện tỉnh"
    unit.save()
    text = text_of(render(submission, tmp_path))
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in text and "THƯ VIỆN TỈNH" in text
    assert "UBND TỈNH" not in text
    assert "Số: /BC " in text and "Lai Châu, ngày" in text


def test_the_unit_staff_and_leaders_download_it_another_unit_cannot(
    submission, client_for, unit_user, staff_user, leader_user, other_unit_user,
):
    url = reverse("reporting:submission_document", args=[submission.pk])
    for user in (unit_user, staff_user, leader_user):
        response = client_for(user).get(url)
        assert response.status_code == 200, user
        assert response["Content-Type"] == "application/pdf"
        assert response.content.startswith(b"%PDF")
        assert "bao-cao-" in response["Content-Disposition"]
    assert client_for(other_unit_user).get(url).status_code == 404


def test_the_report_page_links_to_the_document(submission, client_for, unit_user):
    url = reverse("reporting:submission_document", args=[submission.pk])
    assert url in client_for(unit_user).get(reverse("reporting:submission_detail", args=[submission.pk])).text


def test_the_unit_fills_in_number_date_and_signer_in_the_report_form(submission, client_for, unit_user):
    client = client_for(unit_user)
    edit = reverse("reporting:submission_edit", args=[submission.pk])
    form = client.get(edit).context["form"]
    post = {name: value for name, value in form.initial.items() if value is not None}
    post.update(doc_number="12", doc_date="20/06/2017", signer_title="Chủ tịch", signer_name="Lò Văn Pền", save="1")
    assert client.post(edit, post).status_code == 302
    submission.refresh_from_db()
    assert (submission.doc_number, submission.doc_date) == (12, datetime.date(2017, 6, 20))
    assert (submission.signer_title, submission.signer_name) == ("Chủ tịch", "Lò Văn Pền")
    assert submission.events.filter(field="Người ký", new_value="Lò Văn Pền").exists()
    submission.status = SubmissionStatus.SUBMITTED
    submission.save()
    page = client.get(reverse("reporting:submission_detail", args=[submission.pk])).text
    assert "20/06/2017" in page and "Lò Văn Pền" in page
    assert 'name="doc_number"' not in page  # read-only once sent


def test_the_command_writes_the_units_document(tam_duong, tmp_path):
    submission = tam_duong[0]
    path = tmp_path / "unit.pdf"
    call_command("report", "--period", submission.period.code, "--unit", submission.reporting_unit.code,
                 "--format", "pdf", "-o", str(path), stdout=io.StringIO())
    assert "UBND HUYỆN TAM ĐƯỜNG" in text_of(path)


def test_the_command_says_when_the_unit_has_no_report_for_the_period(submission, other_unit, tmp_path):
    with pytest.raises(CommandError, match="chưa có báo cáo kỳ"):
        call_command("report", "--period", submission.period.code, "--unit", other_unit.code,
                     "--format", "pdf", "-o", str(tmp_path / "x.pdf"))
