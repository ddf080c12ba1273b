"""The database gone: every page answers 503 with the Vietnamese page, no traceback, no 500.

This module is also the URLconf of its tests: the project's URLs plus a view that loses the database.
The real thing (PostgreSQL stopped under gunicorn) is tests/test_outage_drill.py.
"""
import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import InterfaceError, OperationalError
from django.test import Client, override_settings
from django.urls import path

from laichau_plan import health
from laichau_plan.urls import urlpatterns as project_urlpatterns

DOWN = 'connection to server at "10.0.0.5", port 5432 failed: Connection refused'


def loses_the_database(request):
    raise OperationalError(DOWN)


def loses_the_connection(request):
    raise InterfaceError("connection already closed")


def fails_otherwise(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-db/down/", loses_the_database),
    path("test-db/closed/", loses_the_connection),
    path("test-db/boom/", fails_otherwise),
    *project_urlpatterns,
]
handler500 = "laichau_plan.views.server_error"

pytestmark = pytest.mark.urls(__name__)


def is_database_down_page(response):
    text = response.content.decode()
    assert response.status_code == 503
    assert "Cơ sở dữ liệu tạm thời không kết nối được" in text
    assert "không có gì bị lưu dở dang" in text
    assert response["Retry-After"] == "30"
    assert "no-store" in response["Cache-Control"]
    for secret in ("10.0.0.5", "Traceback", "OperationalError", "InterfaceError", "connection"):
        assert secret not in text
    return text


@override_settings(DEBUG=False)
def test_a_view_that_loses_the_database_answers_503_in_vietnamese(caplog):
    client = Client(raise_request_exception=False)
    is_database_down_page(client.get("/test-db/down/"))
    is_database_down_page(client.post("/test-db/closed/"))
    # One line in the log, not a traceback per request while the database is away.
    records = [r for r in caplog.records if "database unavailable" in r.getMessage()]
    assert len(records) == 2 and all(r.exc_info is None for r in records)
    assert "POST /test-db/closed/" in records[1].getMessage()


@override_settings(DEBUG=False)
def test_other_errors_still_answer_the_500_page():
    response = Client(raise_request_exception=False).get("/test-db/boom/")
    assert response.status_code == 500
    assert "Đã xảy ra lỗi trên máy chủ" in response.content.decode()
    assert "boom" not in response.content.decode()


@override_settings(DEBUG=False)
def test_a_signed_in_page_whose_session_cannot_be_read_answers_503(client_for, unit_user, monkeypatch):
    client = client_for(unit_user)
    client.raise_request_exception = False

    def down(self):
        raise OperationalError(DOWN)

    monkeypatch.setattr(SessionStore, "load", down)
    for page in ("/", "/reporting/", "/institutions/"):
        is_database_down_page(client.get(page))
    is_database_down_page(client.post("/institutions/", {"q": "x"}))


def test_healthz_says_the_database_is_down_on_a_closed_connection(client, monkeypatch):
    class ClosedConnection:
        def cursor(self):
            raise InterfaceError("connection already closed")

    monkeypatch.setattr(health, "connection", ClosedConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}


@override_settings(DEBUG=False)
def test_the_database_down_page_in_english():
    client = Client(raise_request_exception=False)
    client.cookies["django_language"] = "en"
    response = client.get("/test-db/down/")
    assert response.status_code == 503
    assert "The database cannot be reached for the moment" in response.content.decode()
