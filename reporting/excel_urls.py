from django.urls import path

from . import excel_views

app_name = "reporting_excel"
urlpatterns = [
    path("<str:period_code>/template/", excel_views.template_download, name="template"),
    path("<str:period_code>/upload/", excel_views.upload, name="upload"),
]
