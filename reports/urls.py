from django.urls import path

from . import views

app_name = "reports"
# A period's <str:code> is its key, Period.slug (its code unless another plan has the same code).
urlpatterns = [
    path("", views.index, name="index"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/trend/", views.dashboard_trend, name="dashboard_trend"),
    path("dashboard/area/<str:area>/", views.dashboard_area, name="dashboard_area"),
    path("dashboard/institution/<str:code>/", views.dashboard_institution, name="dashboard_institution"),
    path("plan/", views.plan_progress, name="plan_progress"),
    path("period/<str:code>/", views.period_report, name="period"),
    path("period/<str:code>/report.<str:fmt>", views.period_download, name="period_download"),
    path("period/<str:code>/summary.pdf", views.period_summary, name="period_summary"),
    path("period/<str:code>/draft/", views.draft_create, name="draft_create"),
    path("builds/<int:pk>/", views.build_status, name="build"),
    path("builds/<int:pk>/report.pdf", views.build_download, name="build_download"),
    path("issued/", views.issued_list, name="issued_list"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/edit/", views.report_edit, name="edit"),
    path("<int:pk>/issue/", views.report_issue, name="issue"),
    path("<int:pk>/correct/", views.report_correct, name="correct"),
    path("<int:pk>/report.<str:fmt>", views.report_download, name="download"),
]
