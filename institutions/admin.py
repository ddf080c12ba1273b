from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import AdminUnit, Institution, Profile, ReportingUnit


@admin.register(AdminUnit)
class AdminUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "division_type", "level", "structure", "valid_from", "valid_to"]
    list_filter = ["structure", "level", "division_type"]
    search_fields = ["code", "name"]


@admin.register(ReportingUnit)
class ReportingUnitAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]


@admin.register(Institution)
class InstitutionAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name", "kind", "level", "reporting_unit", "is_active"]
    list_filter = ["kind", "level", "is_active"]
    list_select_related = ["reporting_unit"]
    search_fields = ["code", "name", "search_name"]


@admin.register(Profile)
class ProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role", "reporting_unit"]
    list_filter = ["role"]
    list_select_related = ["user", "reporting_unit"]
