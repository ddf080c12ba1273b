"""Sign-in audit: who signed in, signed out or failed to, from which address, when.

Lines go to the ``laichau_plan.audit`` logger (the time comes from the log formatter), and
to the database's audit log (``institutions.audit.audit_record``), which staff read on the
audit page.
"""
import ipaddress
import logging

from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

logger = logging.getLogger("laichau_plan.audit")


def client_ip(request):
    """The client's address: REMOTE_ADDR, or behind NUMBER_OF_PROXIES trusted reverse proxies,
    the address the outermost of them saw (X-Forwarded-For, counted from the right).

    Only trusted proxies' entries are used: anything further left was written by the client.
    """
    if request is None:
        return None
    remote = request.META.get("REMOTE_ADDR") or None
    proxies = getattr(settings, "NUMBER_OF_PROXIES", 0)
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < proxies:
        return remote
    candidate = forwarded[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


def _username(user):
    return getattr(user, "username", None) or "-"


def _record(**kwargs):
    from institutions.audit import audit_record  # the models are not loaded when this module is

    audit_record(**kwargs)


@receiver(user_logged_in, dispatch_uid="audit_user_logged_in")
def log_sign_in(sender, request, user, **kwargs):
    logger.info("sign-in user=%s ip=%s", _username(user), client_ip(request) or "-")
    _record(user=user, action="sign_in", request=request)


@receiver(user_logged_out, dispatch_uid="audit_user_logged_out")
def log_sign_out(sender, request, user, **kwargs):
    logger.info("sign-out user=%s ip=%s", _username(user), client_ip(request) or "-")
    if user is not None:
        _record(user=user, action="sign_out", request=request)


@receiver(user_login_failed, dispatch_uid="audit_user_login_failed")
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    # ``credentials`` has the password masked by Django; log the name as typed, shortened.
    typed = str(credentials.get("username", ""))[:150]
    logger.warning("sign-in failed username=%r ip=%s", typed, client_ip(request) or "-")
    _record(user=None, action="sign_in_failed", request=request, username=typed)


def log_lockout(username, ip):
    logger.warning("sign-in locked username=%r ip=%s", str(username or "")[:150], ip or "-")
    _record(user=None, action="lockout", username=str(username or "")[:150], ip=ip)
