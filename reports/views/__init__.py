"""Report pages (namespace "reports"): period reports, the leaders' dashboard, issued documents."""
from .dashboard import dashboard, dashboard_area, dashboard_institution, dashboard_trend
from .documents import (
    draft_create, issued_list, report_correct, report_detail, report_download, report_edit, report_issue,
)
from .periods import (
    build_download, build_status, index, period_download, period_report, period_summary, plan_progress,
)

__all__ = [
    "build_download", "build_status", "dashboard", "dashboard_area", "dashboard_institution", "dashboard_trend", "draft_create", "index",
    "issued_list", "period_download", "period_report", "period_summary", "plan_progress", "report_detail",
    "report_download", "report_edit", "report_correct", "report_issue",
]
