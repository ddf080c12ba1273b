"""The sign-in lock: too many wrong passwords lock a username, and an address, for a while.

django-axes keeps the failures in the database (``axes.models.AccessAttempt``, one row per name
typed, address and browser), so the lock holds across gunicorn workers and servers, with Redis or
without. Its backend (first in AUTHENTICATION_BACKENDS) refuses a locked name or address whatever
form asked, the admin's too; the portal's login form (``LoginForm``) checks first and says why.

The limits are today's: LOGIN_FAILURE_LIMIT failures of one username (5, case-insensitive),
LOGIN_FAILURE_LIMIT_PER_IP failures from one address (20: an office behind one NAT address shares
it); the lock, and the window failures count in, is LOGIN_LOCK_MINUTES (15). A good password
forgets the username's failures, not the address's, so that one good password does not reset the
count for the other names tried from the same address; staff lift a lock on the "Khóa đăng nhập"
page (``unlock``).
"""
from dataclasses import dataclass
from datetime import timedelta

from axes.backends import AxesStandaloneBackend
from axes.handlers.database import AxesDatabaseHandler
from axes.handlers.proxy import AxesProxyHandler
from axes.models import AccessAttempt
from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Q, Sum
from django.dispatch import receiver
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .services import audit_record
from .signals import log_lockout

USERNAME_MAX = 150


def user_limit(request=None, credentials=None):
    return settings.LOGIN_FAILURE_LIMIT


def address_limit():
    return settings.LOGIN_FAILURE_LIMIT_PER_IP


def lock_minutes():
    return settings.LOGIN_LOCK_MINUTES


def cool_off(request=None):
    """AXES_COOLOFF_TIME: how long a lock lasts, and the window failures are counted in."""
    return timedelta(minutes=lock_minutes())


def username_key(request, credentials=None):
    """AXES_USERNAME_CALLABLE: the name typed, stripped and case-folded ("DonVi" is "donvi")."""
    if credentials:
        typed = credentials.get("username")
    else:
        typed = getattr(request, "POST", {}).get("username")
    if typed is None:
        return None
    return str(typed).strip().casefold()[:USERNAME_MAX] or None


def locked_message():
    return _("Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %(minutes)s phút.") % {"minutes": lock_minutes()}


def lockout_response(request, original_response=None, credentials=None):
    """AXES_LOCKOUT_CALLABLE: the portal's login page already says why (``LoginForm``); any other
    sign-in form (the admin's) gets the same sentence, with 429."""
    if original_response is not None and getattr(request, "login_lock_shown", False):
        return original_response
    return HttpResponse(locked_message(), status=429, content_type="text/plain; charset=utf-8")


def _failures(queryset, *, username, address):
    """(failures of ``username``, failures from ``address``) among ``queryset``'s rows."""
    wanted = {"by_user": ("username", username), "by_address": ("ip_address", address)}
    sums = {name: Sum("failures_since_start", filter=Q(**{field: value}))
            for name, (field, value) in wanted.items() if value}
    counts = queryset.aggregate(**sums) if sums else {}
    return counts.get("by_user") or 0, counts.get("by_address") or 0


def failures_toward_lock(username, address, request=None):
    """Failures towards the nearest lock, on the username limit's scale: the address's count is
    shifted so that it reaches LOGIN_FAILURE_LIMIT exactly when it reaches its own limit."""
    since = timezone.now() - cool_off(request)
    by_user, by_address = _failures(AccessAttempt.objects.filter(attempt_time__gte=since),
                                    username=username, address=address)
    return max(by_user, by_address - (address_limit() - user_limit()))


class PortalAxesHandler(AxesDatabaseHandler):
    """Axes's database handler with a limit per username and another per address, and a good
    password that forgets only the username's failures."""

    def get_failures(self, request, credentials=None):
        return failures_toward_lock(username_key(request, credentials), getattr(request, "axes_ip_address", None),
                                    request)

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        forget_username(username_key(request, {"username": user.get_username()}))


class LockBackend(AxesStandaloneBackend):
    """Axes's backend (first in AUTHENTICATION_BACKENDS): refuses a locked name or address. Called
    without a request (a management command, ``Client.login`` in tests), where axes would raise,
    it still refuses a locked name (there is no address to check)."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None:
            return super().authenticate(request, username=username, password=password, **kwargs)
        if failures_toward_lock(username_key(None, {"username": username}), None) >= user_limit():
            raise PermissionDenied(locked_message())
        return None


def is_locked(request, username):
    return AxesProxyHandler.is_locked(request, {"username": username})


def forget_username(username):
    """The username's failures stop counting for it; those from an address still count for the
    address (the rows keep it, without the name)."""
    if not username:
        return 0
    rows = AccessAttempt.objects.filter(username=username)
    rows.filter(ip_address=None).delete()
    return rows.update(username=None)


def forget_address(address):
    """The address's failures stop counting for it; the names typed still count for them."""
    if not address:
        return 0
    rows = AccessAttempt.objects.filter(ip_address=address)
    rows.filter(username=None).delete()
    return rows.update(ip_address=None)


@dataclass(frozen=True)
class Lock:
    kind: str  # "user" or "address"
    value: str
    failures: int
    until: object  # an aware datetime


def current_locks():
    """The usernames and addresses locked now, the latest first (two queries)."""
    now = timezone.now()
    recent = AccessAttempt.objects.filter(attempt_time__gte=now - cool_off())
    locks = []
    for kind, field, limit in (("user", "username", user_limit()), ("address", "ip_address", address_limit())):
        rows = (
            recent.exclude(**{field: None}).values(field)
            .annotate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
            .filter(failures__gte=limit).order_by("-last", field)
        )
        locks += [Lock(kind, row[field], row["failures"], row["last"] + cool_off()) for row in rows]
    return locks


def unlock(*, kind, value, user, request=None):
    """Staff lift the lock of a username (``kind`` "user") or of an address ("address"): its
    failures stop counting for it. One audit line; returns how many attempt rows it touched."""
    if kind == "user":
        rows = forget_username(username_key(None, {"username": value}))
        detail = _("Mở khóa tên đăng nhập “%(value)s”") % {"value": value}
    else:
        rows = forget_address(value)
        detail = _("Mở khóa địa chỉ %(value)s") % {"value": value}
    audit_record(user=user, action="unlock", detail=detail, request=request)
    return rows


@receiver(user_locked_out, dispatch_uid="audit_user_locked_out")
def _on_lockout(sender, request, username, ip_address, **kwargs):
    log_lockout(username, ip_address)


class LoginForm(AuthenticationForm):
    """The login form: refuses a locked name or address without checking the password, and says why."""

    def _locked(self):
        self.request.login_lock_shown = True
        return ValidationError(locked_message(), code="locked")

    def clean(self):
        username = self.cleaned_data.get("username")
        if username and is_locked(self.request, username):
            raise self._locked()
        try:
            return super().clean()
        except ValidationError as error:
            if error.code == "invalid_login" and getattr(self.request, "axes_locked_out", False):
                raise self._locked() from error
            raise
