from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from audit.lockout import LoginForm
from institutions.views.passwords import PasswordResetRequestView, PasswordSetView

from . import views
from .health import health

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health, name="health"),
    path("favicon.ico", views.favicon, name="favicon"),
    path("accounts/login/", auth_views.LoginView.as_view(authentication_form=LoginForm), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"
    ),
    path("accounts/password/reset/", PasswordResetRequestView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path("accounts/password/reset/<uidb64>/<token>/", PasswordSetView.as_view(), name="password_reset_confirm"),
    path("accounts/password/reset/done/", auth_views.PasswordResetCompleteView.as_view(),
         name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("audit/", include("audit.urls")),
    path("institutions/", include("institutions.urls")),
    path("plan/", include("targets.urls")),
    path("reporting/", include("reporting.urls")),
    path("reports/", include("reports.urls")),
    path("api/", include("api.urls")),
]

handler500 = "laichau_plan.views.server_error"
