"""Reporting units: the list and one unit's page (members, institutions, plan tasks)."""
import datetime

import pytest
from django.urls import reverse

from institutions.models import InstitutionKind
from targets.models import Plan, ResponsibilityRole, Task, TaskResponsibility

from .factories import InstitutionFactory, ReportingUnitFactory, make_user

pytestmark = pytest.mark.django_db
LIST = reverse("institutions:unit_list")


def detail(unit):
    return reverse("institutions:unit_detail", args=[unit.code])


def test_an_anonymous_visitor_is_sent_to_login(client, unit):
    for path in (LIST, detail(unit)):
        response = client.get(path)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_staff_and_leaders_see_every_unit_with_counts(client_for, staff_user, leader_user, unit, other_unit, own_institution):
    InstitutionFactory(reporting_unit=unit, is_active=False)
    for user in (staff_user, leader_user):
        response = client_for(user).get(LIST)
        assert response.status_code == 200
        units = {u.code: u for u in response.context["units"]}
        assert set(units) == {unit.code, other_unit.code}
        assert (units[unit.code].institution_count, units[unit.code].active_institution_count) == (2, 1)


def test_a_unit_member_sees_only_its_own_unit(client_for, unit_user, unit, other_unit):
    client = client_for(unit_user)
    assert [u.code for u in client.get(LIST).context["units"]] == [unit.code]
    assert client.get(detail(unit)).status_code == 200
    assert client.get(detail(other_unit)).status_code == 404


def test_the_unit_page_lists_members_and_institutions_by_kind(client_for, staff_user, unit, unit_user, own_institution):
    unit_user.first_name, unit_user.last_name, unit_user.email = "Lò Văn", "Pền", "pen@laichau.gov.vn"
    unit_user.save()
    InstitutionFactory(reporting_unit=unit, kind=InstitutionKind.CLUB, name="Câu lạc bộ dân ca Thái")
    response = client_for(staff_user).get(detail(unit))
    html = response.content.decode()
    assert "Lò Văn Pền" in html and "donvi" in html and "pen@laichau.gov.vn" in html
    assert own_institution.name in html and "Câu lạc bộ dân ca Thái" in html
    by_kind = {row["value"]: row["count"] for row in response.context["counts"]["by_kind"]}
    assert by_kind == {"library": 1, "club": 1}


def test_the_unit_page_shows_the_plan_tasks_it_answers_for(client_for, leader_user, unit):
    plan = Plan.objects.create(
        code="kh-1133", number="1133/KH-UBND", issued_on=datetime.date(2015, 12, 16), issuer="UBND tỉnh Lai Châu",
        title="Đẩy mạnh học tập suốt đời", start_year=2016, end_year=2020,
    )
    task = Task.objects.create(plan=plan, code="II.1", section="II", section_title="Nhiệm vụ",
                               text="Luân chuyển sách xuống bưu điện văn hóa xã")
    TaskResponsibility.objects.create(task=task, reporting_unit=unit, role=ResponsibilityRole.LEAD)
    html = client_for(leader_user).get(detail(unit)).content.decode()
    assert "Luân chuyển sách xuống bưu điện văn hóa xã" in html and "chủ trì" in html and "1133/KH-UBND" in html


def test_the_unit_pages_run_a_fixed_number_of_queries(client_for, staff_user, django_assert_num_queries):
    client = client_for(staff_user)
    unit = ReportingUnitFactory()

    def assert_queries(list_queries, detail_queries):
        with django_assert_num_queries(list_queries):
            assert client.get(LIST).status_code == 200
        with django_assert_num_queries(detail_queries):
            assert client.get(detail(unit)).status_code == 200

    InstitutionFactory.create_batch(2, reporting_unit=unit)
    make_user("unit", unit=unit)
    assert_queries(4, 9)  # the detail: + the unit's versions
    ReportingUnitFactory.create_batch(5)
    InstitutionFactory.create_batch(20, reporting_unit=unit)
    for _ in range(3):
        make_user("unit", unit=unit)
    assert_queries(4, 9)  # the detail: + the unit's versions
