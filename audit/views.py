"""The audit log: sign-ins and every change, for department staff only."""
from django.core.paginator import Paginator
from django.shortcuts import render

from institutions.access import read_only, staff_required
from laichau_plan.paging import querystring_without_page

from . import selectors
from .forms import AuditFilterForm

PAGE_SIZE = 50


@staff_required
@read_only
def audit_log(request):
    form = AuditFilterForm(request.GET)
    events = selectors.audit_events(filters=form.filters())
    page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "audit/log.html", {
        "form": form, "page_obj": page_obj, "querystring_without_page": querystring_without_page(request),
    })
