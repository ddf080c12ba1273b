"""The registry of institutions: list, detail, create, edit, deactivate and reactivate."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from audit.history import object_history
from laichau_plan.paging import querystring_without_page

from .. import selectors, services
from ..areas import district_of
from ..access import (
    any_role_required,
    can_read_everything,
    get_institution_for_user,
    is_department_staff,
    read_only,
    reporting_units_visible_to,
    staff_required,
)
from ..forms import DeactivateForm, InstitutionFilterForm, InstitutionForm

PAGE_SIZE = 50


def filtered_institutions(request):
    """(filter form, filtered queryset) for the list page and the Excel export."""
    units = reporting_units_visible_to(request.user) if can_read_everything(request.user) else None
    form = InstitutionFilterForm(request.GET, units=units)
    return form, selectors.institution_list(user=request.user, filters=form.filters())


def add_service_errors(form, error):
    """Show a service's ValidationError on the form fields it names (else on the form)."""
    for field, field_messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, field_messages)


@any_role_required
@read_only
def institution_list(request):
    form, institutions = filtered_institutions(request)
    page_obj = Paginator(institutions, PAGE_SIZE).get_page(request.GET.get("page"))
    for institution in page_obj.object_list:
        institution.district = district_of(institution)
    return render(
        request,
        "institutions/institution_list.html",
        {
            "form": form,
            "page_obj": page_obj,
            "counts": selectors.institution_counts(institutions),
            "querystring_without_page": querystring_without_page(request),
            "can_edit": is_department_staff(request.user),
        },
    )


@any_role_required
@read_only
def institution_detail(request, code):
    institution = get_institution_for_user(request.user, code)
    return render(
        request,
        "institutions/institution_detail.html",
        {
            "institution": institution,
            "district": district_of(institution),
            "places": selectors.institution_places(institution),
            "can_edit": is_department_staff(request.user),
            "versions": object_history(institution, with_audit=True),
        },
    )


@staff_required
def institution_create(request):
    form = InstitutionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            institution = services.institution_create(**form.service_fields(), user=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã thêm thiết chế “%(name)s”.") % {"name": institution.name})
            return redirect("institutions:detail", code=institution.code)
    return render(request, "institutions/institution_form.html", {"form": form, "institution": None})


@staff_required
def institution_edit(request, code):
    institution = get_institution_for_user(request.user, code)
    form = InstitutionForm(request.POST or None, instance=institution)
    if request.method == "POST" and form.is_valid():
        try:
            services.institution_update(institution=institution, user=request.user, **form.service_fields())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Đã lưu thay đổi của “%(name)s”.") % {"name": institution.name})
            return redirect("institutions:detail", code=institution.code)
    return render(request, "institutions/institution_form.html", {"form": form, "institution": institution})


def _set_active(request, institution, is_active, on=None):
    services.institution_set_active(institution=institution, is_active=is_active, on=on, user=request.user)
    if is_active:
        message = _("“%(name)s” đã hoạt động trở lại.")
    else:
        message = _("Đã chuyển “%(name)s” sang ngừng hoạt động. Thiết chế và số liệu cũ vẫn được giữ.")
    messages.success(request, message % {"name": institution.name})
    return redirect("institutions:detail", code=institution.code)


@staff_required
def institution_deactivate(request, code):
    """GET asks to confirm (no inline script may do it: the CSP forbids it); POST does it."""
    institution = get_institution_for_user(request.user, code)
    form = DeactivateForm(request.POST if request.method == "POST" else None, institution=institution)
    if request.method == "POST" and not institution.is_active:  # already: its end date stays
        return redirect("institutions:detail", code=institution.code)
    if request.method == "POST" and form.is_valid():
        return _set_active(request, institution, False, form.cleaned_data["on"])
    return render(request, "institutions/institution_deactivate.html", {"institution": institution, "form": form})


@staff_required
@require_POST
def institution_reactivate(request, code):
    return _set_active(request, get_institution_for_user(request.user, code), True)
