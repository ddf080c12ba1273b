"""The database side of the consolidated report: a fixed number of GROUP BY queries.

Nothing here runs a query per institution, unit or value; the number of queries depends
only on the plan (how many per-institution targets it has), never on the amount of data.
"""
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Avg, Count, Max, Q, Sum

from institutions.models import Institution, ReportingUnit
from targets.models import Aggregation

from ..models import SubmissionStatus, SubmissionValue
from .areas import institution_area_expression, unit_area_expression, value_area_expression


def statuses(include_submitted):
    """Submission statuses whose figures count: approved, and submitted ones when asked."""
    if include_submitted:
        return [SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED]
    return [SubmissionStatus.APPROVED]


@dataclass(frozen=True)
class Bucket:
    """Figures of one indicator in one period, added up over institutions alike in kind, level,
    district and reporting unit (kind is None for a unit's own figures)."""

    period_id: int
    indicator_id: int
    kind: str | None
    level: str | None
    area_id: int | None
    unit_id: int
    institution_id: int | None
    total: Decimal
    count: int
    yes: int
    provisional: int


def _values(period_ids, indicator_ids, include_submitted):
    return SubmissionValue.objects.filter(
        submission__period_id__in=period_ids,
        submission__status__in=statuses(include_submitted),
        indicator_id__in=indicator_ids,
        value__isnull=False,
    )


def _figures():
    return {
        "total": Sum("value"),
        "n": Count("id"),
        "yes": Count("id", filter=Q(value=1)),
        "prov": Count("id", filter=Q(submission__status=SubmissionStatus.SUBMITTED)),
    }


def _bucket(row, institution_id=None):
    return Bucket(
        period_id=row["submission__period_id"],
        indicator_id=row["indicator_id"],
        kind=row.get("institution__kind"),
        level=row.get("institution__level"),
        area_id=row.get("area"),
        unit_id=row.get("submission__reporting_unit_id"),
        institution_id=institution_id,
        total=row["total"] if row["total"] is not None else Decimal(0),
        count=row["n"],
        yes=row["yes"],
        provisional=row["prov"],
    )


def fetch_buckets(period_ids, indicator_ids, include_submitted):
    """One query: figures grouped by period, indicator, kind, level, district and unit."""
    rows = (
        _values(period_ids, indicator_ids, include_submitted)
        .annotate(area=value_area_expression())
        .values(
            "submission__period_id", "indicator_id", "institution__kind", "institution__level", "area",
            "submission__reporting_unit_id",
        )
        .annotate(**_figures())
        .order_by()
    )
    return [_bucket(row) for row in rows]


def fetch_institution_figures(period_ids, indicator_ids, institution_ids, include_submitted):
    """One query: the figures of the few institutions named by single-institution targets."""
    if not institution_ids:
        return []
    rows = (
        _values(period_ids, indicator_ids, include_submitted)
        .filter(institution_id__in=institution_ids)
        .values("submission__period_id", "indicator_id", "institution_id", "institution__kind", "institution__level")
        .annotate(**_figures())
        .order_by()
    )
    return [_bucket(row, institution_id=row["institution_id"]) for row in rows]


def fetch_institution_counts():
    """One query: active institutions counted by kind, level, district and reporting unit."""
    rows = (
        Institution.objects.filter(is_active=True)
        .annotate(area=institution_area_expression())
        .values("kind", "level", "area", "reporting_unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(row["kind"], row["level"], row["area"], row["reporting_unit_id"], row["n"]) for row in rows]


_PER_ENTITY = {
    Aggregation.SUM: Sum,
    Aggregation.AVERAGE: Avg,
    Aggregation.SHARE_YES: Max,
    Aggregation.LATEST: Sum,  # over one period: the entity's own figure
}


def fetch_each_counts(*, indicator, scope, period_ids, include_submitted, low, high):
    """One query for a per-institution target: by district, how many institutions (or units)
    are in scope, reported, reached the minimum and went beyond the maximum.

    An institution's figure is its own aggregate over ``period_ids`` (the cadence window).
    Returns {area id: (total, reported, meeting, above)}.
    """
    values = _values(period_ids, [indicator.pk], include_submitted)
    per_unit = scope.unit_level
    key = "submission__reporting_unit_id" if per_unit else "institution_id"
    values = values.filter(institution__isnull=per_unit)
    per_entity = values.values(key).annotate(v=_PER_ENTITY[indicator.aggregation]("value")).order_by()
    reported_ids = per_entity.values(key)
    if per_unit:
        entities = ReportingUnit.objects.filter(scope.unit_filter()).annotate(area=unit_area_expression())
    else:
        entities = Institution.objects.filter(scope.institution_filter()).annotate(
            area=institution_area_expression()
        )
    entities = entities.filter(Q(is_active=True) | Q(pk__in=reported_ids))
    counts = {
        "total": Count("pk", distinct=True),
        "reported": Count("pk", distinct=True, filter=Q(pk__in=reported_ids)),
    }
    if low is not None:
        counts["meeting"] = Count("pk", distinct=True, filter=Q(pk__in=per_entity.filter(v__gte=low).values(key)))
    if high is not None:
        counts["above"] = Count("pk", distinct=True, filter=Q(pk__in=per_entity.filter(v__gt=high).values(key)))
    rows = entities.values("area").annotate(**counts).order_by()
    return {
        row["area"]: (row["total"], row["reported"], row.get("meeting"), row.get("above"))
        for row in rows
    }
