"""Sign-in audit lines: who, from which address, for sign-in, sign-out and failures."""
import logging

from django.urls import reverse

from .factories import PASSWORD


def audit_lines(caplog):
    return [record.getMessage() for record in caplog.records if record.name == "audit"]


def test_a_sign_in_is_logged_with_the_user_and_address(client, unit_user, caplog):
    caplog.set_level(logging.INFO, logger="audit")
    client.post(reverse("login"), {"username": "donvi", "password": PASSWORD}, REMOTE_ADDR="203.0.113.7")
    assert "sign-in user=donvi ip=203.0.113.7" in audit_lines(caplog)


def test_a_sign_out_is_logged(client, unit_user, caplog):
    client.force_login(unit_user)
    caplog.set_level(logging.INFO, logger="audit")
    client.post(reverse("logout"), REMOTE_ADDR="203.0.113.7")
    assert "sign-out user=donvi ip=203.0.113.7" in audit_lines(caplog)


def test_a_failed_sign_in_is_logged_without_the_password(client, unit_user, caplog):
    caplog.set_level(logging.INFO, logger="audit")
    client.post(reverse("login"), {"username": "donvi", "password": "bi-mat-sai-1"}, REMOTE_ADDR="203.0.113.7")
    assert "sign-in failed username='donvi' ip=203.0.113.7" in audit_lines(caplog)
    assert "bi-mat-sai-1" not in caplog.text


def test_a_lockout_is_logged(client, unit_user, caplog):
    caplog.set_level(logging.INFO, logger="audit")
    for _ in range(5):
        client.post(reverse("login"), {"username": "donvi", "password": "sai"}, REMOTE_ADDR="203.0.113.7")
    assert "sign-in locked username='donvi' ip=203.0.113.7" in audit_lines(caplog)
