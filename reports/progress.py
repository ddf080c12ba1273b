"""Progress over the whole plan: every target, year by year, from the annual reports."""
from django.utils.translation import gettext as _

from reporting.models import Period, PeriodKind

from laichau_plan import formatting as fmt

from .data import reports_data
from .present import STATUS_CSS, indicator_name, indicator_unit, scope_label
from .rules import STATUS_LABELS


def build_plan_progress(plan, *, include_submitted=False):
    """{years, rows}: a row per target key (and per indicator without target), a cell per plan year.

    Each cell is that year's target and actual from the year's annual report (``report_data``
    of the annual period): the same numbers as the annual report shows. The reports come from the
    cache in one read (``reports_data``): the queries do not grow with the plan's years.
    """
    periods = {p.year: p for p in Period.objects.filter(plan=plan, kind=PeriodKind.ANNUAL).select_related("plan")}
    reports = reports_data(list(periods.values()), include_submitted=include_submitted)
    years = plan.years
    rows = {}
    order = []
    for year in years:
        period = periods.get(year)
        if period is None:
            continue
        data = reports[period.pk]
        for indicator in data["indicators"]:
            for target in indicator["targets"]:
                key = (indicator["code"], target["key"] or "")
                if key not in rows:
                    order.append(key)
                    rows[key] = {
                        "code": indicator["code"],
                        "name": indicator_name(indicator),
                        "unit": indicator_unit(indicator),
                        "key": target["key"],
                        "scope": scope_label(target["scope"]),
                        "aggregation": indicator["aggregation"],
                        "years": {},
                    }
                share = indicator["aggregation"] == "share_yes"
                rows[key]["years"][year] = {
                    "period": period.code,
                    "target_min": target["target_min"],
                    "target_max": target["target_max"],
                    "actual": target["actual"],
                    "achievement_pct": target["achievement_pct"],
                    "status": target["status"],
                    "status_label": _(STATUS_LABELS[target["status"]]),
                    "status_css": STATUS_CSS[target["status"]],
                    "range": fmt.target_range(target["target_min"], target["target_max"]),
                    "actual_display": fmt.pct(target["actual"]) if share else fmt.number(target["actual"]),
                    "provisional": target["provisional"],
                }
    result = []
    for key in order:
        row = rows[key]
        row["cells"] = [row["years"].get(year) for year in years]
        result.append(row)
    return {"plan": plan, "years": years, "rows": result}
