"""Writes on a reporting unit's members, by the department's staff: create an account (with no
usable password until its owner sets one through a link), deactivate it, reactivate it, send the
link. Accounts are never deleted: a report or an audit line keeps pointing at its author."""
import logging

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import BaseUserManager
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from audit.services import audit_record
from laichau_plan.text import nfc

from .models import Profile, ReportingUnit, Role
from .passwords import password_message

logger = logging.getLogger(__name__)


def _taken(field, value):
    return get_user_model()._default_manager.filter(**{f"{field}__iexact": value}).exists()


@transaction.atomic
def member_create(*, unit: ReportingUnit, full_name: str, email: str, username: str, user=None):
    """A new member of ``unit``: a user without a usable password and its profile. The e-mail
    address and the username are each one account's (any case); raises ValidationError."""
    full_name = " ".join((nfc(full_name) or "").split())
    email = BaseUserManager.normalize_email((email or "").strip())
    username = (nfc(username) or "").strip()
    errors = {}
    if email and _taken("email", email):
        errors["email"] = _("Địa chỉ thư %(email)s đã là của một tài khoản khác.") % {"email": email}
    if username and _taken("username", username):
        errors["username"] = _("Tên đăng nhập “%(username)s” đã có người dùng.") % {"username": username}
    if errors:
        raise ValidationError(errors)
    member = get_user_model()(username=username, first_name=full_name, email=email)
    member.set_unusable_password()
    member.full_clean()
    member.save()
    profile = Profile(user=member, role=Role.UNIT, reporting_unit=unit)
    profile.full_clean()
    profile.save()
    audit_record(user=user, action="create", obj=member, detail=f"{unit.code}, {email}")
    return member


@transaction.atomic
def member_set_active(*, member, is_active: bool, user=None):
    """Deactivate (no sign-in, no link works) or reactivate a member; nothing else changes."""
    member.is_active = is_active
    member.save(update_fields=["is_active"])
    audit_record(user=user, action="reactivate" if is_active else "deactivate", obj=member)
    return member


def member_send_password_link(*, member, user=None):
    """Mail ``member`` a link to set a password; raises ValidationError when it cannot go."""
    if not member.is_active:
        raise ValidationError(_("Tài khoản đang ngừng hoạt động: hãy cho hoạt động lại trước khi gửi liên kết."))
    if not member.email:
        raise ValidationError(_("Tài khoản chưa có địa chỉ thư điện tử nên chưa gửi được liên kết."))
    sender = (user.get_full_name() or user.get_username()) if user is not None else ""
    message = password_message("password_set", member, sender=sender, unit=member.profile.reporting_unit)
    try:
        message.send()
    except Exception as error:
        logger.exception("password link to user %s not sent", member.pk)
        raise ValidationError(_("Máy chủ thư chưa gửi được thư. Vui lòng thử lại sau ít phút.")) from error
    audit_record(user=user, action="password_link", obj=member, detail=member.email)
    return message
