"""Passwords without the admin: a one-use link that sets one, made by Django's token generator and
opened on Django's own PasswordResetConfirmView, whether the department's staff sent it to a member
(institutions.members) or the user asked for it on "Quên mật khẩu?".

The request form never says whether an address belongs to anyone: the same page follows either
way, a refusal of the throttle (audit/reset_limit.py) counts addresses that belong to nobody too, and
a mail server that fails is logged, not shown.
"""
import datetime
import logging
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _

from audit.client import client_ip
from audit.services import audit_record
from audit.reset_limit import reset_refused_message, reset_request_allowed
from laichau_plan.mail import base_url, render_message

logger = logging.getLogger(__name__)


def password_link(user):
    """The address of the page that sets ``user``'s password; it works once, until it expires."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return base_url() + reverse("password_reset_confirm", kwargs={"uidb64": uidb64, "token": token})


def link_expires_at(now=None):
    """When a link made at ``now`` stops working (Django's PASSWORD_RESET_TIMEOUT)."""
    return timezone.localtime(now or timezone.now()) + datetime.timedelta(seconds=settings.PASSWORD_RESET_TIMEOUT)


def password_message(name, user, **context):
    """The mail ``name`` (templates/emails/<name>*) to ``user`` with a fresh link to set a password."""
    context = {
        "addressee": user.get_full_name() or user.get_username(),
        "account": user.get_username(),
        "link": password_link(user),
        "expires": link_expires_at(),
        **context,
    }
    return render_message(name, context, [user.email])


def _same_address(a, b):
    return unicodedata.normalize("NFKC", a).casefold() == unicodedata.normalize("NFKC", b).casefold()


class PortalPasswordResetForm(PasswordResetForm):
    """"Quên mật khẩu?": an address in, a mail out if it is an active account's; throttled."""

    email = forms.EmailField(
        label=_("Thư điện tử"),
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": _("Hãy nhập địa chỉ thư điện tử của tài khoản."),
            "invalid": _("Địa chỉ thư điện tử chưa đúng, ví dụ đúng: nguyenvan@laichau.gov.vn."),
        },
    )

    def __init__(self, *args, request=None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)

    def clean(self):
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        if email and not reset_request_allowed(email, client_ip(self.request)):
            raise ValidationError(reset_refused_message(), code="throttled")
        return cleaned_data

    def get_users(self, email):
        """Active accounts with this address, whether a password was set yet or not: a new member
        whose first link expired asks here for another."""
        users = get_user_model()._default_manager.filter(email__iexact=email, is_active=True)
        return (user for user in users if _same_address(email, user.email))

    def send_mail(self, subject_template_name, email_template_name, context, from_email, to_email,
                  html_email_template_name=None):
        """The portal's own Vietnamese mail (templates/emails/password_reset*), recorded in the audit log."""
        user = context["user"]
        try:
            password_message("password_reset", user).send()
        except Exception:  # the page must read the same whether or not a mail was due
            logger.exception("password reset mail to user %s not sent", user.pk)
            return
        audit_record(user=None, action="password_reset", obj=user, detail=to_email, request=self.request)
