"""Django's own password-reset views, with the portal's throttled form and an audit line when a
link sets a password. The staff's link to a new member opens the same confirm view."""
from django.contrib.auth import views as auth_views

from audit.services import audit_record

from ..passwords import PortalPasswordResetForm


class PasswordResetRequestView(auth_views.PasswordResetView):
    """"Quên mật khẩu?": the same "mail sent if the address is known" page whatever the address."""

    form_class = PortalPasswordResetForm

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "request": self.request}


class PasswordSetView(auth_views.PasswordResetConfirmView):
    """The link's page. A deactivated account's link does not work (the same page as an expired one)."""

    def get_user(self, uidb64):
        user = super().get_user(uidb64)
        return user if user is not None and user.is_active else None

    def form_valid(self, form):
        response = super().form_valid(form)
        audit_record(user=form.user, action="password_set", obj=form.user, request=self.request)
        return response
