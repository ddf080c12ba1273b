"""Where an institution stood on a given day: every rule of dated places in one place.

An institution's current place (admin unit and reporting unit) is on the institution, since
``placed_since``; each earlier place is an ``InstitutionPlace`` row ending the day before the
next began (``services.institution_move``). The place on ``day`` is the earlier place whose dates
cover the day, if any, else the current one. Reports place each institution where it stood on the
last day of the period's data window (``place_day``): a 2019 report keeps its districts after the
institutions moved to the communes of 2025.

Two twins of the same rule: ``placed_on`` for the ORM (a filtered join and two COALESCEs) and
``PLACE_JOIN_SQL`` for the report's one raw statement.
"""
from django.db.models import BigIntegerField, FilteredRelation, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce


def place_day(period):
    """The day a period's report places institutions on: the last day of its data window."""
    return period.cutoff_end


def covering(day, prefix=""):
    """Earlier places (path ``prefix``) whose dates cover ``day``."""
    return (Q(**{f"{prefix}valid_from__isnull": True}) | Q(**{f"{prefix}valid_from__lte": day})) & Q(
        **{f"{prefix}valid_to__gte": day}
    )


def placed_on(day, prefix=""):
    """Annotations for ``.annotate(**placed_on(day))`` on institutions (path ``prefix`` from the
    queried model): ``then_admin_unit`` and ``then_reporting_unit``, the ids of its place on ``day``."""
    relation = f"{prefix}past_places"
    alias = f"{prefix.replace('__', '_')}place_then"
    return {
        alias: FilteredRelation(relation, condition=covering(day, f"{relation}__")),
        "then_admin_unit": Coalesce(f"{alias}__admin_unit_id", f"{prefix}admin_unit_id", output_field=BigIntegerField()),
        "then_reporting_unit": Coalesce(
            f"{alias}__reporting_unit_id", f"{prefix}reporting_unit_id", output_field=BigIntegerField()
        ),
    }


def area_on(day, prefix=""):
    """Annotations for institutions (path ``prefix``): ``placed_on(day)`` and ``area``, the area
    (``areas.institution_area_expression``) of their place on ``day``, by two subqueries."""
    from .areas import admin_area_expression, unit_area_expression
    from .models import AdminUnit, ReportingUnit

    by_unit = ReportingUnit.objects.filter(pk=OuterRef("then_reporting_unit")).values(area=unit_area_expression())
    by_admin = AdminUnit.objects.filter(pk=OuterRef("then_admin_unit")).values(area=admin_area_expression())
    return {**placed_on(day, prefix), "area": Coalesce(Subquery(by_unit.order_by()), Subquery(by_admin.order_by()),
                                                 output_field=BigIntegerField())}


def placed_with(unit, day, queryset):
    """The institutions of ``queryset`` that ``unit`` reported on ``day``."""
    return queryset.annotate(**placed_on(day)).filter(then_reporting_unit=unit.pk)


# The same join for ``reports.queries.FIGURES_SQL`` (institution alias ``i``, parameter ``placed_on``):
# its columns ``PLACE_ADMIN_SQL`` and ``PLACE_UNIT_SQL`` are the place's ids.
PLACE_JOIN_SQL = (
    "LEFT OUTER JOIN institutions_institutionplace p ON p.institution_id = i.id"
    " AND (p.valid_from IS NULL OR p.valid_from <= %(placed_on)s) AND p.valid_to >= %(placed_on)s"
)
PLACE_ADMIN_SQL = "COALESCE(p.admin_unit_id, i.admin_unit_id)"
PLACE_UNIT_SQL = "COALESCE(p.reporting_unit_id, i.reporting_unit_id)"
