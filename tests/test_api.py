"""The read-only API for other systems (/api/v1/): tokens, what a token sees, the rate limit,
the api_token command and the staff's token page."""
import hashlib
import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import Client
from django.urls import reverse

from api import services
from api.models import ApiClient
from api.openapi import ENDPOINTS, spec
from institutions.models import Role
from reports.serialize import loads
from reports.services import report_create_draft, report_issue, report_update

from .factories import REPORT_WORDS, ReportingUnitFactory, make_period, make_submission, make_user
from .report_world import build_report_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = build_report_world()
    staff = make_user(Role.STAFF, username="canbo")
    issued = report_create_draft(period=world.fy2016, user=staff)
    report_update(report=issued, fields=REPORT_WORDS, user=staff)
    world.issued = report_issue(report=issued, user=staff)
    world.draft = report_create_draft(period=world.fy2017, user=staff)
    world.staff = staff
    return world


@pytest.fixture
def token(world):
    return services.client_create(name="Hệ thống của Bộ")[1]


def get(url, token=None, **extra):
    headers = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(url, **headers, **extra)


def data_urls(world):
    return [
        reverse("api:plans"),
        reverse("api:plan_indicators", kwargs={"code": world.plan.code}),
        reverse("api:plan_targets", kwargs={"code": world.plan.code}),
        reverse("api:periods"),
        reverse("api:reports"),
        reverse("api:report_detail", kwargs={"pk": world.issued.pk}),
    ]


def decoded(response):
    assert response["Content-Type"].startswith("application/json")
    return json.loads(response.content, parse_float=Decimal)


def test_without_a_valid_token_every_data_url_answers_401_in_json(world, token):
    services.client_revoke(client=ApiClient.objects.create(name="Cũ", token_hash=services.token_hash("cu-da-thu-hoi")))
    staff = Client()
    staff.force_login(world.staff)
    for url in data_urls(world):
        for response in (
            get(url), get(url, "sai-ma"), get(url, "cu-da-thu-hoi"),
            Client().get(url, HTTP_AUTHORIZATION=f"Token {token}"),  # not the Bearer scheme
            staff.get(url),  # a portal session is no token
        ):
            assert response.status_code == 401, url
            assert decoded(response)["error"]["code"] == "unauthorized"
            assert response["WWW-Authenticate"].startswith("Bearer")
        assert get(url, token).status_code == 200, url


def test_a_revoked_token_stops_working_at_once(world, token):
    url = reverse("api:plans")
    assert get(url, token).status_code == 200
    services.client_revoke(client=ApiClient.objects.get(name="Hệ thống của Bộ"))
    assert get(url, token).status_code == 401


def test_a_token_notes_its_last_use_and_posts_are_refused(world, token):
    assert ApiClient.objects.get().last_used_at is None
    url = reverse("api:plans")
    get(url, token)
    assert ApiClient.objects.get().last_used_at is not None
    # No CSRF token and a client that enforces CSRF: the method is what is refused, not the token.
    response = Client(enforce_csrf_checks=True).post(url, HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 405
    assert decoded(response)["error"]["code"] == "method_not_allowed"
    answer = get(url, token)
    assert not answer.cookies  # no session, no CSRF cookie
    assert answer["Cache-Control"] == "no-store"


def test_the_figures_are_the_issued_reports_stored_json_exactly(world, token):
    response = get(reverse("api:report_detail", kwargs={"pk": world.issued.pk}), token)
    body = decoded(response)
    assert body["figures"] == loads(world.issued.data)
    # The very text frozen at issue, digit for digit, as a member of the answer.
    assert world.issued.data.replace("\n", "\n  ") in response.content.decode()
    assert body["number_display"] == world.issued.number_display
    assert body["pdf_sha256"] == world.issued.pdf_sha256
    visits = next(item for item in body["figures"]["indicators"] if item["code"] == "VISITS")
    assert isinstance(visits["targets"][0]["actual"], (int, Decimal))  # a JSON number, never a string


def test_a_changed_figure_after_issue_does_not_change_the_issued_answer(world, token):
    from reporting.models import SubmissionValue

    url = reverse("api:report_detail", kwargs={"pk": world.issued.pk})
    before = get(url, token).content
    SubmissionValue.objects.filter(submission__period=world.fy2016).update(value=1)
    assert get(url, token).content == before


def test_no_draft_report_is_listed_or_served(world, token):
    listed = decoded(get(reverse("api:reports"), token))["reports"]
    assert [report["id"] for report in listed] == [world.issued.pk]
    assert get(reverse("api:report_detail", kwargs={"pk": world.draft.pk}), token).status_code == 404
    assert decoded(get(reverse("api:reports") + "?period=" + world.fy2017.code, token)) == {"reports": []}


def test_periods_say_where_each_unit_stands_and_never_a_drafts_figures(world, token):
    response = get(reverse("api:periods"), token)
    periods = {period["code"]: period for period in decoded(response)["periods"]}
    h1 = periods[world.h2017.code]
    units = {unit["code"]: unit for unit in h1["units"]}
    assert units["105"]["status"] == "approved"
    assert units["106"] == {"code": "106", "name": "UBND huyện Tam Đường", "status": "not_submitted",
                            "first_submitted_at": None, "submitted_at": None, "late": units["106"]["late"]}
    assert h1["status_counts"]["approved"] == 1
    assert h1["status_counts"]["not_submitted"] == h1["expected_units"] - 1
    assert "draft" not in h1["status_counts"]
    fy2017 = {unit["code"]: unit["status"] for unit in periods[world.fy2017.code]["units"]}
    assert fy2017["TVT"] == "submitted"
    assert b"3000" not in response.content  # 106's draft figure for 2017-H1
    assert b'"value"' not in response.content


def test_plans_indicators_and_targets(world, token):
    plans = decoded(get(reverse("api:plans"), token))["plans"]
    assert [plan["code"] for plan in plans] == [world.plan.code]
    indicators = decoded(get(plans[0]["indicators_url"], token))["indicators"]
    assert {"VISITS", "BOOKS", "FESTIVALS"} <= {item["code"] for item in indicators}
    targets = decoded(get(plans[0]["targets_url"], token))["targets"]
    festivals = next(target for target in targets if target["key"] == "festivals")
    assert festivals["target_min"] == 1 and festivals["cadence_years"] == 2
    only_2017 = decoded(get(plans[0]["targets_url"] + "?year=2017", token))
    assert only_2017["year"] == 2017 and {target["year"] for target in only_2017["targets"]} == {2017}
    bad = get(plans[0]["targets_url"] + "?year=hai", token)
    assert bad.status_code == 400 and "năm" in decoded(bad)["error"]["message"]
    assert get(reverse("api:plan_targets", kwargs={"code": "khong-co"}), token).status_code == 404


def test_the_rate_limit_answers_429_with_retry_after(world, token, settings):
    settings.API_RATE_LIMIT = 3
    other = services.client_create(name="Hệ thống khác")[1]
    url = reverse("api:plans")
    assert [get(url, token).status_code for _ in range(3)] == [200, 200, 200]
    refused = get(url, token)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    assert decoded(refused)["error"]["code"] == "rate_limited"
    assert get(url, other).status_code == 200  # per token


def test_the_rate_limit_window_ends_with_the_minute(world):
    client = ApiClient.objects.create(name="Đo", token_hash="0" * 64)
    limit = services.rate_limit()
    for _ in range(limit):
        assert services.over_rate_limit(client, now=120.0) is None
    assert services.over_rate_limit(client, now=150.5) == 30  # 29.5 s to the next minute, rounded up
    assert services.over_rate_limit(client, now=180.0) is None  # a new minute


def test_list_endpoints_answer_in_a_fixed_number_of_queries(world, token, django_assert_num_queries):
    # 2 for the token (find it, note its use), then the answer's own; more periods, units and
    # reports cost no more.
    expected = {"api:plans": 3, "api:periods": 6, "api:reports": 3}
    for more in (False, True):
        if more:
            period = make_period(world.plan, 2018, "annual")
            make_submission(period, ReportingUnitFactory(code="107"), {}, status="submitted")
            report_create_draft(period=period, user=world.staff)
        for name, count in expected.items():
            with django_assert_num_queries(count):
                assert get(reverse(name), token).status_code == 200
    for name, count in {"api:plan_indicators": 4, "api:plan_targets": 4}.items():
        with django_assert_num_queries(count):
            assert get(reverse(name, kwargs={"code": world.plan.code}), token).status_code == 200


def test_api_token_command_prints_the_token_once_and_stores_only_its_hash(world):
    out, err = StringIO(), StringIO()
    call_command("api_token", "--create", "Hệ thống của Bộ", stdout=out, stderr=err)
    token = out.getvalue().strip()
    assert len(token) >= 40 and "\n" not in token
    client = ApiClient.objects.get()
    assert client.token_hash == hashlib.sha256(token.encode()).hexdigest()
    stored = json.dumps(list(ApiClient.objects.values()), default=str)
    assert token not in stored
    assert get(reverse("api:plans"), token).status_code == 200

    listing = StringIO()
    call_command("api_token", "--list", stdout=listing)
    assert "Hệ thống của Bộ" in listing.getvalue() and "đang dùng" in listing.getvalue()
    assert token not in listing.getvalue()

    with pytest.raises(CommandError, match="đã có mã truy cập"):
        call_command("api_token", "--create", "Hệ thống của Bộ", stdout=StringIO(), stderr=StringIO())
    call_command("api_token", "--revoke", "Hệ thống của Bộ", stdout=StringIO())
    assert get(reverse("api:plans"), token).status_code == 401
    with pytest.raises(CommandError, match="Không có hệ thống"):
        call_command("api_token", "--revoke", "Hệ thống của Bộ", stdout=StringIO())


def test_staff_create_a_token_see_it_once_and_revoke_it(world):
    staff = Client()
    staff.force_login(world.staff)
    page = staff.post(reverse("api:clients"), {"name": "  Hệ thống của Bộ  "})
    assert page.status_code == 200
    token = page.context["token"]
    assert token in page.content.decode()
    client = ApiClient.objects.get()
    assert client.name == "Hệ thống của Bộ" and client.created_by == world.staff
    assert client.token_hash == services.token_hash(token)
    again = staff.get(reverse("api:clients"))
    assert token not in again.content.decode() and "Hệ thống của Bộ" in again.content.decode()

    twice = staff.post(reverse("api:clients"), {"name": "Hệ thống của Bộ"})
    assert "đã có mã truy cập đang dùng" in twice.content.decode()
    assert ApiClient.objects.count() == 1

    response = staff.post(reverse("api:client_revoke", kwargs={"pk": client.pk}), follow=True)
    assert "Đã thu hồi mã truy cập" in response.content.decode()
    client.refresh_from_db()
    assert client.revoked_at is not None
    assert get(reverse("api:plans"), token).status_code == 401


def test_the_staff_token_page_lists_clients_in_a_fixed_number_of_queries(world, django_assert_num_queries):
    for name in ("Một", "Hai", "Ba"):
        services.client_create(name=name, user=world.staff)
    staff = Client()
    staff.force_login(world.staff)
    staff.get(reverse("api:clients"))
    with django_assert_num_queries(4):  # session, user and profile, the clients with their creators
        response = staff.get(reverse("api:clients"))
    assert response.content.decode().count('id="api-client-') == 3


def test_the_openapi_description_names_every_endpoint_and_field():
    response = Client().get(reverse("api:openapi"))
    document = decoded(response)
    assert document["openapi"].startswith("3.")
    assert set(document["paths"]) == {path for path, *_rest in ENDPOINTS}
    detail = document["components"]["schemas"]["ReportDetail"]["properties"]
    assert detail["figures"]["x-vi-name"].startswith("số liệu đã chốt")
    assert document == json.loads(json.dumps(spec(document["servers"][0]["url"])))

    def refs(node):
        if isinstance(node, dict):
            yield from ([node["$ref"]] if "$ref" in node else [])
            for value in node.values():
                yield from refs(value)
        elif isinstance(node, list):
            for value in node:
                yield from refs(value)

    named = {f"#/components/schemas/{name}" for name in document["components"]["schemas"]}
    assert set(refs(document)) <= named  # every $ref points at a schema that is there


def test_the_docs_page_lists_the_endpoints_with_vietnamese_names():
    page = Client().get(reverse("api:docs")).content.decode()
    for path, *_rest in ENDPOINTS:
        assert f"/api/v1{path}" in page
    assert "mã chỉ tiêu" in page and "QCVN 125:2021/BTTTT" in page and "Retry-After" in page


def test_the_docs_page_in_english_keeps_the_field_names(settings):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("api:docs")).content.decode()
    assert "Vietnamese name" in page and "indicator_code" in page and "plan code" in page


def test_every_answer_has_the_fields_the_openapi_description_names(world, token):
    schemas = spec()["components"]["schemas"]

    def fields(name):
        return set(schemas[name]["properties"])

    answers = {
        "Plan": decoded(get(reverse("api:plans"), token))["plans"],
        "Indicator": decoded(get(reverse("api:plan_indicators", kwargs={"code": world.plan.code}), token))["indicators"],
        "Target": decoded(get(reverse("api:plan_targets", kwargs={"code": world.plan.code}), token))["targets"],
        "Period": decoded(get(reverse("api:periods"), token))["periods"],
        "Report": decoded(get(reverse("api:reports"), token))["reports"],
        "ReportDetail": [decoded(get(reverse("api:report_detail", kwargs={"pk": world.issued.pk}), token))],
    }
    for name, items in answers.items():
        assert items, name
        for item in items:
            assert set(item) == fields(name), name
    for period in answers["Period"]:
        assert set(period["status_counts"]) == set(schemas["Period"]["properties"]["status_counts"]["properties"])
        for unit in period["units"]:
            assert set(unit) == fields("UnitStatus")


def test_the_database_gone_answers_json_503_to_a_system(token, monkeypatch):
    from django.db import OperationalError

    def down(request):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed')

    monkeypatch.setattr(services, "client_for_request", down)
    response = Client().get(reverse("api:plans"), HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 503 and response["Content-Type"].startswith("application/json")
    assert response["Retry-After"] == "30"
    assert json.loads(response.content)["error"]["code"] == "database_unavailable"
