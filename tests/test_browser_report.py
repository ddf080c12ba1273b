"""In headless Chromium: staff draft and issue the consolidated report, then download PDF and Excel.

Skipped when /usr/bin/chromium is absent (see conftest.py).
"""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from institutions.models import Role
from reports.models import ConsolidatedReport, ReportStatus

from .browser_support import draft_and_issue, log_in
from .factories import make_user
from .report_world import build_report_world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "accept_downloads": True}


def test_staff_issue_a_report_and_download_both_files(live_server, page):
    world = build_report_world()
    make_user(Role.STAFF, username="canbo")
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)

    log_in(page, live_server, "canbo", reverse("reports:period", args=[world.fy2017.code]))
    expect(page.locator("h1")).to_contain_text("Báo cáo năm 2017")
    expect(page.locator("#targets-table")).to_contain_text("16.500")
    expect(page.locator("#achievement-chart svg").locator("visible=true")).to_have_count(1)

    draft_and_issue(page, "05/01/2018", signer_name="Nguyễn Văn Bình",
                    tasks_ahead="Tiếp tục đẩy mạnh luân chuyển sách.")
    expect(page.locator("h1")).to_contain_text("01/BC-SVHTTDL")

    report = ConsolidatedReport.objects.get()
    assert report.status == ReportStatus.ISSUED
    with page.expect_download() as pdf_download:
        page.click("#download-pdf")
    pdf = open(pdf_download.value.path(), "rb").read()
    assert pdf == bytes(report.pdf)
    assert pdf_download.value.suggested_filename == "01-BC-SVHTTDL-2018.pdf"

    with page.expect_download() as xlsx_download:
        page.click("#download-xlsx")
    xlsx = open(xlsx_download.value.path(), "rb").read()
    assert xlsx == bytes(report.xlsx)
    assert load_workbook(io.BytesIO(xlsx)).sheetnames == ["Tổng hợp", "Theo chỉ tiêu", "Theo huyện", "Tiến độ nộp"]
    assert not [p for p in problems if "Content Security Policy" in p], problems


def test_a_leader_drills_down_from_the_dashboard_to_a_district_and_an_institution(live_server, page):
    build_report_world()
    make_user(Role.LEADER, username="lanhdao")
    log_in(page, live_server, "lanhdao", reverse("reports:dashboard"))
    card = page.locator('[data-target="books-each"]')
    expect(card).to_contain_text("Chưa đạt")
    expect(card.locator("svg")).to_be_visible()
    card.get_by_role("link", name="Huyện Tam Đường").click()
    expect(page.locator("h1")).to_contain_text("Huyện Tam Đường")
    page.get_by_role("link", name="Thư viện huyện Tam Đường").click()
    expect(page.locator("#institution-history")).to_contain_text("7.500")
