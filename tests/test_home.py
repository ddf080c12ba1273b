from pathlib import Path

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_visitors_are_sent_to_login(client):
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response.url.startswith(reverse("login"))


def test_a_unit_member_is_pointed_to_its_reports_and_its_unit(client_for, unit_user, unit):
    page = client_for(unit_user).get(reverse("home")).content.decode()
    assert reverse("reporting:unit_home") in page
    assert reverse("institutions:unit_detail", args=[unit.code]) in page
    assert f'href="{reverse("reports:dashboard")}"' not in page


@pytest.mark.parametrize("who", ["staff_user", "leader_user"])
def test_staff_and_leaders_are_pointed_to_the_dashboard_and_the_board(client_for, request, who):
    page = client_for(request.getfixturevalue(who)).get(reverse("home")).content.decode()
    for name in ("reports:dashboard", "reporting:overview", "reports:index"):
        assert reverse(name) in page
    assert f'href="{reverse("reporting:unit_home")}"' not in page


def test_a_user_without_a_role_is_told_whom_to_ask(client, django_user_model):
    client.force_login(django_user_model.objects.create_user("moi", password="x"))
    page = client.get(reverse("home")).content.decode()
    assert "chưa được phân vai trò" in page
    assert reverse("reports:dashboard") not in page


def test_the_language_button_names_the_other_language_in_that_language(client_for, staff_user):
    page = client_for(staff_user).get(reverse("home")).content.decode()
    assert 'lang="en">English</button>' in page


def test_every_page_names_the_portals_icon_and_the_icon_is_served(client):
    from django.contrib.staticfiles import finders
    from django.templatetags.static import static

    page = client.get(reverse("login")).content.decode()
    assert f'<link rel="icon" href="{static("favicon.svg")}" type="image/svg+xml">' in page
    assert Path(finders.find("favicon.svg")).read_text().startswith("<svg")


def test_the_staff_menu_keeps_the_periods_and_the_log_under_danh_muc_and_leaders_see_neither(
    client_for, staff_user, leader_user
):
    staff = client_for(staff_user).get(reverse("home")).content.decode()
    assert 'id="registry-menu"' in staff
    for name in ("institutions:list", "institutions:unit_list", "reporting:period_list", "audit:log"):
        assert f'class="dropdown-item" href="{reverse(name)}"' in staff
    leader = client_for(leader_user).get(reverse("home")).content.decode()
    assert f'href="{reverse("audit:log")}"' not in leader
    assert f'href="{reverse("reporting:period_list")}"' not in leader
