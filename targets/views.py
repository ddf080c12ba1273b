"""The plan at a glance and an indicator's targets; read-only, for every portal role."""
from django.shortcuts import render

from audit.history import object_history
from institutions.access import any_role_required, can_read_everything, read_only, unit_of

from . import selectors
from .models import Plan


def _unit_links(user):
    """Staff and leaders may open every unit's page; a unit member only its own."""
    own = unit_of(user)
    return {"link_all_units": can_read_everything(user), "own_unit_id": own.pk if own else None}


def _render_plan(request, plan):
    context = {"plan": plan, **_unit_links(request.user)}
    if plan is not None:
        context.update(selectors.plan_overview(plan))
        context["other_plans"] = Plan.objects.exclude(pk=plan.pk).order_by("-start_year", "code")
        context["half_year_due"] = selectors.month_day_display(plan.half_year_due)
        context["annual_due"] = selectors.month_day_display(plan.annual_due)
        context["versions"] = object_history(plan)
    return render(request, "targets/plan_detail.html", context)


@any_role_required
@read_only
def plan_current(request):
    return _render_plan(request, selectors.plan_latest())


@any_role_required
@read_only
def plan_detail(request, code):
    return _render_plan(request, selectors.get_plan(code))


@any_role_required
@read_only
def indicator_detail(request, code):
    indicator = selectors.get_indicator(code)
    context = {
        "indicator": indicator,
        "applies": selectors.describe_applies(indicator),
        **selectors.indicator_overview(indicator),
        "versions": selectors.indicator_versions(indicator),
    }
    return render(request, "targets/indicator_detail.html", context)
