"""In a real browser, on today's map: a commune's People's Committee files its 2026 report.

Xã Than Uyên (2025, directly under the province) reports its own library and the district
library that moved to it on 1 July 2025; the library's 2019 figures stay with the district.
"""
import datetime
import re

import pytest
from playwright.sync_api import expect

from institutions.models import AdminUnit, ReportingUnitKind, Role
from institutions.services import institution_move
from reporting.models import Submission, SubmissionStatus

from .browser_support import log_in
from .factories import (
    AdminUnitFactory,
    IndicatorFactory,
    InstitutionFactory,
    PlanFactory,
    ReportingUnitFactory,
    make_period,
    make_target,
    make_user,
)

JULY_2025 = datetime.date(2025, 7, 1)


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "viewport": {"width": 390, "height": 844}}


@pytest.fixture
def commune_world():
    district = AdminUnitFactory(code="110", name="Huyện Than Uyên", valid_to=datetime.date(2025, 6, 30))
    district_unit = ReportingUnitFactory(code="110", name="UBND huyện Than Uyên", admin_unit=district)
    province = AdminUnitFactory(code="12", name="Tỉnh Lai Châu", division_type="tinh", level="province",
                                structure="2025", valid_from=JULY_2025)
    commune = AdminUnitFactory(code="3595", name="Xã Than Uyên", division_type="xa", level="commune",
                               parent=province, structure="2025", valid_from=JULY_2025)
    unit = ReportingUnitFactory(code="3595", name="UBND xã Than Uyên", kind=ReportingUnitKind.COMMUNE,
                                admin_unit=commune)
    moved = InstitutionFactory(code="TV-110", name="Thư viện huyện Than Uyên", admin_unit=district,
                               reporting_unit=district_unit)
    institution_move(institution=moved, admin_unit=AdminUnit.objects.get(pk=commune.pk), reporting_unit=unit,
                     on=JULY_2025)
    InstitutionFactory(code="TV-3595", name="Thư viện xã Than Uyên", level="commune", admin_unit=commune,
                       reporting_unit=unit, active_from=JULY_2025)
    visits = IndicatorFactory(code="LIB_VISITS", name_vi="Tổng số bạn đọc đến thư viện",
                              applies_levels=["district", "commune"], frequency="yearly")
    plan = PlanFactory(code="kh-2021-2030", number="VD-1520", start_year=2021, end_year=2030)
    plan.reporting_units.set([unit])
    make_target(plan, visits, "visits", year=2026, scope_kind="library", low=1000)
    return unit, make_period(plan, 2026, "annual")


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_a_commune_signs_in_and_files_its_2026_report(live_server, page, commune_world):
    unit, period = commune_world
    member = make_user(Role.UNIT, unit=unit, username="xa3595")
    log_in(page, live_server, member.username, "/reporting/")
    card = page.locator(f'[data-period="{period.slug}"]')
    expect(card).to_contain_text("Báo cáo năm 2026")
    card.get_by_role("button", name="Lập báo cáo").click()
    expect(page).to_have_url(re.compile(r"/reporting/submissions/\d+/edit/$"))
    expect(page.locator("main")).to_contain_text("UBND xã Than Uyên")

    page.fill('[name="value-LIB_VISITS|TV-110"]', "2.400")
    page.fill('[name="value-LIB_VISITS|TV-3595"]', "650")
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu bản nháp")
    page.on("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Gửi báo cáo").click()
    expect(page.locator("#submission-status")).to_contain_text("đã gửi")

    submission = Submission.objects.get(reporting_unit=unit, period=period)
    assert submission.status == SubmissionStatus.SUBMITTED
    assert {v.institution.code: v.value for v in submission.values.select_related("institution")} == {
        "TV-110": 2400, "TV-3595": 650,
    }
