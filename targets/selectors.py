"""Reading plans: the plan at a glance, an indicator's targets, export rows, cadence blocks."""
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils.translation import gettext as _

from audit.history import object_history, versions_of_rows
from institutions.models import InstitutionKind, InstitutionLevel, ReportingUnitKind

from .models import Aggregation, AppliesTo, Indicator, Plan, ScopeMode, Target, TaskResponsibility, ValueType


def plan_latest():
    """The plan in force: the one that starts last."""
    return Plan.objects.order_by("-start_year", "-issued_on", "code").first()


def get_plan(code):
    plan = Plan.objects.filter(code=code).first()
    if plan is None:
        raise Http404
    return plan


def plan_indicators(plan_id):
    """The indicators of a plan: those it sets targets for or ties to one of its tasks (two small
    IN lists, not a join of every target with every task of an indicator), in the plan's order."""
    with_targets = Target.objects.filter(plan_id=plan_id).values("indicator_id")
    with_tasks = Indicator.tasks.through.objects.filter(task__plan_id=plan_id).values("indicator_id")
    return Indicator.objects.filter(Q(pk__in=with_targets) | Q(pk__in=with_tasks)).order_by("order", "code")


def get_indicator(code):
    indicator = Indicator.objects.filter(code=code).first()
    if indicator is None:
        raise Http404
    return indicator


def effective_cadence(aggregation, cadence_years):
    """The years a target is judged over: a stock figure (``latest``) is read, never added over years."""
    return 1 if aggregation == Aggregation.LATEST else (cadence_years or 1)


def cadence_block(*, start_year, end_year, year, cadence_years):
    """The years judged together with ``year``: blocks of ``cadence_years`` from the plan's
    first year, the last one cut at the plan's end (2016–2017, 2018–2019, 2020)."""
    first = start_year + (year - start_year) // cadence_years * cadence_years
    return list(range(first, min(first + cadence_years - 1, end_year) + 1))


def is_share(indicator):
    return indicator.aggregation == Aggregation.SHARE_YES or indicator.value_type == ValueType.PERCENT


def describe_scope(target):
    """'Mỗi thư viện cấp huyện', 'Tổng các thư viện cấp tỉnh, cấp huyện', or a name."""
    if target.scope_mode == ScopeMode.INSTITUTION and target.institution_id:
        return target.institution.name
    if target.scope_mode == ScopeMode.REPORTING_UNIT and target.reporting_unit_id:
        return target.reporting_unit.name
    kind = str(InstitutionKind(target.scope_kind).label).lower() if target.scope_kind else _("thiết chế")
    levels = ", ".join(str(InstitutionLevel(level).label) for level in target.scope_levels)
    where = {"kind": kind, "levels": levels}
    if target.scope_mode == ScopeMode.EACH:
        return _("Mỗi %(kind)s %(levels)s") % where
    if is_share(target.indicator):
        return _("Tỷ lệ %(kind)s %(levels)s đạt") % where
    return _("Tổng các %(kind)s %(levels)s") % where


def target_cell(target):
    text = target.range_display
    return f"{text} %" if is_share(target.indicator) and text != "—" else text


@dataclass
class TargetRow:
    key: str
    plan: Plan
    indicator: Indicator
    scope: str
    cadence_years: int
    reading: str
    source_ref: str
    source_text: str
    cells: dict = field(default_factory=dict)  # year -> text

    def cells_for(self, years):
        return [self.cells.get(year, "") for year in years]


def target_rows(targets, years):
    """Targets (with indicator, institution and reporting unit loaded) as one row per key."""
    rows = {}
    for target in targets:
        row = rows.get((target.plan_id, target.key))
        if row is None:
            row = rows[(target.plan_id, target.key)] = TargetRow(
                key=target.key, plan=target.plan, indicator=target.indicator, scope=describe_scope(target),
                cadence_years=target.cadence_years, reading=target.reading, source_ref=target.source_ref,
                source_text=target.source_text,
            )
        row.cells[target.year] = target_cell(target)
    for row in rows.values():
        row.year_cells = row.cells_for(years)
    return list(rows.values())


def _responsibilities():
    queryset = TaskResponsibility.objects.select_related("reporting_unit")
    return queryset.order_by("role", "reporting_unit__order", "reporting_unit__code")


def plan_overview(plan):
    """Sections with their tasks and who is responsible; indicators with their target rows.

    A fixed number of queries whatever the size of the plan.
    """
    tasks = list(
        plan.tasks.order_by("order", "code").prefetch_related(
            Prefetch("responsibilities", queryset=_responsibilities()),
            Prefetch("indicators", queryset=Indicator.objects.order_by("order", "code")),
        )
    )
    targets = list(
        plan.targets.select_related("indicator", "institution", "reporting_unit", "plan").order_by(
            "indicator__order", "indicator__code", "order", "key", "year"
        )
    )
    sections = []
    for task in tasks:
        parent = task.section.split(".")[0]
        if not sections or sections[-1]["code"] != parent:
            sections.append({"code": parent, "title": plan.section_title(parent), "subsections": []})
        subsections = sections[-1]["subsections"]
        if not subsections or subsections[-1]["code"] != task.section:
            subsections.append({"code": task.section, "title": task.section_title, "tasks": []})
        subsections[-1]["tasks"].append(task)
    indicators, measures = {}, {}
    for task in tasks:
        for indicator in task.indicators.all():
            indicators.setdefault(indicator.pk, indicator)
            measures.setdefault(indicator.pk, []).append(task.code)
    for target in targets:
        indicators.setdefault(target.indicator_id, target.indicator)
    rows = target_rows(targets, plan.years)
    blocks = []
    for indicator in sorted(indicators.values(), key=lambda item: (item.order, item.code)):
        blocks.append({
            "indicator": indicator,
            "rows": [row for row in rows if row.indicator.pk == indicator.pk],
            "tasks": measures.get(indicator.pk, []),
        })
    return {
        "sections": sections,
        "with_targets": [block for block in blocks if block["rows"]],
        "without_targets": [block for block in blocks if not block["rows"]],
        "task_count": len(tasks),
    }


def indicator_versions(indicator):
    """The indicator's versions and those of its targets (deleted ones too), newest first."""
    versions = object_history(indicator) + versions_of_rows(
        Target, {"indicator_id": indicator.pk}, subject=lambda record: f"{record.key} · {record.year}"
    )
    return sorted(versions, key=lambda version: version.at, reverse=True)


def indicator_overview(indicator):
    """The indicator's targets in every plan, and the tasks it measures."""
    targets = list(
        Target.objects.filter(indicator=indicator)
        .select_related("plan", "indicator", "institution", "reporting_unit")
        .order_by("-plan__start_year", "plan__code", "order", "key", "year")
    )
    plans = []
    for target in targets:
        if not plans or plans[-1]["plan"].pk != target.plan_id:
            plans.append({"plan": target.plan, "targets": []})
        plans[-1]["targets"].append(target)
    for item in plans:
        item["years"] = item["plan"].years
        item["rows"] = target_rows(item.pop("targets"), item["years"])
    tasks = list(indicator.tasks.select_related("plan").order_by("-plan__start_year", "order"))
    return {"plans": plans, "tasks": tasks}


def _number(value):
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else str(value.normalize())


def export_rows(*, plan, year=None):
    """The plan's targets for ``year`` (every year when None) as plain dicts (numbers as int where whole)."""
    targets = plan.targets.all() if year is None else plan.targets.filter(year=year)
    targets = targets.select_related("indicator", "institution", "reporting_unit").order_by(
        "year", "indicator__order", "indicator__code", "order", "key"
    )
    return [
        {
            "plan": plan.code,
            "year": target.year,
            "key": target.key,
            "indicator_code": target.indicator.code,
            "indicator_name": target.indicator.name_vi,
            "indicator_name_en": target.indicator.name_en,
            "unit": target.indicator.unit_vi,
            "value_type": target.indicator.value_type,
            "aggregation": target.indicator.aggregation,
            "scope_mode": target.scope_mode,
            "scope_kind": target.scope_kind,
            "scope_levels": list(target.scope_levels),
            "per_institution": target.per_institution,
            "institution_code": target.institution.code if target.institution_id else None,
            "reporting_unit_code": target.reporting_unit.code if target.reporting_unit_id else None,
            "target_min": _number(target.target_min),
            "target_max": _number(target.target_max),
            "cadence_years": target.cadence_years,
            "source_ref": target.source_ref,
        }
        for target in targets
    ]


def describe_applies(indicator):
    """Who reports the indicator: 'Thư viện: cấp tỉnh, cấp huyện' or the unit kinds."""
    if indicator.applies_to == AppliesTo.REPORTING_UNIT:
        kinds = ", ".join(str(ReportingUnitKind(kind).label) for kind in indicator.applies_unit_kinds)
        return _("Đơn vị báo cáo: %(kinds)s") % {"kinds": kinds or _("mọi loại")}
    kind = str(InstitutionKind(indicator.applies_kind).label) if indicator.applies_kind else _("Mọi thiết chế")
    levels = ", ".join(str(InstitutionLevel(level).label) for level in indicator.applies_levels)
    return f"{kind}: {levels}" if levels else kind


def month_day_display(value):
    """'06-20' (MM-DD, as stored on the plan) -> '20/06'."""
    month, _sep, day = (value or "").partition("-")
    return f"{day}/{month}" if day else value
