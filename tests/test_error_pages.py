"""Error pages with DEBUG off: in Vietnamese, saying what to do; 500 needs no database.

This module is also the URLconf of its tests: the project's URLs plus views that fail.
"""
import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.template.loader import render_to_string
from django.test import Client, override_settings
from django.urls import path

from laichau_plan.urls import urlpatterns as project_urlpatterns


def raise_permission_denied(request):
    raise PermissionDenied


def raise_suspicious(request):
    raise SuspiciousOperation("bad")


def raise_error(request):
    raise RuntimeError("boom")


urlpatterns = [
    path("test-errors/403/", raise_permission_denied),
    path("test-errors/400/", raise_suspicious),
    path("test-errors/500/", raise_error),
    *project_urlpatterns,
]

pytestmark = pytest.mark.urls(__name__)


@pytest.fixture
def anonymous():
    return Client(raise_request_exception=False)


def says(response, status, *phrases):
    """Assert ``response`` answers ``status`` and contains every phrase; return its text."""
    text = response.content.decode()
    assert response.status_code == status
    for phrase in phrases:
        assert phrase in text
    return text


@override_settings(DEBUG=False)
def test_a_missing_page_says_so_in_vietnamese_with_what_to_do(client_for, unit_user):
    response = client_for(unit_user).get("/khong-co-trang-nay/")
    text = says(response, 404, "Không tìm thấy trang", "kiểm tra lại địa chỉ", 'href="/"')
    assert "donvi" in text  # the normal layout, with the signed-in user


@override_settings(DEBUG=False)
def test_a_forbidden_page_says_who_to_ask(client_for, unit_user):
    says(client_for(unit_user).get("/test-errors/403/"), 403, "Không có quyền truy cập", "cấp quyền")


@override_settings(DEBUG=False)
def test_a_bad_request_says_what_to_do(anonymous):
    says(anonymous.get("/test-errors/400/"), 400, "Yêu cầu không hợp lệ", "thử lại")


@override_settings(DEBUG=False)
def test_a_server_error_says_what_to_do_and_needs_no_database(anonymous):
    # No django_db mark: any query while rendering would fail the test.
    text = says(anonymous.get("/test-errors/500/"), 500, "Đã xảy ra lỗi trên máy chủ", "mở lại báo cáo để kiểm tra")
    assert "boom" not in text


def test_the_server_error_page_renders_without_a_request_or_context():
    text = render_to_string("500.html")
    assert "<html lang=\"vi\">" in text
    assert "{%" not in text


@override_settings(DEBUG=False)
def test_an_expired_form_says_to_reload_the_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/accounts/login/", {"username": "x", "password": "y"})
    says(response, 403, "Biểu mẫu đã hết hạn", "tải lại trang")


@override_settings(DEBUG=False, ALLOWED_HOSTS=["portal.example.vn"])
def test_an_unknown_host_gets_the_bad_request_page(anonymous):
    says(anonymous.get("/", HTTP_HOST="evil.example.com"), 400, "Yêu cầu không hợp lệ")
