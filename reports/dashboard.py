"""Reads for the leaders' dashboard: which period shows "this year", and the drill-downs."""
from collections import defaultdict

from django.db.models import Count, Max, Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.areas import AREA_UNIT_KINDS
from institutions.models import Institution, ReportingUnit
from institutions.places import area_on, place_day
from institutions.selectors import active_in
from targets.models import AppliesTo, Indicator, ScopeMode, Target

from reporting.models import Period, PeriodKind, SubmissionStatus, SubmissionValue
from reporting.selectors import indicators_for_period
from laichau_plan import formatting as fmt

from . import present
from .areas import PROVINCE_AREA, PROVINCE_AREA_CODE, Area
from .queries import statuses
from .rules import STATUS_LABELS, percent


def dashboard_year(requested=None):
    """The year asked for, else the latest year with an approved report, else this year."""
    if requested:
        return requested
    latest = Period.objects.filter(submissions__status=SubmissionStatus.APPROVED).aggregate(year=Max("year"))
    return latest["year"] or timezone.localdate().year


def dashboard_period(year):
    """The year's annual period when it has an approved report, else its six-month one. When two
    plans cover the year, each kind's period is that of the plan with approved reports in it (the
    later plan when both have)."""
    periods = list(
        Period.objects.filter(year=year, kind__in=[PeriodKind.ANNUAL, PeriodKind.HALF_YEAR])
        .select_related("plan")
        .annotate(approved=Count("submissions", filter=Q(submissions__status=SubmissionStatus.APPROVED)))
    )
    by_kind = {}
    for p in sorted(periods, key=lambda p: (not p.approved, -p.plan.start_year, p.plan.code)):
        by_kind.setdefault(p.kind, p)
    annual, half = by_kind.get(PeriodKind.ANNUAL), by_kind.get(PeriodKind.HALF_YEAR)
    if annual is not None and (annual.approved or half is None or not half.approved):
        return annual
    return half


def get_area(code):
    """The area (district) with ``code``, or the provincial level for ``tinh``; 404 otherwise."""
    if code == PROVINCE_AREA_CODE:
        return PROVINCE_AREA
    unit = (
        ReportingUnit.objects.filter(kind__in=AREA_UNIT_KINDS, admin_unit__code=code)
        .select_related("admin_unit")
        .first()
    )
    if unit is None:
        raise Http404
    return Area(unit.admin_unit.pk, unit.admin_unit.code, unit.admin_unit.name)


def area_target_rows(data, area):
    """The report's target rows that have a figure in ``area``, with that figure (``area_figure``), written
    (``area_actual``) and, for a per-institution target, the area's own status (``area_status``)."""
    rows = []
    for row in present.target_rows(data):
        figure = next((a for a in row["target"]["by_area"] if a["code"] == area.code), None)
        if figure is None or not row["key"]:
            continue
        status = figure.get("status")
        rows.append({
            **row,
            "area_figure": figure,
            "area_actual": present.area_actual(figure, row["indicator"]["aggregation"]),
            "area_status": _(STATUS_LABELS[status]) if status else "",
        })
    return rows


def area_chart_rows(rows):
    """``area_target_rows`` as the achievement chart draws them: the per-institution targets, each with the
    share of the area's institutions that reached the minimum and the area's status."""
    result = []
    for row in rows:
        figure = row["area_figure"]
        if not figure.get("status") or figure.get("institutions_meeting") is None:
            continue
        meeting, total = figure["institutions_meeting"], figure["institutions_total"]
        result.append({
            **row,
            "target": {"achievement_pct": percent(meeting, total), "institutions_meeting": meeting,
                       "institutions_total": total},
            "status": figure["status"],
            "status_label": row["area_status"],
        })
    return result


def area_institution_table(period, area, *, include_submitted=False):
    """Institutions of ``area`` and their figures for ``period``: (indicators, rows). Three queries."""
    indicators = [i for i in indicators_for_period(period) if i.applies_to == AppliesTo.INSTITUTION]
    base = Institution.objects.annotate(**area_on(place_day(period))).filter(active_in(period))
    institutions = list(base.filter(area=area.id) if area.id is not None else base.filter(area__isnull=True))
    institutions.sort(key=lambda i: (i.kind, i.level, i.sort_name))
    values = defaultdict(dict)
    rows = SubmissionValue.objects.filter(
        submission__period=period, submission__status__in=statuses(include_submitted), value__isnull=False,
        institution__in=[i.pk for i in institutions],
    ).values_list("institution_id", "indicator_id", "value")
    for institution_id, indicator_id, value in rows:
        values[institution_id][indicator_id] = value
    # Only the indicators the area's institutions report (a district without a museum shows none of the
    # museum's), and any other that carries a figure of theirs.
    reported = {indicator_id for figures in values.values() for indicator_id in figures}
    indicators = [
        indicator for indicator in indicators
        if indicator.pk in reported or any(indicator.applies_to_institution(i.kind, i.level) for i in institutions)
    ]
    minimums = _each_minimums(period, indicators)
    table = []
    for institution in institutions:
        cells = []
        for indicator in indicators:
            applies = indicator.applies_to_institution(institution.kind, institution.level)
            value = values[institution.pk].get(indicator.pk)
            low = minimums.get((indicator.pk, institution.kind, institution.level))
            cells.append({
                "applies": applies,
                "value": fmt.number(value, empty="—") if applies else "",
                "below": value is not None and low is not None and value < low,
                "missing": applies and value is None,
            })
        table.append({"institution": institution, "cells": cells})
    return indicators, table


def _each_minimums(period, indicators):
    """{(indicator id, kind, level): minimum} of the year's per-institution targets."""
    result = {}
    targets = Target.objects.filter(
        plan=period.plan, year=period.year, scope_mode=ScopeMode.EACH, target_min__isnull=False,
        indicator__in=[i.pk for i in indicators],
    ).select_related("indicator")
    for target in targets:
        kind = target.scope_kind or target.indicator.applies_kind
        for level in target.scope_levels or target.indicator.applies_levels or []:
            result[(target.indicator_id, kind, level)] = target.target_min
    return result


def institution_history(institution, plan):
    """An institution's approved figures, period by period: (periods, indicators, rows). Three queries."""
    periods = list(
        Period.objects.filter(plan=plan).exclude(kind=PeriodKind.AD_HOC).order_by("year", "-kind")
    )
    values = defaultdict(dict)
    indicator_ids = set()
    for period_id, indicator_id, value in SubmissionValue.objects.filter(
        institution=institution, submission__status=SubmissionStatus.APPROVED, value__isnull=False,
        submission__period__plan=plan,
    ).values_list("submission__period_id", "indicator_id", "value"):
        values[indicator_id][period_id] = value
        indicator_ids.add(indicator_id)
    indicators = list(Indicator.objects.filter(pk__in=indicator_ids).order_by("order", "code"))
    rows = [
        {"indicator": indicator, "cells": [fmt.number(values[indicator.pk].get(p.pk), empty="") for p in periods]}
        for indicator in indicators
    ]
    return periods, rows
