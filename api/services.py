"""Tokens of the client systems: make one (shown once), revoke it, find the client a request's
``Authorization: Bearer <token>`` belongs to, and the per-token rate limit."""
import hashlib
import math
import secrets
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from laichau_plan.text import nfc

from .models import ApiClient

# Requests a token may make in one minute (API_RATE_LIMIT in the settings overrides it); past it
# the API answers 429 with Retry-After until the minute ends. The counters live in Django's cache:
# shared by every worker with REDIS_URL, per process without it.
DEFAULT_RATE_LIMIT = 60
WINDOW_SECONDS = 60


def token_hash(token):
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def active_client_named(name):
    return ApiClient.objects.filter(name=nfc(name), revoked_at__isnull=True).first()


@transaction.atomic
def client_create(*, name, user=None):
    """A new client system and its token: ``(client, token)``. The token is returned here and
    nowhere else; the database keeps its SHA-256 only."""
    name = nfc(name or "")
    if not name:
        raise ValidationError(_("Hãy nhập tên hệ thống được cấp mã truy cập."))
    if active_client_named(name) is not None:
        raise ValidationError(
            _("Hệ thống “%(name)s” đã có mã truy cập đang dùng; hãy thu hồi mã đó trước hoặc đặt tên khác.")
            % {"name": name}
        )
    token = secrets.token_urlsafe(32)
    client = ApiClient(name=name, token_hash=token_hash(token), created_by=user)
    client.full_clean(exclude=["token_hash"])
    try:
        with transaction.atomic():
            client.save()
    except IntegrityError as exc:  # the same name made at the same moment elsewhere
        raise ValidationError(_("Hệ thống “%(name)s” đã có mã truy cập đang dùng.") % {"name": name}) from exc
    audit_record(user=user, action="create", obj=client, detail="API")
    return client, token


@transaction.atomic
def client_revoke(*, client, user=None):
    """The client's token stops working at once (the next request gets 401). Revoking twice keeps
    the first time."""
    locked = ApiClient.objects.select_for_update().get(pk=client.pk)
    if locked.revoked_at is None:
        locked.revoked_at = timezone.now()
        locked.save(update_fields=["revoked_at"])
        audit_record(user=user, action="deactivate", obj=locked, detail="API")
    return locked


def bearer_token(request):
    """The token of ``Authorization: Bearer <token>``, or None."""
    scheme, _sep, token = request.headers.get("Authorization", "").strip().partition(" ")
    token = token.strip()
    if scheme.lower() != "bearer" or not token:
        return None
    return token


def client_for_request(request):
    """The active client whose token the request carries (its last use noted), or None."""
    token = bearer_token(request)
    if token is None:
        return None
    client = ApiClient.objects.filter(token_hash=token_hash(token), revoked_at__isnull=True).first()
    if client is not None:
        client.last_used_at = timezone.now()
        ApiClient.objects.filter(pk=client.pk).update(last_used_at=client.last_used_at)
    return client


def rate_limit():
    return getattr(settings, "API_RATE_LIMIT", DEFAULT_RATE_LIMIT)


def over_rate_limit(client, *, now=None):
    """Seconds to wait (an int, at least 1) when ``client`` has used up this minute's requests,
    else None. Counts the request being asked."""
    now = time.time() if now is None else now
    window = int(now // WINDOW_SECONDS)
    key = f"api-rate:{client.pk}:{window}"
    cache.add(key, 0, WINDOW_SECONDS * 2)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, WINDOW_SECONDS * 2)
        count = 1
    if count <= rate_limit():
        return None
    return max(1, math.ceil((window + 1) * WINDOW_SECONDS - now))
