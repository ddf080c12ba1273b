"""Writes to the institutions registry. Institutions are never deleted, only deactivated."""
from django.db import transaction

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
)


def _clean_and_save(institution):
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
) -> Institution:
    """Create an institution; raises ValidationError (e.g. a code already used)."""
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
    )
    return _clean_and_save(institution)


@transaction.atomic
def institution_update(*, institution: Institution, **fields) -> Institution:
    """Change the given fields of ``institution``; the code cannot be changed."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"institution_update cannot set: {', '.join(sorted(unknown))}")
    for name, value in fields.items():
        if name in {"address", "notes"} and value is None:
            value = ""
        setattr(institution, name, value)
    return _clean_and_save(institution)


@transaction.atomic
def institution_set_active(*, institution: Institution, is_active: bool) -> Institution:
    """Deactivate (or reactivate) an institution; the row and its history stay."""
    institution.is_active = is_active
    return _clean_and_save(institution)
