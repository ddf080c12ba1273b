"""In headless Chromium: staff draft and issue the consolidated report, then download PDF and Excel.

Skipped when /usr/bin/chromium is absent (see conftest.py).
"""
import io
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from playwright.sync_api import expect

from institutions.models import Role
from reports.models import ConsolidatedReport, ReportStatus

from .factories import build_report_world, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "mat-khau-thu-123"  # what tests.factories.UserFactory sets


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "accept_downloads": True}


def log_in(page, live_server, username, next_url):
    page.goto(f"{live_server.url}{next_url}")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form:not(#language-switch) button[type=submit]")


def test_staff_issue_a_report_and_download_both_files(live_server, page):
    world = build_report_world()
    make_user(Role.STAFF, username="canbo")
    problems = []
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)

    log_in(page, live_server, "canbo", reverse("reports:period", args=[world.fy2017.code]))
    expect(page.locator("h1")).to_contain_text("Báo cáo năm 2017")
    expect(page.locator("#targets-table")).to_contain_text("16.500")
    expect(page.locator("#achievement-chart svg")).to_be_visible()

    page.click("#draft-button")
    expect(page).to_have_url(re.compile(r"/reports/\d+/edit/$"))
    page.fill("#id_signer_name", "Nguyễn Văn Bình")
    page.fill("#id_tasks_ahead", "Tiếp tục đẩy mạnh luân chuyển sách.")
    page.click("#save-button")
    expect(page.locator(".alert")).to_contain_text("Đã lưu dự thảo")

    page.fill("#id_issued_on", "05/01/2018")
    page.click("#issue-button")
    expect(page.locator("#report-status")).to_contain_text("đã ban hành")
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
