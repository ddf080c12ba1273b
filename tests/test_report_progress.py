"""A six-month report judges progress toward the year; the by-district tables say each district's part.

Through the data, the page, the PDF (pdftotext) and the workbook (openpyxl), on tests/report_world.py.
"""
import copy
import io
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from reporting.models import Submission, SubmissionValue
from reports.data import report_data
from reports.pdf import render_pdf
from reports.area_layout import area_note
from reports.present import area_matrix, headline, report_page, target_rows
from reports.services import report_preview
from reports.xlsx import render_xlsx

from .factories import make_submission
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_report_world()
    # The provincial library's first half: 4.500 visits, over half of its 8.000 (on track).
    make_submission(world.h2017, world.units.tvt, {(world.indicators.visits, world.institutions.lib_t): 4500})
    return world


def targets_of(data):
    return {t["key"]: t for indicator in data["indicators"] for t in indicator["targets"]}


def records(ws):
    rows = list(ws.iter_rows(values_only=True))
    return [dict(zip(rows[0], row)) for row in rows[1:]]


def pdf_text(content, tmp_path):
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    return text.stdout.decode().replace("\u00a0", " ")


def test_a_six_month_report_says_on_track_or_behind_against_half_the_years_minimum(world):
    data = report_data(world.h2017)
    targets = targets_of(data)
    assert (targets["visits-tinh"]["actual"], targets["visits-tinh"]["status"]) == (4500, "on_track")  # ≥ 4.000
    assert (targets["visits-huyen"]["actual"], targets["visits-huyen"]["status"]) == (4000, "behind")  # < 7.500
    assert targets["visits-huyen"]["status_label"] == "Chậm tiến độ"
    # Per institution: each library against half its 500 books; 105's 300 are, 106's report is a draft.
    assert targets["books-each"]["status"] == "behind"
    assert (targets["books-each"]["institutions_meeting"], targets["books-each"]["institutions_meeting_min"]) == (1, 250)
    assert targets["visits-106"]["status"] == "no_data"  # 106's report is a draft
    assert data["summary"] == {"targets": 4, "on_track": 1, "behind": 2, "no_target": 0, "no_data": 1}
    assert headline(data) == "Trong 4 chỉ tiêu năm, 1 chỉ tiêu đúng tiến độ, 2 chậm tiến độ; 1 chỉ tiêu chưa có số liệu."
    rows = {row["key"]: row for row in target_rows(data)}
    assert rows["visits-tinh"]["progress"] == "đạt 56,3\u00a0% kế hoạch năm"
    assert rows["visits-huyen"]["progress"] == "đạt 26,7\u00a0% kế hoạch năm"
    assert rows["books-each"]["progress"] == ""  # its count of libraries says it
    assert rows["books-each"]["meeting"] == "1/2 đạt từ 250\u00a0bản (nửa mức năm)"


def test_exactly_half_the_minimum_is_on_track(world):
    submission = Submission.objects.get(period=world.h2017, reporting_unit=world.units.u106)
    Submission.objects.filter(pk=submission.pk).update(status="approved")
    SubmissionValue.objects.filter(submission=submission).update(value=3500)
    t = targets_of(report_data(world.h2017))["visits-huyen"]
    assert (t["actual"], t["status"]) == (7500, "on_track")


def test_an_annual_report_still_says_met_or_unmet(world):
    data = report_data(world.fy2017, include_submitted=True)
    assert set(data["summary"]) == {"targets", "below", "within", "above", "no_target", "no_data"}
    assert {t["status"] for t in targets_of(data).values()} <= {"below", "within", "above", "no_target", "no_data"}
    assert headline(data).startswith("Có ") and "tiến độ" not in headline(data)
    assert all(row["progress"] == "" for row in target_rows(data))


def test_the_six_month_page_shows_progress(client_for, leader_user, world):
    page = client_for(leader_user).get(reverse("reports:period", args=[world.h2017.code])).content.decode()
    assert "Đúng tiến độ: 1" in page and "Chậm tiến độ: 2" in page
    assert "đạt 26,7\u00a0% kế hoạch năm" in page
    assert "Chưa đạt" not in page


def test_the_six_month_pdf_and_workbook_say_progress(world, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("poppler-utils not installed")
    data = report_data(world.h2017)
    report = report_preview(period=world.h2017)
    text = pdf_text(render_pdf(report, data), tmp_path)
    assert "1 chỉ tiêu đúng tiến độ, 2 chậm tiến độ" in " ".join(text.split())
    assert "Chậm tiến độ" in text and "Đúng tiến độ" in text and "Chưa đạt" not in text
    assert "26,7 % kế hoạch năm" in " ".join(text.split())
    wb = load_workbook(io.BytesIO(render_xlsx(report, data)))
    summary = {row[0]: row[1] for row in wb["Tổng hợp"].iter_rows(values_only=True) if row[0]}
    assert (summary["Đúng tiến độ"], summary["Chậm tiến độ"]) == (1, 2) and "Chưa đạt" not in summary
    statuses = {r["Mã mục tiêu"]: r["Đánh giá"] for r in records(wb["Theo chỉ tiêu"])}
    assert statuses["visits-tinh"] == "Đúng tiến độ" and statuses["visits-huyen"] == "Chậm tiến độ"


def test_districts_show_their_part_of_a_group_and_their_institutions_that_reached_it(world, client_for, leader_user):
    data = report_data(world.fy2017)
    huyen, books = targets_of(data)["visits-huyen"], targets_of(data)["books-each"]
    assert {a["code"]: a["share_pct"] for a in huyen["by_area"]} == {"105": Decimal("54.5"), "106": Decimal("45.5")}
    page = report_page(data)
    cells = {row["key"]: dict(zip([c["code"] for c in page.area_columns], cells)) for row, cells in page.area_rows}
    assert cells["visits-huyen"]["105"] == "9.000 (54,5\u00a0%)" and cells["visits-huyen"]["106"] == "7.500 (45,5\u00a0%)"
    assert cells["books-each"]["105"] == "600 (1/1\u00a0đạt)" and cells["books-each"]["106"] == "450 (0/1\u00a0đạt)"
    assert {a["code"]: a["share_pct"] for a in books["by_area"]} == {"105": None, "106": None}
    assert [a["share_pct"] for a in targets_of(data)["visits-tinh"]["by_area"]] == [None]  # one area: no "100 %"
    # An average is no sum of parts: no share.
    assert cells["sessions"]["105"] == "12"
    html = client_for(leader_user).get(reverse("reports:period", args=[world.fy2017.code])).content.decode()
    assert "9.000 (54,5\u00a0%)" in html and "600 (1/1\u00a0đạt)" in html
    assert "phần của địa bàn trong tổng số" in html


def test_the_workbook_by_district_sheet_has_the_share(world):
    data = report_data(world.fy2017)
    wb = load_workbook(io.BytesIO(render_xlsx(report_preview(period=world.fy2017), data)))
    rows = {(r["Mã mục tiêu"], r["Mã địa bàn"]): r for r in records(wb["Theo huyện"])}
    assert rows[("visits-huyen", "105")]["Tỷ trọng trong tổng"] == pytest.approx(0.545)
    assert wb["Theo huyện"]["N2"].number_format == "0.0%"
    assert rows[("books-each", "105")]["Tỷ trọng trong tổng"] is None
    assert rows[("books-each", "105")]["Đạt mức tối thiểu"] == 1


def test_a_report_frozen_before_keeps_its_cells_status_and_sentence(world):
    """An issued report's frozen data (from before the progress statuses and district parts)
    renders as it was issued: "600 (1/1)", "Chưa đạt", "Có ... đạt hoặc vượt"."""
    old = copy.deepcopy(report_data(world.h2017))
    for indicator in old["indicators"]:
        for target in indicator["targets"]:
            target["status"] = {"on_track": "within", "behind": "below"}.get(target["status"], target["status"])
            del target["institutions_meeting_min"]
            for area in target["by_area"]:
                del area["share_pct"]
    old["summary"] = {"targets": 4, "below": 2, "within": 1, "above": 0, "no_target": 0, "no_data": 1}
    page = report_page(old)
    assert headline(old) == "Có 1/4 chỉ tiêu đạt hoặc vượt; 2 chỉ tiêu chưa đạt; 1 chỉ tiêu chưa có số liệu."
    assert [s["status"] for s in page.status_counts] == ["within", "below", "no_data"]  # none "above": no badge
    assert all(row["progress"] == "" for row in page.rows)
    books = next(cells for row, cells in area_matrix(page.rows, page.area_columns) if row["key"] == "books-each")
    assert "300 (1/1)" in books
    assert next(row["meeting"] for row in page.rows if row["key"] == "books-each") == "1/2 đạt từ 500\u00a0bản"
    assert area_note(old) == "Trong ngoặc: số thiết chế đạt mức tối thiểu trên tổng số (chỉ tiêu cho mỗi thiết chế)."


def test_the_six_month_chart_draws_progress_as_bars(world):
    from reports.charts import achievement_chart

    svg = achievement_chart(report_page(report_data(world.h2017)).rows)
    assert '<rect' in svg and 'data-status="on_track"/>' in svg and 'data-status="behind"/>' in svg
    assert "Đúng tiến độ" in svg and "Chậm tiến độ" in svg
