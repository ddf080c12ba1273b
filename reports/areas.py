"""Districts ("areas") of institutions and reporting units, computed in the database.

The district of an institution is its reporting unit's area when that unit is a district
People's Committee; otherwise the district of the institution's own administrative unit (itself
when district-level, its parent when a commune). Provincial institutions and the bodies of the
province have no district: they are grouped as "Cấp tỉnh" (``PROVINCE_AREA``).
"""
from dataclasses import dataclass

from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.utils.translation import gettext_noop

from institutions.models import AdminLevel, ReportingUnitKind

PROVINCE_AREA_CODE = "tinh"
PROVINCE_AREA_NAME = gettext_noop("Cấp tỉnh")  # Vietnamese in the data; pages translate it


@dataclass(frozen=True)
class Area:
    id: int | None  # AdminUnit id; None for the provincial level
    code: str
    name: str

    @property
    def sort_key(self):
        return (self.id is not None, self.code)


PROVINCE_AREA = Area(None, PROVINCE_AREA_CODE, PROVINCE_AREA_NAME)


def unit_area_expression(prefix=""):
    """Area id of a reporting unit (path ``prefix``): its admin unit when it is a district's UBND."""
    return Case(
        When(
            Q(**{f"{prefix}kind": ReportingUnitKind.DISTRICT, f"{prefix}admin_unit__level": AdminLevel.DISTRICT}),
            then=F(f"{prefix}admin_unit_id"),
        ),
        default=Value(None),
        output_field=BigIntegerField(),
    )


def institution_area_expression(prefix=""):
    """Area id of an institution (path ``prefix``), as described in the module docstring."""
    unit = f"{prefix}reporting_unit__"
    return Case(
        When(
            Q(**{f"{unit}kind": ReportingUnitKind.DISTRICT, f"{unit}admin_unit__level": AdminLevel.DISTRICT}),
            then=F(f"{unit}admin_unit_id"),
        ),
        When(Q(**{f"{prefix}admin_unit__level": AdminLevel.DISTRICT}), then=F(f"{prefix}admin_unit_id")),
        When(Q(**{f"{prefix}admin_unit__level": AdminLevel.COMMUNE}), then=F(f"{prefix}admin_unit__parent_id")),
        default=Value(None),
        output_field=BigIntegerField(),
    )


def unit_area(kind, admin_id, admin_level):
    """Python twin of ``unit_area_expression``: the district of a reporting unit of ``kind`` over
    an admin unit, its own when a district's People's Committee."""
    if kind == ReportingUnitKind.DISTRICT and admin_id is not None and admin_level == AdminLevel.DISTRICT:
        return admin_id
    return None


def admin_area(level, admin_id, parent_id):
    """The district an admin unit gives: a commune's parent, a district itself, none for the province."""
    if level == AdminLevel.DISTRICT:
        return admin_id
    if level == AdminLevel.COMMUNE:
        return parent_id
    return None


def unit_level(unit_kind):
    """The level a reporting unit stands for, matched against a target's ``scope_levels``."""
    return "district" if unit_kind == ReportingUnitKind.DISTRICT else "province"
