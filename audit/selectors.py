"""Reads of the audit log for the staff page."""
import datetime

from django.utils import timezone

from .models import AuditEvent


def audit_events(*, filters=None):
    """The audit log, newest first, filtered by action, username (exact, any case) and dates
    (local days, both ends included); the user row comes in the same query."""
    filters = filters or {}
    queryset = AuditEvent.objects.select_related("user").order_by("-at", "-pk")
    if filters.get("action"):
        queryset = queryset.filter(action=filters["action"])
    if filters.get("user"):
        queryset = queryset.filter(username__iexact=filters["user"].strip())
    if filters.get("date_from"):
        start = datetime.datetime.combine(filters["date_from"], datetime.time.min)
        queryset = queryset.filter(at__gte=timezone.make_aware(start))
    if filters.get("date_to"):
        end = datetime.datetime.combine(filters["date_to"] + datetime.timedelta(days=1), datetime.time.min)
        queryset = queryset.filter(at__lt=timezone.make_aware(end))
    return queryset
