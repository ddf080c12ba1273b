"""Areas of institutions and reporting units: every definition in one place.

A report's areas are the units just under the province in the structure its institutions stood
in: the districts of the 2015 structure (a commune's area is its district), the communes and wards
of the two-level map since 1 July 2025 (a commune directly under the province is its own area).

The area a report counts a figure under (the expressions, for filters and group-bys, and their
Python twins, for rows already loaded; ``reports.queries.FIGURES_SQL`` writes
``admin_area_expression`` in SQL for its one raw statement):

- a reporting unit: the area its admin unit gives when it is a district's or a commune's People's
  Committee; none otherwise (the department, its own units, the provincial bodies);
- an institution: its reporting unit's area when it has one; otherwise the area its own admin
  unit gives (the district itself, a district's commune its parent, a commune under the province
  itself); none for a provincial institution. Where it stood on a day: ``institutions.places``.

The district an institution lies in, for the registry (``district_of``, ``lies_in``): from its
admin unit only. The two agree wherever a People's Committee reports the institutions on its own
territory, the usual case.
"""
from django.db.models import BigIntegerField, Case, Exists, F, OuterRef, Q, Value, When
from django.db.models.functions import Coalesce

from .models import AdminLevel, InstitutionPlace, ReportingUnitKind


# The reporting units whose institutions count in their own area.
AREA_UNIT_KINDS = (ReportingUnitKind.DISTRICT, ReportingUnitKind.COMMUNE)


def unit_area_expression(prefix=""):
    """Area id of a reporting unit (path ``prefix``)."""
    return Case(
        When(Q(**{f"{prefix}kind__in": AREA_UNIT_KINDS}), then=admin_area_expression(f"{prefix}admin_unit__")),
        default=Value(None),
        output_field=BigIntegerField(),
    )


def admin_area_expression(prefix=""):
    """Area id an admin unit gives (path ``prefix``): a district itself, a district's commune its
    parent, a commune under the province itself, none for the province."""
    return Case(
        When(Q(**{f"{prefix}level": AdminLevel.DISTRICT}), then=F(f"{prefix}id")),
        When(Q(**{f"{prefix}level": AdminLevel.COMMUNE, f"{prefix}parent__level": AdminLevel.PROVINCE}),
             then=F(f"{prefix}id")),
        When(Q(**{f"{prefix}level": AdminLevel.COMMUNE}), then=F(f"{prefix}parent_id")),
        default=Value(None),
        output_field=BigIntegerField(),
    )


def institution_area_expression(prefix=""):
    """Area id of an institution (path ``prefix``): its reporting unit's, else its admin unit's."""
    return Coalesce(
        unit_area_expression(f"{prefix}reporting_unit__"), admin_area_expression(f"{prefix}admin_unit__"),
        output_field=BigIntegerField(),
    )


def unit_area(kind, admin_id, admin_level, parent_id=None, parent_level=None):
    """Python twin of ``unit_area_expression``, from the unit's admin unit and its parent."""
    if kind not in AREA_UNIT_KINDS or admin_id is None:
        return None
    return admin_area(admin_level, admin_id, parent_id, parent_level)


def admin_area(level, admin_id, parent_id, parent_level=None):
    """Python twin of ``admin_area_expression`` (``parent_level``: the level of ``parent_id``)."""
    if level == AdminLevel.DISTRICT:
        return admin_id
    if level == AdminLevel.COMMUNE:
        return admin_id if parent_level == AdminLevel.PROVINCE else parent_id
    return None


def institution_area(unit_area_id, admin_area_id):
    """Python twin of ``institution_area_expression``, from its reporting unit's area
    (``unit_area``) and the one its own admin unit gives (``admin_area``)."""
    return admin_area_id if unit_area_id is None else unit_area_id


def district_of(institution):
    """The district-level admin unit an institution lies in (None for a provincial institution
    or a commune of the two-level map), for the registry's pages: where it is, whoever reports it."""
    admin_unit = institution.admin_unit
    if admin_unit.level == AdminLevel.DISTRICT:
        return admin_unit
    parent = admin_unit.parent
    if parent is not None and parent.level == AdminLevel.DISTRICT:
        return parent
    return None


def lies_in(area):
    """Filter for the institutions that lie in ``area`` (a district, or a commune under the
    province) or stood in it before they moved (``places``)."""
    stood = InstitutionPlace.objects.filter(institution=OuterRef("pk")).filter(
        Q(admin_unit=area) | Q(admin_unit__parent=area))
    return Q(admin_unit=area) | Q(admin_unit__parent=area) | Q(Exists(stood))


def in_structure(structure):
    """Filter for the institutions placed in a unit of ``structure`` ("2015", "2025") now or before."""
    stood = InstitutionPlace.objects.filter(institution=OuterRef("pk"), admin_unit__structure=structure)
    return Q(admin_unit__structure=structure) | Q(Exists(stood))
