"""The leaders' summary for the People's Committee: two A4 pages, read back with poppler."""
import datetime
import io
import re
import shutil
import subprocess

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from institutions.models import ReportingUnitKind, Role
from reports.data import report_data
from reports.pdf import render_summary_pdf
from reports.present import areas_behind, outstanding_units, report_page
from reporting.models import SubmissionValue

from .factories import AdminUnitFactory, InstitutionFactory, ReportingUnitFactory, make_submission, make_user
from .report_world import build_report_world

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")

# Six more districts, as in the demo province (8 in all): four reported books to their library, two nothing.
MORE_DISTRICTS = [
    ("107", "Huyện Mường Tè", 300), ("108", "Huyện Sìn Hồ", 650), ("109", "Huyện Phong Thổ", 420),
    ("110", "Huyện Than Uyên", 800), ("111", "Huyện Tân Uyên", None), ("112", "Huyện Nậm Nhùn", None),
]
# The province's departments and bodies the plan lists, none of which has reported yet.
BODIES = [
    "Sở Thông tin và Truyền thông", "Báo Lai Châu", "Đài Phát thanh – Truyền hình tỉnh", "Sở Tài chính",
    "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lai Châu", "Liên đoàn Lao động tỉnh", "Hội Liên hiệp Phụ nữ tỉnh",
    "Tỉnh đoàn TNCS Hồ Chí Minh", "Hội Nông dân tỉnh",
]


def demo_like_world():
    """tests/report_world.py's province grown to the demo's size: 8 districts, each with its library,
    and the plan's departments."""
    world = build_report_world()
    for order, (code, name, books) in enumerate(MORE_DISTRICTS, start=3):
        area = AdminUnitFactory(code=code, name=name, parent=world.areas.province)
        unit = ReportingUnitFactory(code=code, name=name.replace("Huyện", "UBND huyện"), admin_unit=area, order=order)
        library = InstitutionFactory(code=f"TV-{code}", name=f"Thư viện {name.lower()}", reporting_unit=unit)
        world.plan.reporting_units.add(unit)
        if books is not None:
            make_submission(world.fy2017, unit, {(world.indicators.books, library): books})
    sgd = world.units.sgd
    world.plan.reporting_units.add(sgd, *(
        ReportingUnitFactory(code=f"B{n}", name=name, kind=ReportingUnitKind.DEPARTMENT, admin_unit=None, order=30 + n)
        for n, name in enumerate(BODIES)
    ))
    return world


@pytest.fixture
def world():
    return demo_like_world()


@pytest.fixture(scope="module")
def summary_pdf(tmp_path_factory, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            world = demo_like_world()
            content = render_summary_pdf(world.fy2017, report_data(world.fy2017), on=datetime.date(2018, 1, 5))
            transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("summary") / "summary.pdf"
    path.write_bytes(content)
    return path


def text_of(path):
    """The text of the PDF, a form feed between its pages; each line's spaces squeezed to one."""
    output = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    return output.decode("utf-8").replace("\u00a0", " ")


def flat(text):
    return " ".join(text.split())


@needs_poppler
def test_it_fits_on_two_a4_pages(summary_pdf):
    info = subprocess.run(["pdfinfo", str(summary_pdf)], capture_output=True, check=True).stdout.decode()
    assert int(re.search(r"Pages:\s+(\d+)", info).group(1)) <= 2
    assert "595.276 x 841.89" in info  # A4 portrait
    assert text_of(summary_pdf).rstrip("\f").count("\f") <= 1


@needs_poppler
def test_it_has_the_departments_header_block_and_the_title(summary_pdf):
    text = text_of(summary_pdf)
    for words in ("UBND TỈNH LAI CHÂU", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                  "Lai Châu, ngày 05 tháng 01 năm 2018", "TÓM TẮT"):
        assert words in text
    assert "SỞ VĂN HÓA, THỂ THAO" in text and "VÀ DU LỊCH" in text
    assert "Tình hình thực hiện Kế hoạch số 1133/KH-UBND ngày 16/12/2015 của UBND tỉnh Lai Châu năm 2017" in flat(text)
    assert "Số:" not in text  # a summary is not a numbered document


@needs_poppler
def test_the_key_figures_stand_against_their_targets_with_their_status(summary_pdf):
    layout = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(summary_pdf), "-"], capture_output=True,
                            check=True).stdout.decode("utf-8").replace("\u00a0", " ")
    lines = layout.splitlines()
    # the district libraries' visits: 9.000 + 7.500 against 15.000–17.000, the Vietnamese way
    assert any(re.search(r"15\.000–17\.000\s+16\.500\s+110 %\s+Đạt$", line) for line in lines)
    # books for each district library: 600 + 450 + 300 + 650 + 420 + 800; 3 of the 8 libraries reached 500
    row = next(n for n, line in enumerate(lines) if re.search(r"500–1\.000\s+3\.220\s", line))
    around = " ".join(" ".join(lines[row - 2:row + 3]).split())
    assert "3/8 đạt từ" in around and "Chưa đạt" in around and "37,5 %" in around
    assert "Có 2/8 chỉ tiêu đạt hoặc vượt; 4 chỉ tiêu chưa đạt; 2 chỉ tiêu chưa có số liệu." in flat(layout)


@needs_poppler
def test_it_names_the_districts_behind_and_the_units_not_reported(summary_pdf):
    text = flat(text_of(summary_pdf))
    behind = text[text.index("2. Các huyện, thành phố chưa đạt chỉ tiêu"):text.index("3. Các đơn vị")]
    assert ("Huyện Tam Đường: 0/1 đạt từ 500 bản; Huyện Mường Tè: 0/1 đạt từ 500 bản; "
            "Huyện Phong Thổ: 0/1 đạt từ 500 bản") in behind  # 450, 300, 420
    for district in ("Thành phố Lai Châu", "Huyện Sìn Hồ", "Huyện Than Uyên"):  # 600, 650, 800: reached
        assert district not in behind
    assert "Huyện Tân Uyên" not in behind  # it has not reported: among the units below
    outstanding = text[text.index("3. Các đơn vị"):]
    assert "Chưa lập báo cáo: " in outstanding
    for unit in ("UBND huyện Tân Uyên", "UBND huyện Nậm Nhùn", "Sở Giáo dục và Đào tạo", "Hội Nông dân tỉnh"):
        assert unit in outstanding
    assert "Đã gửi, chưa được Sở duyệt: Thư viện tỉnh." in outstanding


@needs_poppler
def test_its_words_are_printed_at_eleven_points_or_more(summary_pdf):
    """Body and tables are read at 11 pt and up (a word's box is about 1.15 times its font size)."""
    html = subprocess.run(["pdftotext", "-bbox", str(summary_pdf), "-"], capture_output=True, check=True).stdout.decode()
    heights = {}
    for y_min, y_max, word in re.findall(r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', html):
        heights.setdefault(word, []).append(float(y_max) - float(y_min))
    for word in ("16.500", "3.220", "Nông"):  # figures and a name in the last list (none in the chart)
        assert word in heights and min(heights[word]) >= 11 * 1.1, (word, heights.get(word))
    # the chart writes its status words small beside its bars; the table's are read at 11 pt
    assert sum(height >= 11 * 1.1 for height in heights["đạt"]) >= 3, heights["đạt"]


@needs_poppler
def test_a_period_without_targets_says_so_and_draws_no_chart(world, tmp_path):
    path = tmp_path / "2016.pdf"
    path.write_bytes(render_summary_pdf(world.fy2016, report_data(world.fy2016)))
    text = flat(text_of(path))
    assert "Kế hoạch không giao chỉ tiêu cho kỳ này." in text
    assert "TT Chỉ tiêu" not in text and "100 %" not in text
    assert "năm 2016" in text


def test_areas_behind_name_a_district_short_of_its_own_units_target(world):
    SubmissionValue.objects.filter(
        indicator=world.indicators.visits, institution=world.institutions.lib_106, submission__period=world.fy2017,
    ).update(value=6500)
    page = report_page(report_data(world.fy2017))
    behind = {item["row"]["key"]: item["areas"] for item in areas_behind(page.rows)}
    assert behind["visits-106"] == ["Huyện Tam Đường: thực hiện 6.500, chỉ tiêu ≥ 7.000\u00a0lượt"]
    assert "visits-huyen" not in behind  # a group's sum has no share for one district
    assert "visits-tinh" not in behind  # the provincial level is no district


def test_outstanding_units_group_the_units_by_where_their_report_stands(world):
    make_submission(world.fy2017, world.units.sgd, {}, status="draft")
    outstanding = outstanding_units(report_page(report_data(world.fy2017)).completeness_rows)
    missing = dict(outstanding["missing"])
    assert missing["Đang soạn"] == ["Sở Giáo dục và Đào tạo"]
    assert missing["Chưa lập báo cáo"][:2] == ["UBND huyện Tân Uyên", "UBND huyện Nậm Nhùn"]
    assert outstanding["waiting"] == ["Thư viện tỉnh"]


# --- the dashboard's link, the download and who may have it ----------------------------------------


def test_the_dashboard_links_to_the_summary_of_the_period_it_shows(client_for, leader_user, world):
    client = client_for(leader_user)
    html = client.get(reverse("reports:dashboard")).content.decode()
    url = reverse("reports:period_summary", args=["2017-FY"])
    assert f'id="summary-pdf" href="{url}"' in html and "In tóm tắt (PDF)" in html
    provisional = client.get(reverse("reports:dashboard") + "?year=2017&provisional=1").content.decode()
    assert f'href="{url}?provisional=1"' in provisional


def test_leaders_and_staff_download_the_summary_and_units_may_not(client, client_for, leader_user, staff_user, world):
    url = reverse("reports:period_summary", args=["2017-FY"])
    for user in (leader_user, staff_user):
        response = client_for(user).get(url)
        assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
        assert response.content[:4] == b"%PDF"
        assert 'filename="tom-tat-2017-FY.pdf"' in response["Content-Disposition"]
    assert "tom-tat-2017-FY-tam-tinh.pdf" in client_for(leader_user).get(url + "?provisional=1")["Content-Disposition"]
    assert client_for(make_user(Role.UNIT, unit=world.units.u105)).get(url).status_code == 403
    assert client_for(leader_user).post(url).status_code == 403
    assert client_for(leader_user).get(reverse("reports:period_summary", args=["1999-FY"])).status_code == 404
    client.logout()
    assert "/accounts/login/" in client.get(url)["Location"]


def test_the_summary_is_read_in_a_fixed_number_of_queries(client_for, leader_user, world, django_assert_num_queries):
    client = client_for(leader_user)
    url = reverse("reports:period_summary", args=["2017-FY"])
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200
    libraries = [InstitutionFactory(reporting_unit=world.units.u105, code=f"TV-105-{n}") for n in range(20)]
    make_submission(world.fy2017, world.units.u105, {(world.indicators.books, library): 700 for library in libraries})
    with django_assert_num_queries(16):
        assert client.get(url).status_code == 200


# --- the command --------------------------------------------------------------------------------------


@needs_poppler
def test_the_command_writes_the_summary(world, tmp_path):
    path = tmp_path / "tom-tat.pdf"
    out = io.StringIO()
    call_command("report", "--period", "2017-FY", "--format", "summary-pdf", "-o", str(path), stdout=out)
    assert "Đã ghi" in out.getvalue()
    text = text_of(path)
    assert "TÓM TẮT" in text and "Đã gửi, chưa được Sở duyệt: Thư viện tỉnh." in flat(text)
    call_command("report", "--period", "2017-FY", "--format", "summary-pdf", "--include-submitted", "-o", str(path),
                 stdout=io.StringIO())
    assert "8.500*" in text_of(path)  # the provincial library's figure, sent and not yet approved
    with pytest.raises(CommandError):
        call_command("report", "--issued", "1/2018", "--format", "summary-pdf", "-o", str(path))
