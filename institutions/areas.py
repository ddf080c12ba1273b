"""Districts of institutions and reporting units: every definition in one place.

The district a report counts a figure under (the expressions, for filters and group-bys, and
their Python twins, for rows already loaded; ``reports.queries.FIGURES_SQL`` writes
``admin_area_expression`` in SQL for its one raw statement):

- a reporting unit: its admin unit when it is a district's People's Committee over a district;
  none otherwise (the department, its own units, the provincial bodies);
- an institution: its reporting unit's district when it has one; otherwise the district its own
  admin unit gives (the unit itself when district-level, its parent when a commune); none for a
  provincial institution.

The district an institution lies in, for the registry (``district_of``, ``lies_in``): from its
admin unit only. The two agree wherever a district's People's Committee reports the
institutions on its own territory, the usual case.
"""
from django.db.models import BigIntegerField, Case, F, Q, Value, When
from django.db.models.functions import Coalesce

from .models import AdminLevel, ReportingUnitKind


def unit_area_expression(prefix=""):
    """Area id of a reporting unit (path ``prefix``)."""
    return Case(
        When(
            Q(**{f"{prefix}kind": ReportingUnitKind.DISTRICT, f"{prefix}admin_unit__level": AdminLevel.DISTRICT}),
            then=F(f"{prefix}admin_unit_id"),
        ),
        default=Value(None),
        output_field=BigIntegerField(),
    )


def admin_area_expression(prefix=""):
    """Area id an admin unit gives (path ``prefix``): a district itself, a commune's parent, none for
    the province."""
    return Case(
        When(Q(**{f"{prefix}level": AdminLevel.DISTRICT}), then=F(f"{prefix}id")),
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


def unit_area(kind, admin_id, admin_level):
    """Python twin of ``unit_area_expression``."""
    if kind == ReportingUnitKind.DISTRICT and admin_id is not None and admin_level == AdminLevel.DISTRICT:
        return admin_id
    return None


def admin_area(level, admin_id, parent_id):
    """Python twin of ``admin_area_expression``."""
    if level == AdminLevel.DISTRICT:
        return admin_id
    if level == AdminLevel.COMMUNE:
        return parent_id
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


def lies_in(district):
    """Filter for the institutions that lie in ``district`` (``district_of``)."""
    return Q(admin_unit=district) | Q(admin_unit__parent=district)
