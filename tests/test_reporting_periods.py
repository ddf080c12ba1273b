"""Periods: made from the plan, ad hoc ones by staff; closing blocks edits, reopening needs a reason."""
import pytest
from django.urls import reverse

from reporting.models import Period, PeriodEvent, PeriodKind, PeriodStatus

from .factories import IndicatorFactory

pytestmark = pytest.mark.django_db
LIST = "/reporting/periods/"


def close(client, code, reason=""):
    return client.post(reverse("reporting:period_close", args=[code]), {"reason": reason})


def reopen(client, code, reason):
    return client.post(reverse("reporting:period_reopen", args=[code]), {"reason": reason}, follow=True)


def test_the_plan_makes_a_six_month_and_an_annual_period_for_each_year(period):
    codes = set(Period.objects.values_list("code", flat=True))
    assert codes == {f"{year}-{kind}" for year in range(2016, 2021) for kind in ("H1", "FY")}
    annual = Period.objects.get(code="2017-FY")
    assert (annual.due_date.day, annual.due_date.month) == (30, 11)


def test_staff_see_every_period_with_its_dates_and_buttons(client_for, staff_user, period):
    page = client_for(staff_user).get(LIST).content.decode()
    assert "2016-H1" in page and "2020-FY" in page and "20/06/2017" in page
    assert reverse("reporting:period_close", args=["2017-H1"]) in page
    assert reverse("reporting:period_create") in page


def test_leaders_read_the_list_without_buttons(client_for, leader_user, period):
    page = client_for(leader_user).get(LIST).content.decode()
    assert "2017-H1" in page and reverse("reporting:period_close", args=["2017-H1"]) not in page


def test_closing_and_reopening_with_a_reason_is_recorded_and_shown(client_for, staff_user, period):
    client = client_for(staff_user)
    close(client, "2017-H1", "Đã tổng hợp xong.")
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED
    page = reopen(client, "2017-H1", "Huyện Mường Tè xin bổ sung số liệu.").content.decode()
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN
    events = list(period.events.order_by("pk").values_list("action", "reason", "user__username"))
    assert events == [("close", "Đã tổng hợp xong.", "canbo"), ("reopen", "Huyện Mường Tè xin bổ sung số liệu.", "canbo")]
    assert "Huyện Mường Tè xin bổ sung số liệu." in page.split('id="period-2017-H1"')[1]


def test_reopening_without_a_reason_is_refused(client_for, staff_user, period):
    client = client_for(staff_user)
    close(client, "2017-H1")
    page = reopen(client, "2017-H1", "   ").content.decode()
    assert "Cần ghi lý do" in page
    period.refresh_from_db()
    assert period.status == PeriodStatus.CLOSED
    assert not period.events.filter(action=PeriodEvent.Action.REOPEN).exists()


def test_closing_a_closed_period_says_so(client_for, staff_user, period):
    client = client_for(staff_user)
    close(client, "2017-H1")
    response = client.post(reverse("reporting:period_close", args=["2017-H1"]), follow=True)
    assert "đã khóa" in response.content.decode()
    assert period.events.count() == 1


def test_staff_create_an_ad_hoc_period_with_its_own_dates_and_indicators(client_for, staff_user, period, visits):
    IndicatorFactory(code="MUS_VISITS")
    client = client_for(staff_user)
    assert client.get(reverse("reporting:period_create")).status_code == 200
    response = client.post(reverse("reporting:period_create"), {
        "plan": period.plan.pk, "title": "Báo cáo nhanh phục vụ Ngày Sách Việt Nam",
        "cutoff_start": "2017-01-01", "cutoff_end": "2017-04-15", "due_date": "2017-04-25",
        "indicators": [visits.pk],
    })
    assert response.status_code == 302
    ad_hoc = Period.objects.get(kind=PeriodKind.AD_HOC)
    assert ad_hoc.code == "2017-AH01" and ad_hoc.title == "Báo cáo nhanh phục vụ Ngày Sách Việt Nam"
    assert list(ad_hoc.indicators.values_list("code", flat=True)) == ["LIB_VISITS"]
    assert str(ad_hoc.due_date) == "2017-04-25"


def test_an_ad_hoc_period_needs_indicators_and_dates_in_order(client_for, staff_user, period):
    response = client_for(staff_user).post(reverse("reporting:period_create"), {
        "plan": period.plan.pk, "title": "Thử", "cutoff_start": "2017-05-01", "cutoff_end": "2017-04-15",
        "due_date": "2017-04-01",
    })
    page = response.content.decode()
    assert response.status_code == 200
    assert "ít nhất một chỉ tiêu" in page and "phải sau ngày bắt đầu" in page and "không được trước" in page
    assert not Period.objects.filter(kind=PeriodKind.AD_HOC).exists()


@pytest.mark.parametrize("who", ["leader_user", "unit_user"])
def test_leaders_and_units_may_not_manage_periods(request, client_for, who, period, visits):
    client = client_for(request.getfixturevalue(who))
    assert close(client, "2017-H1").status_code == 403
    assert client.post(reverse("reporting:period_reopen", args=["2017-H1"]), {"reason": "x"}).status_code == 403
    assert client.get(reverse("reporting:period_create")).status_code == 403
    assert client.post(reverse("reporting:period_create"), {"title": "x"}).status_code == 403
    period.refresh_from_db()
    assert period.status == PeriodStatus.OPEN and not Period.objects.filter(kind=PeriodKind.AD_HOC).exists()


def test_unit_members_do_not_see_the_period_list(client_for, unit_user, period):
    assert client_for(unit_user).get(LIST).status_code == 403


def test_closing_is_post_only(client_for, staff_user, period):
    assert client_for(staff_user).get(reverse("reporting:period_close", args=["2017-H1"])).status_code == 405
