from django.urls import path

from . import views

app_name = "institutions"
# Institution codes are upper case (TV-105), so they never clash with the lower-case words here.
urlpatterns = [
    path("", views.institution_list, name="list"),
    path("new/", views.institution_create, name="create"),
    path("export.xlsx", views.institution_export, name="export"),
    path("import/", views.institution_import, name="import"),
    path("admin-units/", views.admin_unit_list, name="admin_unit_list"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<str:code>/", views.unit_detail, name="unit_detail"),
    path("units/<str:code>/members/new/", views.member_create, name="member_create"),
    path("units/<str:code>/members/<int:pk>/deactivate/", views.member_deactivate, name="member_deactivate"),
    path("units/<str:code>/members/<int:pk>/reactivate/", views.member_reactivate, name="member_reactivate"),
    path("units/<str:code>/members/<int:pk>/password-link/", views.member_password_link,
         name="member_password_link"),
    path("<str:code>/", views.institution_detail, name="detail"),
    path("<str:code>/edit/", views.institution_edit, name="edit"),
    path("<str:code>/deactivate/", views.institution_deactivate, name="deactivate"),
    path("<str:code>/reactivate/", views.institution_reactivate, name="reactivate"),
]
