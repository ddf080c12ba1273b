"""Sign-in audit: who signed in, signed out or failed to, from which address, when.

Lines go to the ``audit`` logger (the time comes from the log formatter), and
to the database's audit log (``audit.services.audit_record``), which staff read on the
audit page.
"""
import logging

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from .client import client_ip
from .services import audit_record

logger = logging.getLogger("audit")


def _username(user):
    return getattr(user, "username", None) or "-"


@receiver(user_logged_in, dispatch_uid="audit_user_logged_in")
def log_sign_in(sender, request, user, **kwargs):
    logger.info("sign-in user=%s ip=%s", _username(user), client_ip(request) or "-")
    audit_record(user=user, action="sign_in", request=request)


@receiver(user_logged_out, dispatch_uid="audit_user_logged_out")
def log_sign_out(sender, request, user, **kwargs):
    logger.info("sign-out user=%s ip=%s", _username(user), client_ip(request) or "-")
    if user is not None:
        audit_record(user=user, action="sign_out", request=request)


@receiver(user_login_failed, dispatch_uid="audit_user_login_failed")
def log_failed_sign_in(sender, credentials, request=None, **kwargs):
    # ``credentials`` has the password masked by Django; log the name as typed, shortened.
    typed = str(credentials.get("username", ""))[:150]
    logger.warning("sign-in failed username=%r ip=%s", typed, client_ip(request) or "-")
    audit_record(user=None, action="sign_in_failed", request=request, username=typed)


def log_lockout(username, ip):
    logger.warning("sign-in locked username=%r ip=%s", str(username or "")[:150], ip or "-")
    audit_record(user=None, action="lockout", username=str(username or "")[:150], ip=ip)
