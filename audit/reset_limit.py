"""How often a password-reset mail ("Quên mật khẩu?") may be asked for: per e-mail address typed
and per client address, whether or not the address belongs to anyone (so that the refusal tells
nothing): PASSWORD_RESET_LIMIT (3), PASSWORD_RESET_LIMIT_PER_IP (10), PASSWORD_RESET_MINUTES (60;
the window and the wait).

Counters live in the default cache (Redis when REDIS_URL is set, shared by every gunicorn worker).
The sign-in lock is django-axes's, in the database (audit/lockout.py).
"""
import hashlib
import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.translation import gettext as _

logger = logging.getLogger("audit")


def _keys(kind, value):
    digest = hashlib.sha256(value.encode()).hexdigest()
    return f"throttle-count:{kind}:{digest}", f"throttle-lock:{kind}:{digest}"


def _any_locked(subjects):
    keys = [_keys(kind, value)[1] for kind, value, _limit in subjects]
    return bool(keys) and any(cache.get_many(keys).values())


def _count(subjects, timeout):
    """Count one event for each (kind, value, limit); lock, for ``timeout`` seconds, a subject
    that reached its limit."""
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
