"""The audit log in the database: one small function every service calls once per change.

``audit_record`` writes an ``AuditEvent`` in the caller's transaction (so a change that is
rolled back leaves no line). Sign-ins come from the signal receivers in audit/signals.py.
Details are short and never hold a password: callers pass what changed, not the values of
secrets.
"""
from .client import client_ip
from .models import AuditAction, AuditEvent

DETAIL_MAX = 2000


def _username(user, username):
    if user is not None and getattr(user, "is_authenticated", False):
        return user.get_username()[:150]
    return str(username or "")[:150]


def audit_record(*, user, action, obj=None, detail="", request=None, username="", ip=None):
    """Write one audit line: ``user`` (None when unknown) did ``action`` on ``obj``.

    ``request`` gives the client address (or ``ip`` when there is no request); ``username`` is
    the name typed, for a failed sign-in.
    """
    action = AuditAction(action)
    known = user if user is not None and getattr(user, "is_authenticated", False) else None
    event = AuditEvent(
        user=known,
        username=_username(known, username),
        ip=client_ip(request) if request is not None else (ip or None),
        action=action,
        detail=str(detail or "")[:DETAIL_MAX],
    )
    if obj is not None:
        event.object_type = obj._meta.label_lower
        event.object_id = str(obj.pk or "")[:64]
        event.object_label = str(obj)[:300]
    event.save()
    return event


def changed_fields(before, after, names):
    """'name, address': the fields among ``names`` whose values differ between two dicts."""
    return ", ".join(name for name in names if before.get(name) != after.get(name))
