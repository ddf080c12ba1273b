"""The PDF: a Vietnamese administrative document (Decree 30/2020), read back with poppler."""
import datetime
import re
import shutil
import subprocess

import pytest

from reports.data import report_data
from reports.pdf import render_pdf
from reports.services import report_preview

from .report_world import build_report_world

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed"),
]


@pytest.fixture(scope="module")
def pdf_file(tmp_path_factory, django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        from django.db import transaction

        with transaction.atomic():
            world = build_report_world()
            report = report_preview(period=world.fy2017)
            report.number = 5
            report.issued_on = datetime.date(2018, 1, 5)
            report.signer_name = "Nguyễn Văn Bình"
            report.results = "Các thư viện duy trì phục vụ bạn đọc.\nTổ chức luân chuyển sách xuống cơ sở."
            content = render_pdf(report, report_data(world.fy2017, include_submitted=True))
            transaction.set_rollback(True)
    path = tmp_path_factory.mktemp("pdf") / "report.pdf"
    path.write_bytes(content)
    return path


def text_of(path, first=None, last=None, layout=True):
    command = ["pdftotext", "-enc", "UTF-8"]
    if layout:
        command.append("-layout")
    if first:
        command += ["-f", str(first), "-l", str(last or first)]
    output = subprocess.run([*command, str(path), "-"], capture_output=True, check=True).stdout.decode("utf-8")
    return output.replace("\u00a0", " ")


def test_it_holds_the_motto_block_the_issuing_body_and_the_number(pdf_file):
    text = text_of(pdf_file)
    for words in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "UBND TỈNH LAI CHÂU",
        "Số: 05/BC-SVHTTDL",
        "Lai Châu, ngày 05 tháng 01 năm 2018",
        "BÁO CÁO",
    ):
        assert words in text
    assert "SỞ VĂN HÓA, THỂ THAO" in text and "VÀ DU LỊCH" in text


def test_it_names_the_plan_and_has_the_standard_sections(pdf_file):
    text = text_of(pdf_file)
    assert "Kế hoạch số 1133/KH-UBND ngày 16/12/2015" in " ".join(text.split())
    for heading in ("I. KẾT QUẢ THỰC HIỆN", "II. TỒN TẠI, HẠN CHẾ VÀ NGUYÊN NHÂN",
                    "III. NHIỆM VỤ TRỌNG TÂM THỜI GIAN TỚI", "IV. ĐỀ XUẤT, KIẾN NGHỊ"):
        assert heading in text
    assert "Tổ chức luân chuyển sách xuống cơ sở." in text


def test_the_figures_are_written_the_vietnamese_way(pdf_file):
    text = text_of(pdf_file)
    assert re.search(r"15\.000–17\.000\s+16\.500\s+110 %\s+97,1 %", text)  # district libraries
    assert "8.500*" in text  # provincial library, submitted only: provisional
    assert "106,3 %" in text
    assert re.search(r"\b9,5\b", text)  # average sessions
    assert "1/2" in text  # one district library of two reached its minimum


def test_recipients_and_signature_block(pdf_file):
    text = text_of(pdf_file)
    assert "Nơi nhận:" in text
    assert "- UBND tỉnh (b/c);" in text
    assert "- Lưu: VT, QLVH." in text
    assert "KT. GIÁM ĐỐC" in text and "PHÓ GIÁM ĐỐC" in text
    assert "Nguyễn Văn Bình" in text


def test_appendices_refer_to_the_report_and_sit_on_landscape_pages(pdf_file):
    text = text_of(pdf_file)
    assert "Phụ lục I" in text and "Phụ lục II" in text and "Phụ lục III" in text
    assert "(Kèm theo Báo cáo số 05/BC-SVHTTDL ngày 05 tháng 01 năm 2018" in text
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "20", str(pdf_file)], capture_output=True, check=True)
    sizes = re.findall(r"Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info.stdout.decode())
    orientation = ["landscape" if float(w) > float(h) else "portrait" for w, h in sizes]
    starts = {}
    for page in range(1, len(sizes) + 1):
        heading = re.search(r"^\s*(Phụ lục [IV]+)\s*$", text_of(pdf_file, page), re.MULTILINE)
        if heading:
            starts[heading.group(1)] = orientation[page - 1]
    assert orientation[0] == "portrait"
    assert starts == {"Phụ lục I": "landscape", "Phụ lục II": "landscape", "Phụ lục III": "portrait"}


def test_pages_are_numbered_at_the_top_except_the_first(pdf_file):
    first = text_of(pdf_file, 1).strip().splitlines()[0]
    second = text_of(pdf_file, 2).strip().splitlines()[0]
    assert "UBND TỈNH LAI CHÂU" in first
    assert second.strip() == "2"


def test_one_serif_family_is_embedded_with_every_vietnamese_letter(pdf_file):
    output = subprocess.run(["pdffonts", str(pdf_file)], capture_output=True, check=True).stdout.decode()
    fonts = [line.split()[0] for line in output.splitlines()[2:] if line.strip()]
    families = {re.sub(r"^[A-Z]{6}\+", "", name).split("-")[0] for name in fonts}
    assert families == {"Liberation"} or families == {"LiberationSerif"}, fonts
    assert all(" yes " in line for line in output.splitlines()[2:] if line.strip())
    assert all("Serif" in name for name in fonts)


def test_a_long_appendix_table_repeats_its_header_row_on_every_page(tmp_path):
    from targets.models import Task

    from .factories import IndicatorFactory, PlanFactory, make_period

    plan = PlanFactory()
    task = Task.objects.create(plan=plan, code="1", section="II", section_title="", text="Nhiệm vụ", order=1)
    for n in range(45):
        IndicatorFactory(code=f"LONG_{n:02d}", name_vi=f"Chỉ tiêu dài số {n:02d} về hoạt động thư viện cơ sở",
                         order=n).tasks.add(task)
    period = make_period(plan, 2017, "annual")
    path = tmp_path / "long.pdf"
    path.write_bytes(render_pdf(report_preview(period=period), report_data(period)))
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True).stdout.decode()
    count = int(re.search(r"Pages:\s+(\d+)", info).group(1))
    pages = [text_of(path, page) for page in range(1, count + 1)]
    with_rows = [text for text in pages if "Chỉ tiêu dài số" in text]
    table_one = [text for text in with_rows if "Cùng kỳ" in text]
    table_two = [text for text in with_rows if "Cùng kỳ" not in text]
    assert len(table_one) >= 2  # table I runs over more than one page, its header on each
    assert all("Tỷ lệ thực hiện" in text and "Đánh giá" in text for text in table_one)
    assert all("Phạm vi" in text and "Tổng" in text for text in table_two)


def words_of(path):
    """[(page, word, x_min, y_max)] read back with ``pdftotext -bbox``."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, check=True).stdout.decode()
    found = []
    for page, body in enumerate(html.split("<page ")[1:], start=1):
        for x_min, y_max, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)</word>', body):
            found.append((page, word, float(x_min), float(y_max)))
    return found


def test_the_number_sits_level_with_the_place_and_date(pdf_file):
    first_page = [w for w in words_of(pdf_file) if w[0] == 1]
    number = next(w for w in first_page if w[1] == "Số:")
    place = next(w for w in first_page if w[1] == "Châu," and w[2] > number[2])
    assert abs(number[3] - place[3]) < 2  # the same line, whatever the two font sizes


@pytest.mark.parametrize("lines", [6, 14, 22, 30])
def test_the_last_paragraph_recipients_and_signature_stay_on_one_page(lines, tmp_path):
    from django.db import transaction

    with transaction.atomic():
        world = build_report_world()
        report = report_preview(period=world.fy2017)
        report.signer_name = "Nguyễn Văn Bình"
        report.proposals = "\n".join(f"Đề nghị thứ {n}: bổ sung sách, báo cho thư viện xã và tủ sách cộng đồng." for n in range(lines))
        content = render_pdf(report, report_data(world.fy2017))
        transaction.set_rollback(True)
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    found = words_of(path)
    pages = {}
    for index, (page, word, *_rest) in enumerate(found):
        if word == "Trên" and found[index + 1][1] == "đây":
            pages["closing"] = page
        if word == "Nơi" and found[index + 1][1] == "nhận:":
            pages["recipients"] = page
        if word == "Bình" and found[index - 1][1] == "Văn":
            pages["signer"] = page
    assert pages["closing"] == pages["recipients"] == pages["signer"], (lines, pages)
