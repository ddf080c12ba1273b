from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("v1/", views.docs, name="docs"),
    path("v1/openapi.json", views.openapi_json, name="openapi"),
    path("v1/plans/", views.plans, name="plans"),
    path("v1/plans/<slug:code>/indicators/", views.plan_indicators, name="plan_indicators"),
    path("v1/plans/<slug:code>/targets/", views.plan_targets, name="plan_targets"),
    path("v1/periods/", views.periods, name="periods"),
    path("v1/reports/", views.reports, name="reports"),
    path("v1/reports/<int:pk>/", views.report_detail, name="report_detail"),
    path("clients/", views.clients, name="clients"),
    path("clients/<int:pk>/revoke/", views.client_revoke, name="client_revoke"),
]
