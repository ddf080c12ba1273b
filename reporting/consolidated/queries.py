"""The database side of the consolidated report: a fixed number of GROUP BY queries.

Nothing here runs a query per institution, unit or value; the number of queries depends
only on the plan (one more per per-institution target judged over a cadence window), never on
the amount of data.
"""
import decimal
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection
from django.db.models import Avg, BigIntegerField, Case, Count, F, IntegerField, Max, Q, Sum, Value, When

from institutions.models import AdminLevel, AdminUnit, Institution, ReportingUnit
from targets.models import Aggregation

from ..models import SubmissionStatus, SubmissionValue


def statuses(include_submitted):
    """Submission statuses whose figures count: approved, and submitted ones when asked."""
    if include_submitted:
        return [SubmissionStatus.APPROVED, SubmissionStatus.SUBMITTED]
    return [SubmissionStatus.APPROVED]


@dataclass(slots=True)
class Bucket:
    """Figures of one indicator in one period, added up over institutions alike in kind, level,
    admin unit and reporting unit (kind is None for a unit's own figures)."""

    period_id: int
    indicator_id: int
    kind: str | None
    level: str | None
    admin_unit_id: int | None  # the institution's, unless a commune; None for a unit's own figure
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
    commune_parent_id: int | None = None  # for an institution of a commune: the commune's parent


def admin_columns(prefix=""):
    """An institution's admin unit as two grouping columns: its id unless it is a commune, and for a
    commune, the commune's parent. Grouping by these instead of the admin unit itself keeps one group
    per district, not one per commune; ``ReportContext.area_of`` reads the district from them."""
    level = f"{prefix}admin_unit__level"
    return {
        "admin": Case(When(**{level: AdminLevel.COMMUNE}, then=Value(None)), default=F(f"{prefix}admin_unit_id"),
                      output_field=BigIntegerField()),
        "commune_parent": Case(When(**{level: AdminLevel.COMMUNE}, then=F(f"{prefix}admin_unit__parent_id")),
                               default=Value(None), output_field=BigIntegerField()),
    }


def _values(period_ids, indicator_ids, include_submitted, also=()):
    """Figures of ``indicator_ids`` in ``period_ids``, and of each (periods, indicators) in ``also``."""
    where = Q(submission__period_id__in=period_ids, indicator_id__in=indicator_ids)
    every_period = set(period_ids)
    for more_periods, more_indicators in also:
        if more_periods and more_indicators:
            where |= Q(submission__period_id__in=more_periods, indicator_id__in=more_indicators)
            every_period.update(more_periods)
    # All the periods once more, outside the OR: the planners (SQLite's above all) then start from
    # the submissions of those periods instead of every figure.
    return SubmissionValue.objects.filter(
        where, submission__period_id__in=sorted(every_period), submission__status__in=statuses(include_submitted),
        value__isnull=False,
    )


def _figures(include_submitted):
    figures = {"total": Sum("value"), "n": Count("id"), "yes": Count("id", filter=Q(value=1))}
    if include_submitted:
        figures["prov"] = Count("id", filter=Q(submission__status=SubmissionStatus.SUBMITTED))
    return figures


_FLOAT_CONTEXT = decimal.Context(prec=15)
_CENTS = Decimal("0.01")
_SUM_CONTEXT = decimal.Context(prec=SubmissionValue._meta.get_field("value").max_digits)


def _decimal(value):
    """A SUM as Decimal: PostgreSQL gives a Decimal; SQLite an int or a float, read as Django's
    own converter for a DecimalField reads it (15 significant digits, then two decimals)."""
    if value is None or isinstance(value, Decimal):
        return value
    return _FLOAT_CONTEXT.create_decimal_from_float(value).quantize(_CENTS, context=_SUM_CONTEXT)


def _raw_rows(queryset):
    """The rows of a ``.values().annotate()`` queryset as dicts, read with a plain cursor.

    Django's per-value converters cost more than the query itself on a few thousand groups; the
    only conversions the buckets need (a Decimal SUM, a boolean on SQLite) are done here.
    """
    query = queryset.query
    if query.selected:  # as django.db.models.query.ValuesIterable names the columns
        names = list(query.selected)
    else:
        names = [*query.extra_select, *query.values_select, *query.annotation_select]
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    result = []
    for values in rows:
        row = dict(zip(names, values))
        row["total"] = _decimal(row["total"])
        active = row.get("institution__is_active")
        if active is not None:
            row["institution__is_active"] = bool(active)
        result.append(row)
    return result


def _bucket(row, institution_id=None, thresholds={}):  # noqa: B006 (read only)
    """A Bucket from a row; ``thresholds`` as ``threshold_slots`` gives them."""
    return Bucket(
        period_id=row["submission__period_id"],
        indicator_id=row["indicator_id"],
        kind=row.get("institution__kind"),
        level=row.get("institution__level"),
        admin_unit_id=row.get("admin"),
        institution_unit_id=row.get("institution__reporting_unit_id"),
        unit_id=row.get("submission__reporting_unit_id"),
        institution_id=institution_id,
        total=row["total"] if row["total"] is not None else Decimal(0),
        count=row["n"],
        yes=row["yes"],
        provisional=row.get("prov", 0),
        institution_active=row.get("institution__is_active"),
        meeting={t.target_id: row[f"m{n}"] or 0 for n, t in thresholds.get(row["indicator_id"], ()) if t.low is not None},
        above={t.target_id: row[f"a{n}"] or 0 for n, t in thresholds.get(row["indicator_id"], ()) if t.high is not None},
        commune_parent_id=row.get("commune_parent"),
    )


@dataclass(frozen=True)
class Threshold:
    """A per-institution target judged on one period: its figures are counted against its bounds
    in the same GROUP BY (each institution has one figure per indicator and period)."""

    target_id: int
    indicator_id: int
    low: Decimal | None
    high: Decimal | None


def threshold_slots(thresholds):
    """{indicator id: [(slot, Threshold)]}: the n-th per-institution target of an indicator is
    counted in the n-th pair of columns (m<n>, a<n>), so the query has as many columns as the
    most thresholds any one indicator has, not one pair per target."""
    slots = {}
    for t in thresholds:
        mine = slots.setdefault(t.indicator_id, [])
        mine.append((len(mine), t))
    return slots


def _threshold_counts(thresholds, period_ids):
    """Columns m<n> (figures reaching the minimum) and a<n> (beyond the maximum) of the n-th
    threshold of each row's indicator: one CASE per column over the indicators."""
    slots = threshold_slots(thresholds)
    in_period = Q(submission__period_id=period_ids[0]) if len(period_ids) == 1 else Q(
        submission__period_id__in=period_ids
    )
    columns = {}
    for n in range(max((len(mine) for mine in slots.values()), default=0)):
        for prefix, bound, lookup in (("m", "low", "value__gte"), ("a", "high", "value__gt")):
            # CASE WHEN not this period THEN 0 WHEN indicator = i THEN (value reaches bound) ... END:
            # one comparison of the period and of the indicator a row, then one of the value.
            whens = [
                When(indicator_id=indicator_id, then=Case(When(**{lookup: getattr(t, bound)}, then=Value(1)),
                                                          default=Value(0)))
                for indicator_id, mine in slots.items() if len(mine) > n
                for slot, t in [mine[n]] if getattr(t, bound) is not None
            ]
            if whens:
                columns[f"{prefix}{n}"] = Sum(Case(When(~in_period, then=Value(0)), *whens, default=Value(0),
                                                   output_field=IntegerField()))
    return columns


def fetch_buckets(period_ids, indicator_ids, include_submitted, thresholds=(), *, also=()):
    """One query: figures grouped by period, indicator, kind, level, district (``admin_columns``)
    and reporting unit, with, for each per-institution target in ``thresholds``, how many reached
    its bounds (counted in ``period_ids`` only). ``also``: more (period ids, indicator ids) read in
    the same scan (the earlier years of cadence windows, the same period a year before).

    Joins only the institution, its admin unit and the submission: districts are worked out from
    the admin unit and unit ids afterwards (``ReportContext``), on a few hundred groups.
    """
    if not period_ids or not indicator_ids:
        return []
    rows = (
        _values(period_ids, indicator_ids, include_submitted, also)
        .annotate(**admin_columns("institution__"))
        .values(
            "submission__period_id", "indicator_id", "institution__kind", "institution__level",
            "admin", "commune_parent", "institution__reporting_unit_id", "submission__reporting_unit_id",
            "institution__is_active",
        )
        .annotate(**_figures(include_submitted), **_threshold_counts(thresholds, list(period_ids)))
        .order_by()
    )
    return _buckets_from_rows(rows, threshold_slots(thresholds))


def _buckets_from_rows(queryset, slots):
    """Buckets straight from the cursor's tuples (``_raw_rows`` and ``_bucket`` in one step: no
    dict per row, a few µs less on each of thousands of groups)."""
    query = queryset.query
    names = list(query.selected) if query.selected else [
        *query.extra_select, *query.values_select, *query.annotation_select
    ]
    at = {name: index for index, name in enumerate(names)}
    sql, params = query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = cursor.fetchall()
    i_period, i_indicator = at["submission__period_id"], at["indicator_id"]
    i_kind, i_level, i_admin = at["institution__kind"], at["institution__level"], at["admin"]
    i_inst_unit, i_unit = at["institution__reporting_unit_id"], at["submission__reporting_unit_id"]
    i_total, i_n, i_yes, i_prov = at["total"], at["n"], at["yes"], at.get("prov")
    i_active, i_parent = at["institution__is_active"], at["commune_parent"]
    columns = {indicator_id: ([(t.target_id, at[f"m{n}"]) for n, t in mine if t.low is not None],
                              [(t.target_id, at[f"a{n}"]) for n, t in mine if t.high is not None])
               for indicator_id, mine in slots.items()}
    nothing = ((), ())
    result = []
    for row in rows:
        total = row[i_total]
        active = row[i_active]
        meeting_columns, above_columns = columns.get(row[i_indicator], nothing)
        result.append(Bucket(
            row[i_period], row[i_indicator], row[i_kind], row[i_level], row[i_admin], row[i_inst_unit], row[i_unit],
            None, Decimal(0) if total is None else _decimal(total), row[i_n], row[i_yes],
            row[i_prov] if i_prov is not None else 0, None if active is None else bool(active),
            {target_id: row[index] or 0 for target_id, index in meeting_columns},
            {target_id: row[index] or 0 for target_id, index in above_columns},
            row[i_parent],
        ))
    return result


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
    """One query: active institutions counted by kind, level, district (``admin_columns``) and
    reporting unit: rows (kind, level, admin unit id, commune parent id, unit id, n)."""
    return _institution_counts()


def _institution_counts():
    rows = (
        Institution.objects.filter(is_active=True)
        .annotate(**admin_columns())
        .values("kind", "level", "admin", "commune_parent", "reporting_unit_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    return [
        (row["kind"], row["level"], row["admin"], row["commune_parent"], row["reporting_unit_id"], row["n"])
        for row in rows
    ]


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
    admin_table = connection.ops.quote_name(AdminUnit._meta.db_table)
    if per_unit:
        columns, selected, join, params = "i.id", "NULL, NULL, i.id", "", []
    else:
        admin = "CASE WHEN a.level = %s THEN NULL ELSE i.admin_unit_id END"
        parent = "CASE WHEN a.level = %s THEN a.parent_id ELSE NULL END"
        columns = f"{admin}, {parent}, i.reporting_unit_id"
        selected = columns
        join = f" LEFT OUTER JOIN {admin_table} a ON a.id = i.admin_unit_id"
        params = [AdminLevel.COMMUNE, AdminLevel.COMMUNE]
    sql = (
        f"SELECT {selected}, COUNT(*), "
        "SUM(CASE WHEN e.v >= CAST(%s AS NUMERIC) THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN e.v > CAST(%s AS NUMERIC) THEN 1 ELSE 0 END), "
        "SUM(CASE WHEN i.is_active THEN 0 ELSE 1 END) "
        f"FROM ({inner_sql}) e INNER JOIN {table} i ON i.id = e.entity{join} "
        f"GROUP BY {columns}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, _bound(low), _bound(high), *inner_params, *params])
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
