from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Indicator, Plan, Target, Task, TaskResponsibility


class TaskResponsibilityInline(admin.TabularInline):
    model = TaskResponsibility
    extra = 0


@admin.register(Plan)
class PlanAdmin(SimpleHistoryAdmin):
    list_display = ["number", "title", "start_year", "end_year"]
    filter_horizontal = ["reporting_units"]


@admin.register(Task)
class TaskAdmin(admin.ModelAdmin):
    list_display = ["code", "plan", "section"]
    inlines = [TaskResponsibilityInline]


@admin.register(Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["code", "name_vi", "value_type", "aggregation", "frequency"]


@admin.register(Target)
class TargetAdmin(SimpleHistoryAdmin):
    list_display = ["plan", "indicator", "year", "scope_mode", "target_min", "target_max"]
    list_filter = ["year", "scope_mode"]
    list_select_related = ["plan", "indicator"]
