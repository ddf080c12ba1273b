import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_an_english_browser_still_gets_vietnamese_until_the_user_switches(client):
    page = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert page["Content-Language"] == "vi"
    assert "Đăng nhập" in page.content.decode()


def test_the_switch_turns_the_portal_english_and_back(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert client.get(reverse("login"))["Content-Language"] == "en"
    client.post(reverse("set_language"), {"language": "vi", "next": "/"})
    assert client.get(reverse("login"))["Content-Language"] == "vi"


def test_an_unknown_language_cookie_falls_back_to_vietnamese(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert client.get(reverse("login"))["Content-Language"] == "vi"


def test_an_english_page_leaves_no_english_behind_for_what_the_thread_runs_next(client, settings):
    """The middleware activates the page's language only while answering: a service called after
    an English page (a test, a command in the same thread) still writes its messages in Vietnamese."""
    from django.utils import translation
    from django.utils.translation import gettext

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    assert client.get(reverse("login"))["Content-Language"] == "en"
    assert translation.get_language() == "vi"
    assert gettext("Cần ghi nhận xét khi trả lại báo cáo.") == "Cần ghi nhận xét khi trả lại báo cáo."
