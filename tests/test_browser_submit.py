"""In a real browser: a district logs in, opens its report, fills the figures, saves, submits."""
import re

import pytest
from playwright.sync_api import expect

from reporting.models import Submission, SubmissionStatus

from .factories import PASSWORD, IndicatorFactory, make_period, plan_with_indicators



@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 390, "height": 844}}


@pytest.fixture
def period(own_institution):
    visits = IndicatorFactory(code="LIB_VISITS", name_vi="Tổng số bạn đọc đến thư viện")
    internet = IndicatorFactory(code="LIB_INTERNET", name_vi="Có điểm truy cập internet", value_type="boolean",
                                aggregation="share_yes")
    clubs = IndicatorFactory(code="CLUBS", name_vi="Số câu lạc bộ", applies_to="reporting_unit", applies_kind="",
                             applies_levels=[], applies_unit_kinds=["district"])
    return make_period(plan_with_indicators(visits, internet, clubs), 2017, "half_year")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_district_fills_in_saves_and_submits_its_report(live_server, page, unit_user, period):
    page.goto(f"{live_server.url}/accounts/login/")
    page.fill("input[name=username]", unit_user.username)
    page.fill("input[name=password]", PASSWORD)
    page.click("main button[type=submit]")

    page.goto(f"{live_server.url}/reporting/")
    card = page.locator('[data-period="2017-H1"]')
    expect(card).to_contain_text("20/06/2017")
    expect(card).to_contain_text("chưa bắt đầu")
    card.get_by_role("button", name="Lập báo cáo").click()
    expect(page).to_have_url(re.compile(r"/reporting/submissions/\d+/edit/$"))
    expect(page.locator("#period-facts")).to_contain_text("15/12/2016")

    page.fill('[name="value-LIB_VISITS|TV-105"]', "1.200")
    page.select_option('[name="value-LIB_INTERNET|TV-105"]', "1")
    page.fill('[name="value-CLUBS|"]', "12")
    page.fill('[name="shortcomings"]', "Thiếu kinh phí bổ sung sách.")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu bản nháp")
    expect(page.locator('[name="value-LIB_VISITS|TV-105"]')).to_have_value("1.200")

    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#submission-status")).to_contain_text("đã gửi")
    expect(page.locator("#values")).to_contain_text("1.200")

    submission = Submission.objects.get(reporting_unit=unit_user.profile.reporting_unit, period=period)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert submission.values.get(indicator__code="LIB_VISITS").value == 1200
