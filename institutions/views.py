from django.shortcuts import render

from .access import (
    any_role_required,
    get_institution_for_user,
    get_reporting_unit_for_user,
    institutions_visible_to,
    reporting_units_visible_to,
)


@any_role_required
def institution_list(request):
    institutions = institutions_visible_to(request.user).select_related("admin_unit", "reporting_unit")[:100]
    return render(request, "institutions/institution_list.html", {"institutions": institutions})


@any_role_required
def institution_detail(request, code):
    institution = get_institution_for_user(request.user, code)
    return render(request, "institutions/institution_detail.html", {"institution": institution})


@any_role_required
def unit_list(request):
    units = reporting_units_visible_to(request.user)
    return render(request, "institutions/unit_list.html", {"units": units})


@any_role_required
def unit_detail(request, code):
    unit = get_reporting_unit_for_user(request.user, code)
    return render(request, "institutions/unit_detail.html", {"unit": unit})
