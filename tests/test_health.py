"""GET /healthz: no login, JSON, 503 when the database does not answer, no secrets."""
from django.db import OperationalError
from django.urls import reverse

from laichau_plan import health


def test_health_answers_ok_without_login(client, db):
    response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response.headers["Cache-Control"]


def test_health_lives_at_slash_healthz():
    assert reverse("health") == "/healthz"


def test_health_answers_503_when_the_database_is_down(client, db, monkeypatch):
    class DownDatabase:
        def cursor(self):
            raise OperationalError('connection to server at "10.0.0.5" failed: password authentication failed')

    monkeypatch.setattr(health, "connection", DownDatabase())
    response = client.get(reverse("health"))
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "error"}
    assert b"10.0.0.5" not in response.content
    assert b"password" not in response.content


def test_health_refuses_writes(client, db):
    assert client.post(reverse("health")).status_code == 405


def test_the_browsers_favicon_request_finds_the_portals_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("favicon.svg")
    from django.contrib.staticfiles import finders

    assert finders.find("favicon.svg")
