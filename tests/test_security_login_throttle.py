"""The sign-in lock (django-axes, audit/lockout.py): 5 failures lock the username for 15 minutes,
20 from one address lock the address; success clears the username's count."""
import time

from django.test import override_settings
from django.urls import reverse

from audit.client import client_ip
from audit.models import AuditEvent

from .factories import PASSWORD

LOCKED = "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau 15 phút."


def sign_in(client, username, password, ip="203.0.113.7"):
    return client.post(reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip)


def fail(client, username, times, ip="203.0.113.7"):
    for _ in range(times):
        response = sign_in(client, username, "sai-mat-khau", ip)
        assert response.status_code == 200
    return response


def test_four_failures_do_not_lock_and_the_right_password_still_works(client, unit_user):
    response = fail(client, "donvi", 4)
    assert LOCKED not in response.content.decode()
    response = sign_in(client, "donvi", PASSWORD)
    assert response.status_code == 302
    assert response.wsgi_request.user == unit_user


def test_the_fifth_failure_locks_and_says_so_in_vietnamese(client, unit_user):
    response = fail(client, "donvi", 5)
    assert LOCKED in response.content.decode()


def test_a_locked_username_is_refused_even_with_the_right_password(client, unit_user):
    fail(client, "donvi", 5)
    response = sign_in(client, "donvi", PASSWORD)
    assert response.status_code == 200
    assert LOCKED in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_the_lock_holds_from_another_address_and_for_another_spelling_of_the_name(client, unit_user):
    fail(client, "donvi", 5, ip="203.0.113.7")
    response = sign_in(client, "DonVi", PASSWORD, ip="198.51.100.20")
    assert LOCKED in response.content.decode()


def test_a_locked_username_does_not_lock_other_users(client, unit_user, staff_user):
    fail(client, "donvi", 5, ip="203.0.113.7")
    assert sign_in(client, "canbo", PASSWORD, ip="198.51.100.20").status_code == 302


def test_success_clears_the_count_so_later_failures_start_again(client, unit_user):
    fail(client, "donvi", 4)
    assert sign_in(client, "donvi", PASSWORD).status_code == 302
    client.logout()
    response = fail(client, "donvi", 4)
    assert LOCKED not in response.content.decode()
    assert sign_in(client, "donvi", PASSWORD).status_code == 302


@override_settings(LOGIN_LOCK_MINUTES=1 / 60)  # one second
def test_the_lock_expires(client, unit_user):
    fail(client, "donvi", 5)
    time.sleep(1.2)
    assert sign_in(client, "donvi", PASSWORD).status_code == 302


def test_one_address_trying_many_names_is_locked_after_the_address_limit(client, unit_user, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 6
    for number in range(6):
        sign_in(client, f"khong-ton-tai-{number}", "sai-mat-khau", ip="192.0.2.9")
    response = sign_in(client, "donvi", PASSWORD, ip="192.0.2.9")
    assert LOCKED.split(" Vui")[0] in response.content.decode()
    assert sign_in(client, "donvi", PASSWORD, ip="192.0.2.10").status_code == 302


def test_the_admin_login_is_throttled_too(client, staff_user):
    staff_user.is_staff = True
    staff_user.save(update_fields=["is_staff"])
    fail(client, "canbo", 5)
    response = client.post(
        reverse("admin:login"), {"username": "canbo", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7"
    )
    assert response.status_code == 429
    assert LOCKED in response.content.decode()
    assert not response.wsgi_request.user.is_authenticated


def test_behind_one_proxy_the_forwarded_address_is_the_one_counted(rf, settings):
    settings.NUMBER_OF_PROXIES = 1
    request = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert client_ip(request) == "203.0.113.7"
    settings.NUMBER_OF_PROXIES = 0
    assert client_ip(request) == "127.0.0.1"


def test_a_good_password_does_not_reset_the_address_count(client, unit_user, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 6
    for number in range(5):
        sign_in(client, f"khong-ton-tai-{number}", "sai-mat-khau", ip="192.0.2.9")
    assert sign_in(client, "donvi", PASSWORD, ip="192.0.2.9").status_code == 302
    client.logout()
    response = sign_in(client, "khong-ton-tai-9", "sai-mat-khau", ip="192.0.2.9")
    assert LOCKED in response.content.decode()


def test_staff_see_the_locked_name_and_address_and_lift_the_name(client, unit_user, staff_user, settings,
                                                                  django_assert_num_queries):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 5
    fail(client, "donvi", 5, ip="192.0.2.9")
    client.force_login(staff_user)
    with django_assert_num_queries(5):  # session, user, profile, the two kinds of locks
        page = client.get(reverse("audit:locks"))
    rows = page.content.decode()
    assert 'data-kind="user"' in rows and "donvi" in rows
    assert 'data-kind="address"' in rows and "192.0.2.9" in rows
    assert "Mở khóa" in rows

    response = client.post(reverse("audit:unlock"), {"kind": "user", "value": "DonVi"}, follow=True)
    assert "Đã mở khóa" in response.content.decode()
    assert 'data-kind="user"' not in response.content.decode()
    assert 'data-kind="address"' in response.content.decode()
    event = AuditEvent.objects.get(action="unlock")
    assert (event.username, event.detail) == ("canbo", "Mở khóa tên đăng nhập “DonVi”")
    client.logout()
    # The name signs in from another address; the address stays locked for every name.
    assert sign_in(client, "donvi", PASSWORD, ip="198.51.100.20").status_code == 302
    client.logout()
    assert LOCKED in sign_in(client, "canbo", PASSWORD, ip="192.0.2.9").content.decode()


def test_staff_lift_an_address(client, unit_user, staff_user, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_IP = 3
    for number in range(3):
        sign_in(client, f"khong-ton-tai-{number}", "sai-mat-khau", ip="192.0.2.9")
    client.force_login(staff_user)
    client.post(reverse("audit:unlock"), {"kind": "address", "value": "192.0.2.9"})
    assert 'data-kind="address"' not in client.get(reverse("audit:locks")).content.decode()
    client.logout()
    assert sign_in(client, "donvi", PASSWORD, ip="192.0.2.9").status_code == 302


def test_an_unlock_of_something_that_is_not_an_address_is_refused_cleanly(client, staff_user):
    client.force_login(staff_user)
    response = client.post(reverse("audit:unlock"), {"kind": "address", "value": "khong-phai-ip"}, follow=True)
    assert "Không mở khóa được" in response.content.decode()
    assert not AuditEvent.objects.filter(action="unlock").exists()


def test_without_a_request_a_locked_name_is_still_refused(client, unit_user):
    from django.contrib.auth import authenticate

    assert authenticate(username="donvi", password=PASSWORD) == unit_user
    fail(client, "donvi", 5)
    assert authenticate(username="DonVi", password=PASSWORD) is None
