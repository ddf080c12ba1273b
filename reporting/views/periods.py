"""Periods: the list (staff and leaders read it), ad hoc periods, closing and reopening (staff)."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from institutions.access import is_department_staff, readers_required, staff_required

from ..forms import AdHocPeriodForm, PeriodCloseForm, PeriodReopenForm
from ..models import Period, PeriodEvent
from ..periods import period_close as close_period
from ..periods import period_create_ad_hoc
from ..periods import period_reopen as reopen_period
from ..selectors import get_period_or_404, plans_and_asked
from .common import read_only


@readers_required
@read_only
def period_list(request):
    periods = (
        Period.objects.select_related("plan")
        .prefetch_related(
            "indicators",
            Prefetch("events", queryset=PeriodEvent.objects.select_related("user").order_by("-at", "-pk")),
        )
        .order_by("-year", "-due_date", "code")
    )
    return render(request, "reporting/period_list.html", {
        "periods": periods,
        "can_manage": is_department_staff(request.user),
        "close_form": PeriodCloseForm(),
        "reopen_form": PeriodReopenForm(),
    })


@staff_required
def period_create(request):
    plans, asked = plans_and_asked(request.GET.get("plan"))
    form = AdHocPeriodForm(request.POST or None, plan=asked)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            period = period_create_ad_hoc(
                plan=data["plan"], title=data["title"], due_date=data["due_date"],
                cutoff_start=data["cutoff_start"], cutoff_end=data["cutoff_end"], indicators=data["indicators"],
                user=request.user,
            )
        except ValidationError as exc:
            for message in exc.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("Đã tạo kỳ báo cáo đột xuất %(code)s.") % {"code": period.label})
            return redirect("reporting:period_list")
    return render(request, "reporting/period_form.html", {"form": form, "plans": plans})


@staff_required
@require_POST
def period_close(request, code):
    period = get_period_or_404(code)
    form = PeriodCloseForm(request.POST)
    form.is_valid()
    try:
        close_period(period=period, user=request.user, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(
            request, _("Đã khóa kỳ %(code)s: các đơn vị không sửa báo cáo được nữa.") % {"code": period.label}
        )
    return redirect("reporting:period_list")


@staff_required
@require_POST
def period_reopen(request, code):
    period = get_period_or_404(code)
    form = PeriodReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Cần ghi lý do mở lại kỳ báo cáo."))
        return redirect("reporting:period_list")
    try:
        reopen_period(period=period, user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Đã mở lại kỳ %(code)s.") % {"code": period.label})
    return redirect("reporting:period_list")
