from django.urls import path

from . import views

app_name = "targets"
urlpatterns = [
    path("", views.plan_current, name="plan_current"),
    path("indicators/<str:code>/", views.indicator_detail, name="indicator_detail"),
    path("<slug:code>/", views.plan_detail, name="plan_detail"),
]
