"""A NUL byte in a URL answers 404, in a form value a Vietnamese form error: never a 500.

PostgreSQL refuses a NUL in any text it is sent (psycopg2 raises ValueError before the query
runs), so every view that looked a code up from the URL answered 500 with a traceback, for every
role. Run on SQLite and on PostgreSQL (DATABASE_URL=postgres://…): the same answers on both.
"""
import pytest
from django.db import connection
from django.urls import reverse

from institutions.models import Institution

from .test_institution_edit import CREATE, form_data  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db

NUL_MESSAGE = "Nội dung có ký tự không hợp lệ (ký tự NUL, mã 0). Vui lòng nhập lại."


def nul_urls():
    """URLs that look a code up, with a NUL where the code goes (and one in the query string)."""
    paths = [
        reverse("institutions:detail", kwargs={"code": "CODE"}),
        reverse("institutions:unit_detail", kwargs={"code": "CODE"}),
        reverse("targets:indicator_detail", kwargs={"code": "CODE"}),
        reverse("reports:period", kwargs={"code": "CODE"}),
        reverse("reporting:overview_period", kwargs={"code": "CODE"}),
    ]
    return [path.replace("CODE", code) for path in paths for code in ("%00", "tv%00105")] + [
        reverse("institutions:list") + "?q=%00",
        reverse("institutions:list") + "?district%00=1",
    ]


@pytest.mark.parametrize("role", ["staff_user", "leader_user", "unit_user"])
def test_a_nul_in_the_url_answers_404_for_every_role(client, role, request):
    client.force_login(request.getfixturevalue(role))
    client.raise_request_exception = False
    answers = {url: client.get(url).status_code for url in nul_urls()}
    assert set(answers.values()) == {404}, answers


def test_a_nul_in_the_url_of_an_action_answers_404(client, staff_user):
    client.force_login(staff_user)
    client.raise_request_exception = False
    response = client.post(reverse("reporting:period_close", kwargs={"code": "CODE"}).replace("CODE", "%00"))
    assert response.status_code == 404
    response = client.get(reverse("reporting:excel_template", kwargs={"code": "2018-H1"}) + "?unit=%00")
    assert response.status_code == 404


def test_the_404_page_is_the_portals_own(client, staff_user):
    client.force_login(staff_user)
    response = client.get("/institutions/%00/")
    assert response.status_code == 404
    assert "canbo" in response.content.decode()  # the signed-in user's menu: the portal's layout


def test_a_nul_in_a_form_value_is_a_vietnamese_form_error_and_keeps_what_was_typed(client, staff_user, form_data):  # noqa: F811
    client.force_login(staff_user)
    response = client.post(CREATE, {**form_data, "name": "Thư viện\x00 huyện Mường Tè"})
    assert response.status_code == 200
    page = response.content.decode()
    assert NUL_MESSAGE in page
    assert "Thị trấn Mường Tè" in page  # the other fields are kept
    assert not Institution.objects.filter(code__iexact="tv-107").exists()


def test_a_nul_in_the_sign_in_name_is_a_vietnamese_form_error(client, unit_user):
    response = client.post(reverse("login"), {"username": "don\x00vi", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert NUL_MESSAGE in response.content.decode()


@pytest.mark.postgres
@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own refusal")
def test_postgresql_itself_refuses_a_nul_which_is_why_the_urls_above_stop_before_the_database():
    with pytest.raises(ValueError, match="NUL"):
        Institution.objects.filter(code="\x00").exists()
