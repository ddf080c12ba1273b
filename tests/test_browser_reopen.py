"""In a real browser, on a phone: department staff reopen an approved report; an empty reason is
refused with the form open again, a reason sends the report back to its unit."""
import pytest
from playwright.sync_api import expect

from reporting.models import Submission, SubmissionStatus
from reporting.services import submission_approve

from .browser_support import log_in
from .factories import fill_report

REASON = "Số lượt bạn đọc ghi nhầm, đề nghị đơn vị kiểm tra lại."


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 390, "height": 844}}


def no_page_scroll(page):
    scroll_width, inner_width = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert scroll_width <= inner_width


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_staff_reopen_an_approved_report_on_a_phone(live_server, page, submission, unit_user, staff_user):
    fill_report(submission, unit_user, submit=True)
    submission_approve(submission=submission, user=staff_user)
    log_in(page, live_server, staff_user.username, f"/reporting/submissions/{submission.pk}/")
    expect(page.locator("#submission-status")).to_contain_text("đã duyệt")
    page.locator("#reopen summary").click()
    no_page_scroll(page)
    page.evaluate("document.querySelector('#id_reason').removeAttribute('required')")  # as an old browser would
    page.get_by_role("button", name="Mở lại báo cáo để đơn vị sửa").click()
    expect(page.locator("#reopen-error")).to_have_text("Cần ghi lý do mở lại báo cáo.")
    page.fill("#id_reason", REASON)
    page.get_by_role("button", name="Mở lại báo cáo để đơn vị sửa").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã mở lại báo cáo của UBND thành phố Lai Châu")
    expect(page.locator("#submission-status")).to_contain_text("mở lại để sửa")
    expect(page.locator("#overall-comments")).to_contain_text(REASON)
    expect(page.locator("#history")).to_contain_text("mở lại báo cáo đã duyệt")
    no_page_scroll(page)
    assert Submission.objects.get(pk=submission.pk).status == SubmissionStatus.REOPENED
