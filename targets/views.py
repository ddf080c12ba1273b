from django.shortcuts import render

from institutions.access import any_role_required

from .models import Plan


@any_role_required
def plan_current(request):
    plan = Plan.objects.order_by("-start_year").first()
    return render(request, "targets/plan_detail.html", {"plan": plan})
