"""The institution list: who sees what, search, Vietnamese order, filters, paging, queries."""
import re

import pytest
from django.urls import reverse

from institutions.models import AdminLevel, DivisionType, InstitutionKind, InstitutionLevel
from laichau_plan.text import vi_sort_key

from .factories import PASSWORD, AdminUnitFactory, InstitutionFactory, ReportingUnitFactory

pytestmark = pytest.mark.django_db
URL = reverse("institutions:list")


def names_on(response):
    html = response.content.decode()
    return re.findall(r'<td class="institution-name"><a href="[^"]+">([^<]+)</a>', html)


def test_an_anonymous_visitor_is_sent_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_staff_and_leaders_see_every_institution(client_for, staff_user, leader_user, own_institution, other_institution):
    for user in (staff_user, leader_user):
        response = client_for(user).get(URL)
        assert response.status_code == 200
        assert set(names_on(response)) == {own_institution.name, other_institution.name}


def test_a_unit_member_sees_only_its_own_units_institutions(client_for, unit_user, own_institution, other_institution):
    response = client_for(unit_user).get(URL)
    assert response.status_code == 200
    assert names_on(response) == [own_institution.name]


def test_only_staff_see_the_create_and_import_buttons(client_for, staff_user, leader_user, own_institution):
    assert reverse("institutions:create") in client_for(staff_user).get(URL).content.decode()
    html = client_for(leader_user).get(URL).content.decode()
    assert reverse("institutions:create") not in html
    assert reverse("institutions:import") not in html


def test_search_ignores_accents_and_case(client_for, staff_user):
    InstitutionFactory(name="Thư viện huyện Mường Tè", code="TV-107")
    InstitutionFactory(name="Thư viện huyện Sìn Hồ", code="TV-108")
    client = client_for(staff_user)
    assert names_on(client.get(URL, {"q": "thu vien muong te"})) == ["Thư viện huyện Mường Tè"]
    assert names_on(client.get(URL, {"q": "MƯỜNG TÈ"})) == ["Thư viện huyện Mường Tè"]
    assert names_on(client.get(URL, {"q": "sin ho"})) == ["Thư viện huyện Sìn Hồ"]


def test_search_finds_an_institution_by_its_code(client_for, staff_user):
    InstitutionFactory(name="Bảo tàng tỉnh Lai Châu", code="BT-12")
    assert names_on(client_for(staff_user).get(URL, {"q": "bt-12"})) == ["Bảo tàng tỉnh Lai Châu"]


def test_search_with_words_in_another_order_still_finds_the_name(client_for, staff_user):
    InstitutionFactory(name="Nhà văn hóa bản Nà Tăm", code="NVH-1")
    assert names_on(client_for(staff_user).get(URL, {"q": "na tam nha van hoa"})) == ["Nhà văn hóa bản Nà Tăm"]


def test_the_list_is_in_vietnamese_alphabetical_order(client_for, staff_user):
    names = ["Đội văn nghệ Dào San", "Câu lạc bộ Ăn Chơi", "Câu lạc bộ An Phú", "Câu lạc bộ Ân Thi",
             "Dân ca Mường", "Ơ Lâm", "Ô Mai", "Ông Ké", "Ưu Đàm", "Uyên Ương", "Bảo tàng tỉnh", "Bản Bo"]
    for index, name in enumerate(names):
        InstitutionFactory(name=name, code=f"X-{index}")
    shown = names_on(client_for(staff_user).get(URL))
    assert shown == sorted(names, key=vi_sort_key)
    assert shown.index("Câu lạc bộ An Phú") < shown.index("Câu lạc bộ Ăn Chơi") < shown.index("Câu lạc bộ Ân Thi")
    assert shown.index("Dân ca Mường") < shown.index("Đội văn nghệ Dào San")
    assert shown.index("Ô Mai") < shown.index("Ơ Lâm") and shown.index("Ông Ké") < shown.index("Ơ Lâm")
    assert shown.index("Uyên Ương") < shown.index("Ưu Đàm")


def test_vietnamese_order_holds_across_pages(client_for, staff_user):
    names = [f"{first} {n:02d}" for first in ("Đá", "Da", "Dă", "Ca") for n in range(20)]
    for index, name in enumerate(names):
        InstitutionFactory(name=name, code=f"P-{index}")
    client = client_for(staff_user)
    shown = names_on(client.get(URL)) + names_on(client.get(URL, {"page": 2}))
    assert len(shown) == 80
    assert shown == sorted(names, key=vi_sort_key)


def test_the_filters_narrow_the_list(client_for, staff_user):
    district = AdminUnitFactory(name="Huyện Mường Tè", level=AdminLevel.DISTRICT)
    commune = AdminUnitFactory(
        name="Xã Ka Lăng", level=AdminLevel.COMMUNE, division_type=DivisionType.COMMUNE, parent=district
    )
    elsewhere = AdminUnitFactory(name="Huyện Sìn Hồ")
    in_district = InstitutionFactory(name="Thư viện Mường Tè", admin_unit=district)
    in_commune = InstitutionFactory(
        name="Nhà văn hóa Ka Lăng", admin_unit=commune, kind=InstitutionKind.CULTURAL_HOUSE,
        level=InstitutionLevel.COMMUNE, is_active=False,
    )
    InstitutionFactory(name="Thư viện Sìn Hồ", admin_unit=elsewhere)
    client = client_for(staff_user)
    assert set(names_on(client.get(URL, {"district": district.pk}))) == {in_district.name, in_commune.name}
    assert names_on(client.get(URL, {"kind": "cultural_house"})) == [in_commune.name]
    assert names_on(client.get(URL, {"level": "commune"})) == [in_commune.name]
    assert names_on(client.get(URL, {"active": "0"})) == [in_commune.name]
    assert in_commune.name not in names_on(client.get(URL, {"active": "1"}))
    unit_code = in_district.reporting_unit.code
    assert names_on(client.get(URL, {"reporting_unit": unit_code})) == [in_district.name]


def test_a_bad_filter_value_is_ignored_not_an_error(client_for, staff_user, own_institution):
    response = client_for(staff_user).get(URL, {"kind": "spaceship", "district": "x", "page": "zz"})
    assert response.status_code == 200
    assert names_on(response) == [own_institution.name]


def test_the_page_shows_counts_of_the_filtered_list(client_for, staff_user):
    InstitutionFactory.create_batch(3, kind=InstitutionKind.LIBRARY)
    InstitutionFactory.create_batch(2, kind=InstitutionKind.MUSEUM, is_active=False)
    response = client_for(staff_user).get(URL)
    counts = response.context["counts"]
    assert (counts["total"], counts["active"], counts["inactive"]) == (5, 3, 2)
    assert {row["value"]: row["count"] for row in counts["by_kind"]} == {"library": 3, "museum": 2}
    assert "Tìm thấy <strong>5</strong> thiết chế" in response.content.decode()


def test_fifty_a_page_and_page_links_keep_the_filters(client_for, staff_user):
    InstitutionFactory.create_batch(51, kind=InstitutionKind.CLUB)
    response = client_for(staff_user).get(URL, {"kind": "club", "q": "thu"})
    assert len(response.context["page_obj"].object_list) == 50
    assert "?kind=club&amp;q=thu&amp;page=2" in response.content.decode()
    second = client_for(staff_user).get(URL, {"kind": "club", "q": "thu", "page": 2})
    assert len(second.context["page_obj"].object_list) == 1


def test_phones_get_cards_and_wider_screens_a_table(client_for, staff_user, own_institution):
    html = client_for(staff_user).get(URL).content.decode()
    assert '<div class="d-md-none" id="institution-cards">' in html
    assert 'class="fw-semibold institution-card-name"' in html
    assert '<div class="d-none d-md-block table-responsive">' in html
    assert "<style" not in html and ' style="' not in html  # the CSP allows no inline CSS


def test_the_list_needs_the_same_nine_queries_with_five_and_with_fifty_institutions(
    client_for, staff_user, django_assert_num_queries
):
    def add(count):
        for _ in range(count):
            district = AdminUnitFactory()
            commune = AdminUnitFactory(level=AdminLevel.COMMUNE, division_type=DivisionType.COMMUNE, parent=district)
            InstitutionFactory(admin_unit=commune, reporting_unit=ReportingUnitFactory(admin_unit=district))

    client = client_for(staff_user)
    add(5)
    with django_assert_num_queries(9):  # one of them: the structures for the filter
        assert client.get(URL).status_code == 200
    add(45)
    with django_assert_num_queries(9):
        assert client.get(URL).status_code == 200


def test_a_signed_in_user_without_a_portal_role_is_refused(client, django_user_model, own_institution):
    user = django_user_model.objects.create_user("khongvaitro", password=PASSWORD)
    client.force_login(user)
    assert client.get(URL).status_code == 403
    assert client.get(reverse("institutions:detail", args=[own_institution.code])).status_code == 403
    assert client.get(reverse("institutions:export")).status_code == 403
