"""The audit log: sign-ins and every change, and the sign-in locks, for department staff only."""
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.access import read_only, staff_required
from laichau_plan.paging import querystring_without_page

from . import lockout, selectors
from .forms import AuditFilterForm, UnlockForm

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


@staff_required
@read_only
def locks(request):
    """The usernames and addresses locked now for wrong passwords, each with a "Mở khóa" button."""
    return render(request, "audit/locks.html", {
        "locks": lockout.current_locks(), "lock_minutes": lockout.lock_minutes(),
        "user_limit": lockout.user_limit(), "address_limit": lockout.address_limit(),
    })


@staff_required
@require_POST
def unlock(request):
    form = UnlockForm(request.POST)
    if form.is_valid():
        lockout.unlock(**form.cleaned_data, user=request.user, request=request)
        messages.success(request, _("Đã mở khóa “%(value)s”: có thể đăng nhập lại ngay.") % form.cleaned_data)
    else:
        messages.error(request, _("Không mở khóa được: yêu cầu không hợp lệ."))
    return redirect("audit:locks")
