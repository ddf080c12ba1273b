"""A report of 38 areas (the communes since 1 July 2025) lists its areas as rows, every one in
full, in the PDF's appendix II, on the page and in the workbook; 8 districts keep their columns."""
import io
import re
import shutil
import subprocess

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from institutions.models import AdminUnit
from reports import documents
from reports.data import report_data
from reports.pdf import render_html, render_pdf
from reports.area_layout import area_heading, area_level_word, areas_as_rows
from reports.present import report_page
from reports.services import report_preview
from reports.xlsx import render_xlsx

from .report_world import add_areas, build_report_world
from .test_report_pdf import text_of

pytestmark = pytest.mark.django_db
needs_poppler = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils not installed")


def commune_world():
    """The report world on the two-level map: its two areas renamed as communes, and 36 communes
    more (district-level units here: the report groups by them), 38 areas in all."""
    world = build_report_world()
    AdminUnit.objects.filter(pk=world.areas.city.pk).update(name="Phường Tân Phong", division_type="phuong")
    AdminUnit.objects.filter(pk=world.areas.district.pk).update(name="Xã Tam Đường", division_type="xa")
    add_areas(world, 36, name="Xã Thử", division_type="xa")
    return world


def district_world():
    """Lai Châu's 2016–2020 shape: eight districts (the city, Tam Đường and six more)."""
    world = build_report_world()
    add_areas(world, 6)
    return world


def _columns(*names):
    return [{"code": "tinh", "name": "Cấp tỉnh"}] + [{"code": str(n), "name": name} for n, name in enumerate(names)]


def test_more_than_ten_areas_turn_into_rows_and_the_heading_says_what_they_are():
    assert not areas_as_rows(_columns(*[f"Huyện {n}" for n in range(10)]))
    assert areas_as_rows(_columns(*[f"Xã {n}" for n in range(11)]))
    districts = _columns("Thành phố Lai Châu", "Huyện Tam Đường", "Huyện Sìn Hồ")
    communes = _columns("Phường Tân Phong", "Xã Bình Lư", "Phường Đoàn Kết", "Xã Sìn Hồ")
    assert (area_heading(districts), area_level_word(districts)) == ("Huyện, thành phố", "huyện")
    assert (area_heading(communes), area_level_word(communes)) == ("Xã, phường", "xã")
    assert area_heading(_columns("Thị xã Mường Lay", "Thị trấn Phong Thổ")) == "Thị xã, thị trấn"
    assert (area_heading(_columns("Khu A")), area_level_word(_columns("Khu A"))) == ("Địa bàn", "địa bàn")


def test_eight_districts_keep_one_table_of_columns_in_appendix_two():
    world = district_world()
    data = report_data(world.fy2017, include_submitted=True)
    page = report_page(data)
    assert not page.areas_as_rows and page.area_lines == []
    html = render_html(report_preview(period=world.fy2017), data)
    assert "areas-as-rows" not in html and "Huyện, thành phố" not in html
    appendix = html[html.index('<div class="no">Phụ lục II</div>'):html.index('<div class="no">Phụ lục III</div>')]
    headers = re.findall(r"<th>([^<]*)</th>", appendix)
    assert headers == ["TT", "Chỉ tiêu", "Phạm vi", "Cấp tỉnh", "Thành phố Lai Châu", "Huyện Tam Đường",
                       *[f"Huyện Thử {n}" for n in range(1, 7)], "Tổng"]


@needs_poppler
def test_the_pdf_lists_the_38_communes_as_rows_each_in_full_with_its_figures(tmp_path):
    world = commune_world()
    data = report_data(world.fy2017, include_submitted=True)
    path = tmp_path / "communes.pdf"
    path.write_bytes(render_pdf(report_preview(period=world.fy2017), data))
    text = text_of(path)
    appendix = text[text.index("KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THEO ĐỊA BÀN"):text.index("TÌNH HÌNH GỬI BÁO CÁO")]
    lines = appendix.splitlines()
    headed = [line for line in lines if re.match(r"^TT\s+Xã, phường\b", line.strip())]
    assert len(headed) >= 2  # every table, and each page it runs over, heads its rows "Xã, phường"
    for n in range(1, 37):  # each commune a row of its own, in both tables (targets 1–5, 6–9)
        rows = [line for line in lines if re.search(rf"\bXã Thử {n}\b(?!\d)", line)]
        assert len(rows) == 2, n
        assert f"{1000 * n:,}".replace(",", ".") in rows[0]  # its visits, beside its name
        assert f"{100 + n} (0/1 đạt)" in rows[0]  # its books against the per-library minimum
    assert sum("Phường Tân Phong" in line for line in lines) == 2
    assert sum(line.split()[:1] == ["Tổng"] for line in lines) == 2
    assert "…" not in appendix and "..." not in appendix
    for number in range(1, 10):  # every target heads a column
        assert re.search(rf"\b{number}\. ", appendix), number


def test_appendix_two_splits_the_targets_evenly_and_names_every_area_in_each_table():
    world = commune_world()
    page = report_page(report_data(world.fy2017))
    blocks = documents.target_blocks([row for row, _ in page.area_rows], page.area_lines, size=6)
    assert [len(rows) for rows, _lines in blocks] == [5, 4]
    for rows, lines in blocks:
        assert [area["name"] for area, _ in lines] == [area["name"] for area in page.area_columns]
        assert all(len(cells) == len(rows) for _, cells in lines)


def test_the_workbook_gives_each_of_the_38_communes_its_rows_on_the_sheet_by_commune():
    world = commune_world()
    data = report_data(world.fy2017, include_submitted=True)
    workbook = load_workbook(io.BytesIO(render_xlsx(report_preview(period=world.fy2017), data)))
    assert workbook.sheetnames == ["Tổng hợp", "Theo chỉ tiêu", "Theo xã", "Tiến độ nộp"]
    rows = list(workbook["Theo xã"].iter_rows(min_row=2, values_only=True))
    visits = {row[6]: row[7] for row in rows if row[3] == "visits-huyen"}
    assert {name: visits[name] for name in ("Xã Thử 1", "Xã Thử 36")} == {"Xã Thử 1": 1000, "Xã Thử 36": 36000}
    assert len([name for name in visits if name.startswith(("Xã", "Phường"))]) == 38


def test_the_workbook_of_eight_districts_keeps_its_sheet_by_district():
    world = district_world()
    data = report_data(world.fy2017)
    workbook = load_workbook(io.BytesIO(render_xlsx(report_preview(period=world.fy2017), data)))
    assert workbook.sheetnames == ["Tổng hợp", "Theo chỉ tiêu", "Theo huyện", "Tiến độ nộp"]


def test_the_period_page_lists_the_38_communes_as_rows_in_as_many_queries_as_two(
        client_for, leader_user, django_assert_num_queries):
    world = commune_world()
    client = client_for(leader_user)
    with django_assert_num_queries(17):
        response = client.get(reverse("reports:period", args=[world.fy2017.code]))
    html = response.content.decode()
    table = html[html.index('id="area-table"'):]
    table = table[:table.index("</table>")]
    assert "area-rows" in html[html.index('id="area-table"') - 200:html.index('id="area-table"')]
    assert re.search(r'<th scope="col" class="area-name">Xã, phường</th>', table)
    names = re.findall(r'<th scope="row" class="area-name[^"]*">(?:<a href="[^"]*">)?([^<]+)', table)
    assert names[0] == "Cấp tỉnh" and names[-1] == "Tổng" and len(names) == 40
    assert {"Phường Tân Phong", "Xã Tam Đường", "Xã Thử 36"} <= set(names)
    assert 'href="/reports/dashboard/area/736/?year=2017"' in table
    assert "36.000 (5,3\u00a0%)" in table  # Xã Thử 36's visits and its part of the whole


def test_the_leaders_summary_names_the_communes_behind_as_communes():
    from reports.pdf import render_summary_html

    world = commune_world()
    html = render_summary_html(world.fy2017, report_data(world.fy2017))
    assert "2. Các xã, phường chưa đạt chỉ tiêu" in html and "<th>Xã, phường chưa đạt</th>" in html
    assert "huyện, thành phố" not in html.replace("UBND huyện, thành phố", "")
    assert "Xã Thử 36: 0/1 đạt từ 500" in html  # its library added 136 books against 500 each
