"""In a real browser, on a phone (390 px): an officer reviews a long report with approve and
return always in reach, returns it with comments, then approves two clean reports together from
the board through the confirmation page."""
import re

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from institutions.models import Role
from reporting.models import Submission, SubmissionStatus, SubmissionValue
from reporting.services import submission_get_or_create

from .browser_support import log_in
from .factories import (
    IndicatorFactory,
    InstitutionFactory,
    ReportingUnitFactory,
    fill_report,
    make_period,
    make_submission,
    make_user,
    plan_with_indicators,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def browser_context_args(browser_context_args):
    # Reduced motion: Bootstrap then scrolls at once, not smoothly, so positions can be read right away.
    return {**browser_context_args, "locale": "vi-VN", "viewport": PHONE, "reduced_motion": "reduce"}


@pytest.fixture
def round_2017(staff_user):
    """2017-H1: Lai Châu city sent a long report (14 libraries, two figures each); Tam Đường and
    Sìn Hồ sent clean ones; Mường Tè's has a figure four times last year's, unexplained."""
    visits = IndicatorFactory(code="LIB_VISITS", name_vi="Tổng số bạn đọc đến thư viện")
    books = IndicatorFactory(code="LIB_BOOKS", name_vi="Số bản sách bổ sung", unit_vi="bản")
    plan = plan_with_indicators(visits, books)
    period = make_period(plan, 2017, "half_year")
    reports = {}
    for code, name, libraries in [("105", "UBND thành phố Lai Châu", 14), ("106", "UBND huyện Tam Đường", 1),
                                  ("107", "UBND huyện Sìn Hồ", 1)]:
        unit = ReportingUnitFactory(code=code, name=name)
        for number in range(libraries):
            InstitutionFactory(reporting_unit=unit, code=f"TV-{code}-{number:02d}",
                               name=f"Thư viện {name[5:]} số {number + 1}")
        member = make_user(Role.UNIT, unit=unit)
        reports[code] = fill_report(submission_get_or_create(period=period, unit=unit, user=member), member,
                                    submit=True)
    unit = ReportingUnitFactory(code="108", name="UBND huyện Mường Tè")
    library = InstitutionFactory(reporting_unit=unit, code="TV-108", name="Thư viện huyện Mường Tè")
    make_submission(make_period(plan, 2016, "half_year"), unit, {(visits, library): 1000, (books, library): 500})
    reports["108"] = make_submission(period, unit, {(visits, library): 4000, (books, library): 500}, status="submitted")
    return period, reports


def status_of(submission):
    return Submission.objects.get(pk=submission.pk).status


def test_an_officer_returns_a_long_report_from_the_bar_then_approves_two_clean_ones_together(
    live_server, page, staff_user, round_2017
):
    period, reports = round_2017
    board_url = reverse("reporting:overview_period", args=[period.code])
    log_in(page, live_server, staff_user.username, board_url)
    page.locator('#board-table tr[data-unit="105"]').get_by_role("link", name="Xem xét").click()
    expect(page).to_have_url(re.compile(r"/reporting/submissions/\d+/review/$"))

    bar = page.locator("#review-actions")
    bar_box = bar.bounding_box()
    assert bar_box["height"] < 80, bar_box  # one row of two buttons on a phone
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    assert page.evaluate("window.scrollY") > 1000
    expect(bar).to_be_in_viewport()
    expect(bar.get_by_role("button", name="Duyệt báo cáo")).to_be_in_viewport()
    expect(bar.get_by_role("button", name="Trả lại để sửa")).to_be_in_viewport()
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]

    comment = page.get_by_label("Nhận xét: Tổng số bạn đọc đến thư viện — Thư viện thành phố Lai Châu số 7")
    comment.evaluate("field => field.scrollIntoView()")  # as a jump to it does: to the top of the page
    bar_bottom = bar.bounding_box()["y"] + bar.bounding_box()["height"]
    assert comment.bounding_box()["y"] >= bar_bottom  # brought into view, it is not under the bar
    comment.fill("Số lượt bạn đọc cao hơn năm trước, đề nghị kiểm tra lại.")
    page.fill('[name="comment"]', "Đề nghị bổ sung phần đề xuất, kiến nghị.")
    bar.get_by_role("button", name="Trả lại để sửa").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã trả lại báo cáo cho UBND thành phố Lai Châu")
    assert status_of(reports["105"]) == SubmissionStatus.RETURNED
    assert reports["105"].comments.count() == 2

    expect(page).to_have_url(re.compile(re.escape(board_url) + "$"))
    warned = page.locator('#board-table tr[data-unit="108"]')
    expect(warned).to_contain_text("1 cảnh báo chưa có giải trình")
    expect(warned.locator('input[name="report"]')).to_have_count(0)
    page.get_by_label("UBND huyện Tam Đường").check()
    page.get_by_label("UBND huyện Sìn Hồ").check()
    page.get_by_role("button", name="Duyệt các báo cáo đã chọn").click()

    listed = page.locator("#bulk-approve-list")
    expect(listed).to_contain_text("UBND huyện Tam Đường")
    expect(listed).to_contain_text("UBND huyện Sìn Hồ")
    expect(listed).not_to_contain_text("Mường Tè")
    assert {status_of(reports[code]) for code in ("106", "107")} == {SubmissionStatus.SUBMITTED}
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    page.get_by_role("button", name="Xác nhận duyệt 2 báo cáo").click()

    expect(page.locator(".alert-success")).to_contain_text("Đã duyệt 2 báo cáo")
    assert {status_of(reports[code]) for code in ("106", "107")} == {SubmissionStatus.APPROVED}
    assert status_of(reports["108"]) == SubmissionStatus.SUBMITTED
    assert SubmissionValue.objects.filter(submission=reports["108"], explanation="").count() == 2
