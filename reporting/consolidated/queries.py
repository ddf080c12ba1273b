"""The database side of the consolidated report: a fixed number of GROUP BY queries.

Nothing here runs a query per institution, unit or value; the number of queries depends
only on the plan (one more per per-institution target judged over a cadence window), never on
the amount of data.
"""
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, Count, F, Max, Q, Sum

from institutions.models import Institution, ReportingUnit
from targets.models import Aggregation

from ..models import SubmissionStatus, SubmissionValue


def statuses(include_submitted):
    """Submission statuses whose figures count: approved, and submitted ones when asked."""
    if include_submitted:
        return [SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED]
    return [SubmissionStatus.APPROVED]


@dataclass(frozen=True)
class Bucket:
    """Figures of one indicator in one period, added up over institutions alike in kind, level,
    admin unit and reporting unit (kind is None for a unit's own figures)."""

    period_id: int
    indicator_id: int
    kind: str | None
    level: str | None
    admin_unit_id: int | None  # the institution's; None for a unit's own figure
    institution_unit_id: int | None  # the institution's reporting unit
    unit_id: int  # the submission's reporting unit
    institution_id: int | None
    total: Decimal
    count: int
    yes: int
    provisional: int
    institution_active: bool | None = None  # None for a unit's own figure
    meeting: dict = field(default_factory=dict)  # per-institution target id -> figures >= its minimum
    above: dict = field(default_factory=dict)  # per-institution target id -> figures > its maximum


def _values(period_ids, indicator_ids, include_submitted):
    return SubmissionValue.objects.filter(
        submission__period_id__in=period_ids,
        submission__status__in=statuses(include_submitted),
        indicator_id__in=indicator_ids,
        value__isnull=False,
    )


def _figures(include_submitted):
    figures = {"total": Sum("value"), "n": Count("id"), "yes": Count("id", filter=Q(value=1))}
    if include_submitted:
        figures["prov"] = Count("id", filter=Q(submission__status=SubmissionStatus.SUBMITTED))
    return figures


def _bucket(row, institution_id=None, thresholds=()):
    return Bucket(
        period_id=row["submission__period_id"],
        indicator_id=row["indicator_id"],
        kind=row.get("institution__kind"),
        level=row.get("institution__level"),
        admin_unit_id=row.get("institution__admin_unit_id"),
        institution_unit_id=row.get("institution__reporting_unit_id"),
        unit_id=row.get("submission__reporting_unit_id"),
        institution_id=institution_id,
        total=row["total"] if row["total"] is not None else Decimal(0),
        count=row["n"],
        yes=row["yes"],
        provisional=row.get("prov", 0),
        institution_active=row.get("institution__is_active"),
        meeting={t.target_id: row[f"m{t.target_id}"] for t in thresholds if t.low is not None},
        above={t.target_id: row[f"a{t.target_id}"] for t in thresholds if t.high is not None},
    )


@dataclass(frozen=True)
class Threshold:
    """A per-institution target judged on one period: its figures are counted against its bounds
    in the same GROUP BY (each institution has one figure per indicator and period)."""

    target_id: int
    indicator_id: int
    low: Decimal | None
    high: Decimal | None


def _threshold_counts(thresholds):
    counts = {}
    for t in thresholds:
        if t.low is not None:
            counts[f"m{t.target_id}"] = Count("id", filter=Q(indicator_id=t.indicator_id, value__gte=t.low))
        if t.high is not None:
            counts[f"a{t.target_id}"] = Count("id", filter=Q(indicator_id=t.indicator_id, value__gt=t.high))
    return counts


def fetch_buckets(period_ids, indicator_ids, include_submitted, thresholds=()):
    """One query: figures grouped by period, indicator, kind, level, admin unit and reporting unit,
    with, for each per-institution target in ``thresholds``, how many reached its bounds.

    No joins beyond the institution and the submission: districts are worked out from the
    admin unit and unit ids afterwards (``ReportContext``), on a few hundred groups.
    """
    if not period_ids or not indicator_ids:
        return []
    rows = (
        _values(period_ids, indicator_ids, include_submitted)
        .values(
            "submission__period_id", "indicator_id", "institution__kind", "institution__level",
            "institution__admin_unit_id", "institution__reporting_unit_id", "submission__reporting_unit_id",
            "institution__is_active",
        )
        .annotate(**_figures(include_submitted), **_threshold_counts(thresholds))
        .order_by()
    )
    return [_bucket(row, thresholds=thresholds) for row in rows]


def fetch_totals(period_ids, indicator_ids, include_submitted):
    """One query: figures grouped only as finely as scopes need (no districts): for comparisons."""
    if not period_ids or not indicator_ids:
        return []
    rows = (
        _values(period_ids, indicator_ids, include_submitted)
        .values("submission__period_id", "indicator_id", "institution__kind", "institution__level",
                "submission__reporting_unit_id")
        .annotate(**_figures(include_submitted))
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
        .annotate(**_figures(include_submitted))
        .order_by()
    )
    return [_bucket(row, institution_id=row["institution_id"]) for row in rows]


def fetch_institution_counts():
    """One query: active institutions counted by kind, level, admin unit and reporting unit."""
    rows = (
        Institution.objects.filter(is_active=True)
        .values("kind", "level", "admin_unit_id", "reporting_unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [(row["kind"], row["level"], row["admin_unit_id"], row["reporting_unit_id"], row["n"]) for row in rows]


_PER_ENTITY = {
    Aggregation.SUM: Sum,
    Aggregation.AVERAGE: Avg,
    Aggregation.SHARE_YES: Max,
    Aggregation.LATEST: Sum,  # over one period: the entity's own figure
}


def fetch_each_counts(*, indicator, scope, period_ids, include_submitted, low, high):
    """One query for a per-institution target judged over a cadence window: institutions (or
    units) that reported, reached the minimum and went beyond the maximum, grouped by admin unit
    and reporting unit.

    Each entity's figure is its own aggregate over ``period_ids``: an inner GROUP BY per entity,
    an outer GROUP BY that counts. Returns rows
    (admin unit id or None, reporting unit id, reported, meeting, above, inactive).
    """
    values = _values(period_ids, [indicator.pk], include_submitted)
    per_unit = scope.unit_level
    if per_unit:
        key = "submission__reporting_unit_id"
        in_scope = _prefixed(scope.unit_filter(), "submission__reporting_unit__")
    else:
        key = "institution_id"
        in_scope = _prefixed(scope.institution_filter(), "institution__")
    values = values.filter(institution__isnull=per_unit).filter(in_scope)
    inner = values.values(entity=F(key)).annotate(v=_PER_ENTITY[indicator.aggregation]("value")).order_by()
    inner_sql, inner_params = inner.query.sql_with_params()
    model = ReportingUnit if per_unit else Institution
    table = connection.ops.quote_name(model._meta.db_table)
    columns = "i.id" if per_unit else "i.admin_unit_id, i.reporting_unit_id"
    sql = (
        f"SELECT {'NULL, ' if per_unit else ''}{columns}, COUNT(*), "
        "SUM(CASE WHEN e.v >= CAST(%s AS NUMERIC) THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN e.v > CAST(%s AS NUMERIC) THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN i.is_active THEN 0 ELSE 1 END) "
        f"FROM ({inner_sql}) e INNER JOIN {table} i ON i.id = e.entity "
        f"GROUP BY {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [_bound(low), _bound(high), *inner_params])
        return [tuple(row) for row in cursor.fetchall()]


def _bound(value):
    return None if value is None else str(value)


def _prefixed(query, prefix):
    """``query`` (a Q on Institution or ReportingUnit fields) with every lookup under ``prefix``."""
    result = Q()
    result.connector, result.negated = query.connector, query.negated
    for child in query.children:
        if isinstance(child, Q):
            result.children.append(_prefixed(child, prefix))
        else:
            lookup, value = child
            result.children.append((prefix + lookup, value))
    return result
