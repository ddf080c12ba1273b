"""Long PDF builds in the background: a database row is the queue (as healthchecks does).

``build_request`` queues a build (or returns the one already waiting or running for the same
period); ``build_next`` — run by ``manage.py build_reports --loop`` — takes the oldest waiting
row (``SKIP LOCKED`` on PostgreSQL, so several workers never take the same one), builds the data,
the HTML, the layout and the file, saving its progress after each stage for the waiting page.
"""
import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from .data import report_data
from .models import BuildStatus, ReportBuild
from .pdf import render_html
from .services import current_draft, report_preview

logger = logging.getLogger(__name__)
KEEP_DAYS = 7


def background_areas():
    """Reports with more districts than this are built in the background (0: always)."""
    return getattr(settings, "REPORT_BACKGROUND_AREAS", 20)


def build_request(*, period, include_submitted=False, user=None):
    """The waiting or running build of this PDF, or a new one."""
    waiting = ReportBuild.objects.filter(
        period=period, include_submitted=include_submitted, status__in=[BuildStatus.QUEUED, BuildStatus.RUNNING]
    ).order_by("pk").first()
    if waiting is not None:
        return waiting
    return ReportBuild.objects.create(
        period=period, include_submitted=include_submitted, requested_by=user if user and user.pk else None
    )


def _progress(build, progress, stage):
    ReportBuild.objects.filter(pk=build.pk).update(progress=progress, stage=stage)


def _take():
    with transaction.atomic():
        build = (
            ReportBuild.objects.select_for_update(skip_locked=True)
            .filter(status=BuildStatus.QUEUED)
            .order_by("created_at", "pk")
            .first()
        )
        if build is None:
            return None
        build.status = BuildStatus.RUNNING
        build.started_at = timezone.now()
        build.progress, build.stage = 5, "đọc số liệu"
        build.save(update_fields=["status", "started_at", "progress", "stage"])
    return build


def build_next():
    """Build the oldest waiting PDF; returns the build, or None when nothing waits."""
    from weasyprint import HTML  # loaded only by the process that builds PDFs

    build = _take()
    if build is None:
        return None
    try:
        period = build.period
        data = report_data(period, include_submitted=build.include_submitted)
        _progress(build, 20, "soạn văn bản")
        report = current_draft(period) or report_preview(period=period)
        report.include_submitted = build.include_submitted
        html = render_html(report, data)
        _progress(build, 30, "dàn trang")
        logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)
        document = HTML(string=html, base_url=str(settings.BASE_DIR)).render()
        _progress(build, 85, f"ghi tệp ({len(document.pages)} trang)")
        build.pdf = document.write_pdf()
        build.pages = len(document.pages)
        build.status, build.progress, build.stage = BuildStatus.DONE, 100, "xong"
    except Exception as exc:  # the row says what went wrong; the worker goes on
        logger.exception("report build %s failed", build.pk)
        build.status, build.stage, build.error = BuildStatus.FAILED, "lỗi", repr(exc)[:2000]
    build.finished_at = timezone.now()
    build.save(update_fields=["pdf", "pages", "status", "progress", "stage", "error", "finished_at"])
    return build


def builds_prune(*, now=None):
    """Delete finished builds older than a week; returns how many."""
    now = now or timezone.now()
    old = ReportBuild.objects.filter(
        status__in=[BuildStatus.DONE, BuildStatus.FAILED], created_at__lt=now - datetime.timedelta(days=KEEP_DAYS)
    )
    return old.delete()[0]
