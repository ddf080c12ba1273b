"""The plan page and the indicator page: every role reads them, in a fixed number of queries."""
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse

from targets.services import plan_load

from .test_load_plan import EXAMPLE_2030
from .test_plan_file import minimal_plan

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan_loaded(db):
    call_command("load_plan", stdout=StringIO())


def page(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("who", ["staff_user", "leader_user", "unit_user"])
def test_every_role_sees_the_plan_at_a_glance(request, client_for, who):
    user = request.getfixturevalue(who)
    call_command("load_plan", stdout=StringIO())
    html = page(client_for(user), reverse("targets:plan_current"))
    assert "1133/KH-UBND" in html and "16/12/2015" in html and "UBND tỉnh Lai Châu" in html
    assert "2016–2020" in html
    assert "20/06" in html and "30/11" in html
    assert "8.000–9.000" in html and "10.000–12.000" in html and "15.000–17.000" in html
    assert "≥ 100 %" in html
    assert "II.1.2" in html and "Đối với hệ thống thư viện" in html and "Giải pháp thực hiện" in html
    assert "Tổng số lượt của tất cả thư viện cấp huyện" in html  # a reading note
    assert "2 năm một lần" in html


def test_the_lead_unit_is_bold_and_links_to_its_page_for_staff(client_for, staff_user, plan_loaded):
    html = page(client_for(staff_user), reverse("targets:plan_detail", args=["laichau-1133-2015"]))
    assert '<strong><a href="/institutions/units/SVHTTDL/" title="Sở Văn hóa, Thể thao và Du lịch">Sở VHTTDL</a></strong>' in html
    assert 'href="/institutions/units/112/"' in html


def test_a_unit_member_gets_links_only_to_its_own_unit(client_for, unit_user, plan_loaded):
    html = page(client_for(unit_user), reverse("targets:plan_current"))
    assert 'href="/institutions/units/105/"' in html
    assert 'href="/institutions/units/106/"' not in html
    assert '<span title="UBND huyện Tam Đường">Tam Đường</span>' in html


def test_anonymous_visitors_are_sent_to_the_login_page(client, plan_loaded):
    for url in (reverse("targets:plan_current"), reverse("targets:indicator_detail", args=["LIB_VISITS"])):
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_user_without_a_profile_is_refused(client, django_user_model, plan_loaded):
    client.force_login(django_user_model.objects.create_user("khonghoso", password="x"))
    assert client.get(reverse("targets:plan_current")).status_code == 403
    assert client.get(reverse("targets:indicator_detail", args=["LIB_VISITS"])).status_code == 403


def test_unknown_plans_and_indicators_are_not_found(client_for, staff_user, plan_loaded):
    client = client_for(staff_user)
    assert client.get(reverse("targets:plan_detail", args=["khong-co"])).status_code == 404
    assert client.get(reverse("targets:indicator_detail", args=["NOPE"])).status_code == 404


def test_without_a_plan_the_page_says_how_to_load_one(client_for, staff_user):
    assert "load_plan" in page(client_for(staff_user), reverse("targets:plan_current"))


def test_the_newest_plan_is_the_current_one_and_links_to_the_others(client_for, staff_user, plan_loaded):
    call_command("load_plan", str(EXAMPLE_2030), stdout=StringIO())
    html = page(client_for(staff_user), reverse("targets:plan_current"))
    assert "1520/QĐ-TTg" in html and "70 %" in html
    assert reverse("targets:plan_detail", args=["laichau-1133-2015"]) in html


def test_the_indicator_page_lists_its_targets_year_by_year(client_for, leader_user, plan_loaded):
    html = page(client_for(leader_user), reverse("targets:indicator_detail", args=["LIB_VISITS"]))
    assert "Tổng số bạn đọc đến thư viện công cộng" in html
    assert "Mỗi thư viện cấp tỉnh" in html and "Tổng các thư viện cấp huyện" in html
    assert "17.000–18.000" in html
    assert "II.1.2" in html


def test_an_indicator_without_targets_says_so(client_for, staff_user, plan_loaded):
    html = page(client_for(staff_user), reverse("targets:indicator_detail", args=["CLUBS"]))
    assert "không đặt mức" in html and "II.3.4" in html


def test_the_plan_page_in_english_formats_numbers_the_english_way(client_for, staff_user, plan_loaded):
    client = client_for(staff_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    html = client.get(reverse("targets:plan_current")).content.decode()
    assert "Reader visits to public libraries" in html
    assert "8,000–9,000" in html


@pytest.mark.parametrize("name, small, big, queries", [
    ("targets:plan_detail", "thu-nghiem", "laichau-1133-2015", 10),  # + the plan's versions
    ("targets:indicator_detail", "LIB_VISITS", "LIB_VISITS", 8),  # + the indicator's and its targets' versions
])
def test_the_plan_and_indicator_pages_need_the_same_queries_however_big_the_plan(
    client_for, staff_user, django_assert_num_queries, name, small, big, queries
):
    client = client_for(staff_user)
    plan_load(data=minimal_plan(), source_file="")
    with django_assert_num_queries(queries):
        page(client, reverse(name, args=[small]))
    call_command("load_plan", stdout=StringIO())  # plan 1133: many more indicators and targets
    with django_assert_num_queries(queries):
        page(client, reverse(name, args=[big]))
