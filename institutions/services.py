"""Writes to the institutions registry. Institutions are never deleted, only deactivated."""
import datetime

from django.db import transaction
from django.utils import timezone

from audit.services import audit_record
from .models import AdminUnit, Institution, ReportingUnit

# Fields a write may set; the code is set once, at creation, and never changes.
EDITABLE_FIELDS = (
    "name",
    "kind",
    "level",
    "admin_unit",
    "reporting_unit",
    "has_internet",
    "address",
    "established_year",
    "notes",
    "is_active",
    "active_from",
    "active_until",
)


def _clean_and_save(institution, user=None):
    """Check and save; the version kept in the history names ``user`` (else the request's)."""
    if user is not None and getattr(user, "is_authenticated", False):
        institution._history_user = user
    institution.normalise()
    institution.full_clean()
    institution.save()
    return institution


@transaction.atomic
def institution_create(
    *,
    code: str,
    name: str,
    kind: str,
    level: str,
    admin_unit: AdminUnit,
    reporting_unit: ReportingUnit,
    has_internet: bool = False,
    address: str = "",
    established_year: int | None = None,
    notes: str = "",
    is_active: bool = True,
    active_from: datetime.date | None = None,
    active_until: datetime.date | None = None,
    user=None,
) -> Institution:
    """Create an institution; raises ValidationError (e.g. a code already used). ``active_from``:
    the first day it counts in reports (None: every period, e.g. a library registered late)."""
    institution = Institution(
        code=code,
        name=name,
        kind=kind,
        level=level,
        admin_unit=admin_unit,
        reporting_unit=reporting_unit,
        has_internet=has_internet,
        address=address or "",
        established_year=established_year,
        notes=notes or "",
        is_active=is_active,
        active_from=active_from,
        active_until=active_until,
    )
    _clean_and_save(institution, user)
    audit_record(user=user, action="create", obj=institution)
    return institution


@transaction.atomic
def institution_update(*, institution: Institution, user=None, **fields) -> Institution:
    """Change the given fields of ``institution``; the code cannot be changed."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"institution_update cannot set: {', '.join(sorted(unknown))}")
    # From the database: a ModelForm has already copied the new values onto ``institution``.
    columns = {name: f"{name}_id" if name in {"admin_unit", "reporting_unit"} else name for name in fields}
    before = Institution.objects.filter(pk=institution.pk).values(*columns.values()).first() or {}
    for name, value in fields.items():
        if name in {"address", "notes"} and value is None:
            value = ""
        setattr(institution, name, value)
    _clean_and_save(institution, user)
    changed = [name for name, column in columns.items() if before.get(column) != getattr(institution, column)]
    if changed:
        audit_record(user=user, action="update", obj=institution, detail=", ".join(changed))
    return institution


@transaction.atomic
def institution_set_active(
    *, institution: Institution, is_active: bool, on: datetime.date | None = None, user=None
) -> Institution:
    """Deactivate (or reactivate) an institution; the row and its history stay. Deactivated ``on``
    (default today) it still counts in every period up to that day (selectors.active_during)."""
    institution.is_active = is_active
    institution.active_until = None if is_active else (on or timezone.localdate())
    _clean_and_save(institution, user)
    audit_record(user=user, action="reactivate" if is_active else "deactivate", obj=institution)
    return institution
