"""Reporting units: the list, and one unit's page (members, institutions, plan tasks)."""
from django.shortcuts import render

from .. import selectors
from ..access import any_role_required, get_reporting_unit_for_user, is_department_staff, read_only


@any_role_required
@read_only
def unit_list(request):
    units = selectors.unit_list(user=request.user)
    return render(request, "institutions/unit_list.html", {"units": units})


@any_role_required
@read_only
def unit_detail(request, code):
    unit = get_reporting_unit_for_user(request.user, code)
    context = {"unit": unit, **selectors.unit_detail(unit=unit), "can_manage_members": is_department_staff(request.user)}
    return render(request, "institutions/unit_detail.html", context)
