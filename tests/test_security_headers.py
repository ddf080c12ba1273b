"""Security headers and the Content Security Policy on pages (the deploy check: test_deploy_check.py)."""
from pathlib import Path

import pytest
from django.urls import reverse

from laichau_plan.middleware import CONTENT_SECURITY_POLICY

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def test_the_login_page_carries_the_content_security_policy(client):
    response = client.get(reverse("login"))
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "default-src 'self'", "img-src 'self' data:", "style-src 'self'", "script-src 'self'",
        "object-src 'none'", "base-uri 'self'", "frame-ancestors 'none'", "form-action 'self'",
    ):
        assert directive in csp
    assert "unsafe-inline" not in csp


def test_a_signed_in_page_carries_every_security_header(client_for, staff_user):
    response = client_for(staff_user).get(reverse("home"))
    assert response.status_code == 200
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
    assert "camera=()" in response.headers["Permissions-Policy"]
    assert "geolocation=()" in response.headers["Permissions-Policy"]
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_the_health_endpoint_and_not_found_pages_carry_the_policy_too(client, db):
    assert "Content-Security-Policy" in client.get(reverse("health")).headers
    assert "Content-Security-Policy" in client.get("/khong-co-trang-nay/").headers


def test_no_template_has_inline_scripts_or_styles_that_the_policy_would_block():
    offenders = []
    for path in TEMPLATES.rglob("*.html"):
        if {"emails", "pdf"} & set(path.relative_to(TEMPLATES).parts):
            continue  # read by mail clients and WeasyPrint, never served to a browser under the policy
        text = path.read_text(encoding="utf-8")
        for needle in ("style=", "<style", " onclick=", " onchange=", " onsubmit=", " onload=", "javascript:"):
            if needle in text:
                offenders.append(f"{path.relative_to(TEMPLATES)}: {needle}")
        for line in text.splitlines():
            if "<script" in line and "src=" not in line and 'type="application/json"' not in line:
                offenders.append(f"{path.relative_to(TEMPLATES)}: inline <script>")
    assert offenders == []


@pytest.mark.parametrize("header", ["Content-Security-Policy", "Permissions-Policy"])
def test_a_header_a_view_sets_itself_is_kept(rf, header):
    from django.http import HttpResponse

    from laichau_plan.middleware import SecurityHeadersMiddleware

    def view(request):
        response = HttpResponse("x")
        response.headers[header] = "custom"
        return response

    assert SecurityHeadersMiddleware(view)(rf.get("/"))[header] == "custom"
