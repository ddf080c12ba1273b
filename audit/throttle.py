"""Login throttling: too many failed sign-ins lock a username, and an address, for a while.

Counters live in the default cache (LocMem, or Redis when REDIS_URL is set, shared by every
gunicorn worker). A failure is counted by the ``user_login_failed`` signal, whoever calls
``authenticate()``; the limit is checked by the login form (which says why) and by the
authentication backend (which covers the admin login too). A successful sign-in clears the
username's counter; the address counter only expires, so that one good password does not
reset the count for the other names tried from the same address.

Settings: LOGIN_FAILURE_LIMIT (per username, 5), LOGIN_FAILURE_LIMIT_PER_IP (20: an office
behind one NAT address shares it), LOGIN_LOCK_MINUTES (15; also the counting window).

The same counters limit requests for a password-reset mail ("Quên mật khẩu?"), per e-mail address
typed and per client address, whether or not the address belongs to anyone (so that the refusal
tells nothing): PASSWORD_RESET_LIMIT (3), PASSWORD_RESET_LIMIT_PER_IP (10), PASSWORD_RESET_MINUTES
(60; the window and the wait).
"""
import hashlib
import logging

from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.dispatch import receiver
from django.utils.translation import gettext as _

from .client import client_ip
from .signals import log_lockout

logger = logging.getLogger("audit")


def _limit_per_username():
    return getattr(settings, "LOGIN_FAILURE_LIMIT", 5)


def _limit_per_ip():
    return getattr(settings, "LOGIN_FAILURE_LIMIT_PER_IP", 20)


def lock_minutes():
    return getattr(settings, "LOGIN_LOCK_MINUTES", 15)


def _keys(kind, value):
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"throttle-count:{kind}:{digest}", f"throttle-lock:{kind}:{digest}"


def _any_locked(subjects):
    keys = [_keys(kind, value)[1] for kind, value, _limit in subjects]
    return bool(keys) and any(cache.get_many(keys).values())


def _count(subjects, timeout):
    """Count one event for each (kind, value, limit); lock, for ``timeout`` seconds, a subject
    that reached its limit. Returns True if one is now locked."""
    locked = False
    for kind, value, limit in subjects:
        count_key, lock_key = _keys(kind, value)
        cache.add(count_key, 0, timeout)
        try:
            count = cache.incr(count_key)
        except ValueError:  # expired between add() and incr()
            cache.set(count_key, 1, timeout)
            count = 1
        if count >= limit:
            cache.set(lock_key, True, timeout)
            locked = True
    return locked


def _subjects(username, ip):
    """(kind, value, limit) for the username (case-insensitive) and the address."""
    subjects = []
    if username:
        subjects.append(("user", str(username).strip().casefold(), _limit_per_username()))
    if ip:
        subjects.append(("ip", ip, _limit_per_ip()))
    return subjects


def is_locked(username, ip):
    return _any_locked(_subjects(username, ip))


def record_failure(username, ip):
    """Count one failure; lock a subject that reached its limit. Returns True if now locked."""
    locked = _count(_subjects(username, ip), lock_minutes() * 60)
    if locked:
        log_lockout(username, ip)
    return locked


def clear_failures(username):
    """A good password: forget the username's failures and lock (not the address's)."""
    for kind, value, _limit in _subjects(username, None):
        cache.delete_many(_keys(kind, value))


def locked_message():
    return _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.") % {"minutes": lock_minutes()}


def reset_minutes():
    return getattr(settings, "PASSWORD_RESET_MINUTES", 60)


def _reset_subjects(email, ip):
    """(kind, value, limit) for the e-mail address typed (case-insensitive) and the client address."""
    subjects = []
    if email:
        subjects.append(("reset-email", str(email).strip().casefold(), getattr(settings, "PASSWORD_RESET_LIMIT", 3)))
    if ip:
        subjects.append(("reset-ip", ip, getattr(settings, "PASSWORD_RESET_LIMIT_PER_IP", 10)))
    return subjects


def reset_request_allowed(email, ip):
    """Whether a password-reset mail may be asked for ``email`` from ``ip`` now; an allowed
    request is counted (the limit-th one still goes, the next is refused for the window)."""
    subjects = _reset_subjects(email, ip)
    if _any_locked(subjects):
        logger.warning("password reset refused (too many requests) ip=%s", ip or "-")
        return False
    _count(subjects, reset_minutes() * 60)
    return True


def reset_refused_message():
    return _(
        "Đã có quá nhiều yêu cầu đặt lại mật khẩu cho địa chỉ thư này hoặc từ máy này. "
        "Vui lòng thử lại sau %(minutes)s phút."
    ) % {"minutes": reset_minutes()}


@receiver(user_login_failed, dispatch_uid="throttle_count_failure")
def _count_failure(sender, credentials, request=None, **kwargs):
    record_failure(credentials.get("username"), client_ip(request))


@receiver(user_logged_in, dispatch_uid="throttle_clear_on_success")
def _clear_on_success(sender, request, user, **kwargs):
    clear_failures(user.get_username())


class ThrottledAuthenticationForm(AuthenticationForm):
    """The login form: refuses without checking the password while locked, and says why."""

    def clean(self):
        username = self.cleaned_data.get("username")
        ip = client_ip(self.request)
        if is_locked(username, ip):
            raise ValidationError(locked_message(), code="locked")
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and is_locked(username, ip):
                raise ValidationError(locked_message(), code="locked") from error
            raise


class ThrottledModelBackend(ModelBackend):
    """ModelBackend that refuses a locked username or address, whatever form asked."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if is_locked(username, client_ip(request)):
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
