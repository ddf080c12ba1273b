"""A reporting unit's members, managed by the department's staff on the unit's page: add one,
deactivate or reactivate one (each asked first), send one a link to set a password."""
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .. import members
from ..access import get_reporting_unit_for_user, get_unit_member, staff_required
from ..forms import MemberForm
from .registry import add_service_errors


def _back_to_members(unit):
    return redirect(reverse("institutions:unit_detail", args=[unit.code]) + "#unit-members")


def _name(member):
    return member.get_full_name() or member.get_username()


@staff_required
def member_create(request, code):
    unit = get_reporting_unit_for_user(request.user, code)
    form = MemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            member = members.member_create(unit=unit, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _(
                "Đã thêm người dùng “%(name)s”. Tài khoản chưa có mật khẩu: bấm “Gửi liên kết đặt mật khẩu” "
                "để gửi thư cho người dùng tự đặt."
            ) % {"name": _name(member)})
            return _back_to_members(unit)
    return render(request, "institutions/member_form.html", {"form": form, "unit": unit})


def _set_active(request, code, pk, is_active):
    """GET asks to confirm (no inline script may do it: the CSP forbids it); POST does it."""
    unit = get_reporting_unit_for_user(request.user, code)
    member = get_unit_member(unit, pk)
    if request.method != "POST":
        return render(request, "institutions/member_active.html", {"unit": unit, "member": member,
                                                                   "is_active": is_active})
    members.member_set_active(member=member, is_active=is_active, user=request.user)
    if is_active:
        message = _("Tài khoản “%(name)s” đã hoạt động trở lại.")
    else:
        message = _("Đã ngừng hoạt động tài khoản “%(name)s”: người này không đăng nhập được nữa.")
    messages.success(request, message % {"name": _name(member)})
    return _back_to_members(unit)


@staff_required
def member_deactivate(request, code, pk):
    return _set_active(request, code, pk, False)


@staff_required
def member_reactivate(request, code, pk):
    return _set_active(request, code, pk, True)


@staff_required
@require_POST
def member_password_link(request, code, pk):
    unit = get_reporting_unit_for_user(request.user, code)
    member = get_unit_member(unit, pk)
    try:
        members.member_send_password_link(member=member, user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã gửi liên kết đặt mật khẩu tới %(email)s (cho “%(name)s”).")
                         % {"email": member.email, "name": _name(member)})
    return _back_to_members(unit)
