"""One institution's page: its facts, and who may open it."""
import pytest
from django.urls import reverse

from institutions.models import AdminLevel, DivisionType

from .factories import AdminUnitFactory, InstitutionFactory

pytestmark = pytest.mark.django_db


def url(institution):
    return reverse("institutions:detail", args=[institution.code])


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, own_institution):
    response = client.get(url(own_institution))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_staff_and_leaders_open_any_institution(client_for, staff_user, leader_user, own_institution, other_institution):
    for user in (staff_user, leader_user):
        for institution in (own_institution, other_institution):
            assert client_for(user).get(url(institution)).status_code == 200


def test_a_unit_member_opens_its_own_institution_but_not_anothers(client_for, unit_user, own_institution, other_institution):
    client = client_for(unit_user)
    assert client.get(url(own_institution)).status_code == 200
    assert client.get(url(other_institution)).status_code == 404


def test_an_unknown_code_is_not_found(client_for, staff_user):
    assert client_for(staff_user).get(reverse("institutions:detail", args=["KHONG-CO"])).status_code == 404


def test_the_page_shows_the_facts_district_and_reporting_unit(client_for, staff_user):
    district = AdminUnitFactory(name="Huyện Phong Thổ", code="108")
    commune = AdminUnitFactory(
        name="Xã Dào San", code="3451", level=AdminLevel.COMMUNE, division_type=DivisionType.COMMUNE, parent=district
    )
    institution = InstitutionFactory(
        code="NVH-3451", name="Nhà văn hóa xã Dào San", kind="cultural_house", level="commune",
        admin_unit=commune, has_internet=True, address="Bản Dào San", established_year=2012,
    )
    html = client_for(staff_user).get(url(institution)).content.decode()
    for text in ("Nhà văn hóa xã Dào San", "Nhà văn hóa", "cấp xã", "Xã Dào San", "Huyện Phong Thổ",
                 "Bản Dào San", institution.reporting_unit.name, "Đang hoạt động"):
        assert text in html
    assert ">2012<" in html  # a year, not "2.012"
    assert reverse("institutions:unit_detail", args=[institution.reporting_unit.code]) in html


def test_only_staff_see_the_edit_and_deactivate_buttons(client_for, staff_user, leader_user, unit_user, own_institution):
    edit = reverse("institutions:edit", args=[own_institution.code])
    deactivate = reverse("institutions:deactivate", args=[own_institution.code])
    staff_html = client_for(staff_user).get(url(own_institution)).content.decode()
    assert edit in staff_html and deactivate in staff_html
    for user in (leader_user, unit_user):
        html = client_for(user).get(url(own_institution)).content.decode()
        assert edit not in html and deactivate not in html
