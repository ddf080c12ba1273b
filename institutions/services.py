"""Writes to the institutions registry. Institutions are never deleted, only deactivated."""
import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from .models import AdminUnit, Institution, InstitutionPlace, ReportingUnit

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
def institution_update(*, institution: Institution, user=None, moved_on=None, **fields) -> Institution:
    """Change the given fields of ``institution``; the code cannot be changed. With ``moved_on``, a
    new admin unit or reporting unit is a move from that day (``institution_move``), not a
    correction of the place it has stood in since its current place began."""
    if moved_on is not None:  # institution_move reads the place it leaves from the database
        admin_unit = fields.pop("admin_unit", institution.admin_unit)
        reporting_unit = fields.pop("reporting_unit", institution.reporting_unit)
        institution_move(institution=institution, admin_unit=admin_unit, reporting_unit=reporting_unit,
                         on=moved_on, user=user)
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


def _valid_on(admin_unit, day):
    return (admin_unit.valid_from is None or admin_unit.valid_from <= day) and (
        admin_unit.valid_to is None or admin_unit.valid_to >= day
    )


@transaction.atomic
def institution_move(
    *, institution: Institution, admin_unit: AdminUnit, reporting_unit: ReportingUnit, on: datetime.date, user=None
) -> Institution:
    """Move ``institution`` to ``admin_unit`` and ``reporting_unit`` from the day ``on``: where it
    stood until the day before is kept (``InstitutionPlace``), so every period before ``on`` is
    reported as it was. Raises ValidationError when the day is not after its current place began,
    or the admin unit is not in force on that day (a 2015 commune after 30/06/2025)."""
    callers_copy = institution
    institution = Institution.objects.select_for_update().select_related("admin_unit", "reporting_unit").get(
        pk=institution.pk
    )
    if institution.placed_since is not None and on <= institution.placed_since:
        raise ValidationError({"moved_on": _("Ngày chuyển phải sau ngày %(day)s, ngày thiết chế về địa bàn hiện tại.")
                               % {"day": institution.placed_since.strftime("%d/%m/%Y")}})
    if not _valid_on(admin_unit, on):
        raise ValidationError({"admin_unit": _(
            "Địa bàn %(name)s (cơ cấu %(structure)s) không có hiệu lực vào ngày %(day)s; hãy chọn địa bàn "
            "của cơ cấu đang có hiệu lực ngày đó."
        ) % {"name": admin_unit.name, "structure": admin_unit.structure, "day": on.strftime("%d/%m/%Y")}})
    if (admin_unit.pk, reporting_unit.pk) == (institution.admin_unit_id, institution.reporting_unit_id):
        raise ValidationError({"admin_unit": _("Thiết chế đang ở địa bàn và đơn vị báo cáo này.")})
    before = f"{institution.admin_unit.name} / {institution.reporting_unit.name}"
    InstitutionPlace.objects.create(
        institution=institution, admin_unit_id=institution.admin_unit_id,
        reporting_unit_id=institution.reporting_unit_id, valid_from=institution.placed_since,
        valid_to=on - datetime.timedelta(days=1), moved_by=user if user and user.is_authenticated else None,
    )
    for target in (institution, callers_copy):  # the caller's too: saving it later must not move it back
        target.admin_unit, target.reporting_unit, target.placed_since = admin_unit, reporting_unit, on
    _clean_and_save(institution)
    # Stored in Vietnamese, as every audit detail (the log is the office's record).
    after = f"{admin_unit.name} / {reporting_unit.name}"
    audit_record(user=user, action="update", obj=institution,
                 detail=f"chuyển địa bàn từ {before} sang {after} từ ngày {on:%d/%m/%Y}")
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
