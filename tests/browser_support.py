"""Shared by the browser tests (test_browser_*.py); no tests here."""
import re

from playwright.sync_api import expect

from .factories import PASSWORD, REPORT_WORDS


def log_in(page, live_server, username, next_url):
    """Open ``next_url``, get sent to the login form, and sign in there (UserFactory's password)."""
    page.goto(f"{live_server.url}{next_url}")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next="))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("form:not(#language-switch) button[type=submit]")


def draft_and_issue(page, issued_on, **fields):
    """From a period's report page: draft the report, fill every section and ``fields`` (by form
    field name), save, issue, confirm."""
    page.click("#draft-button")
    expect(page).to_have_url(re.compile(r"/reports/\d+/edit/$"))
    for name, value in {**REPORT_WORDS, **fields}.items():
        page.fill(f"#id_{name}", value)
    page.click("#save-button")
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu dự thảo")
    page.fill("#id_issued_on", issued_on)
    page.click("#issue-button")
    expect(page.locator("h1")).to_contain_text("Xác nhận ban hành")
    page.click("#confirm-button")
    expect(page.locator("#report-status")).to_contain_text("đã ban hành")
