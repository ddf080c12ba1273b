"""The bench's exports and import (``manage.py bench``, ``bench/runner.py``): the report's PDF and
workbooks and the registry export, each in a process of its own, and a unit's Excel template
filled and imported, each beside its floor measured in the same run (``bench/floors.py``)."""
import io
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from django.conf import settings
from django.db import connection, transaction

from .floors import import_floor_seconds, template_floor_seconds

BUDGET_SECONDS = 5.0
BUDGET_MB = 500
# The exports and the import against their floors (bench/floors.py), measured in the same run.
BUDGET_TEMPLATE_FLOOR = 2.0
BUDGET_IMPORT_FLOOR = 1.5
BUDGET_PDF_FLOOR = 1.5


def latest_begun(period):
    """``period``, or the latest of its plan and kind that has begun: ten years from 2021 end in the
    future, and a period not begun refuses figures (the import and the form save write figures)."""
    from django.utils import timezone

    from reporting.models import Period

    if period.has_begun():
        return period
    return (Period.objects.select_related("plan").filter(plan=period.plan, kind=period.kind,
                                                         cutoff_start__lte=timezone.localdate())
            .order_by("-year").first())


class ExportSteps:
    """The steps of ``runner.Bench`` that write and read files (``self.line``, ``self.ratios`` and
    ``self.database_url`` are the bench's)."""

    def exports_step(self, period):
        url = self.database_url(connection.settings_dict["NAME"])
        env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "laichau_plan.settings"}
        root = Path(settings.BASE_DIR)
        results, pages = {}, {}
        for what, args in (("pdf", [period.slug]), ("pdf-floor", [period.slug]), ("report-xlsx", [period.slug]),
                           ("registry-xlsx", [])):
            runs = []
            for _ in range(3):
                done = subprocess.run([sys.executable, "-m", "bench.child", what, *args], cwd=root,
                                      env=env, capture_output=True, text=True, check=True)
                runs.append(json.loads(done.stdout.strip().splitlines()[-1]))
            seconds = statistics.median(run["seconds"] for run in runs)
            peak = max(run["peak_mb"] for run in runs)
            detail = f"{runs[0]['bytes'] // 1024} KiB"
            if runs[0].get("pages"):
                detail += f", {runs[0]['pages']} pages, {seconds / runs[0]['pages']:.3f} s a page"
                pages[what] = runs[0]["pages"]
            if "rows" in runs[0]:
                detail += f", {runs[0]['rows']} institutions"
            if "cells" in runs[0]:
                detail += f", {runs[0]['cells']} table cells"
            self.line(f"export {what}", f"{seconds:.2f}", f"s, peak {peak:.0f} MB ({detail})")
            results[what] = (seconds, peak)
        floor = results.pop("pdf-floor")[0]
        for what, (seconds, peak) in results.items():
            if what == "pdf" and pages.get(what):
                # The budget is for a 30-page report; longer ones are built in the background.
                per30 = seconds / pages[what] * 30
                self.ratios.append(("pdf time for 30 pages/budget ratio", per30 / BUDGET_SECONDS, 1.0))
            else:
                self.ratios.append((f"{what} time/budget ratio", seconds / BUDGET_SECONDS, 1.0))
            self.ratios.append((f"{what} memory/budget ratio", peak / BUDGET_MB, 1.0))
        self.ratios.append(("pdf/floor ratio", results["pdf"][0] / floor, BUDGET_PDF_FLOOR))

    def import_step(self, period, member):
        """Import a filled template of ~10,000 values into a new unit's report (rolled back)."""
        from openpyxl import load_workbook

        from institutions.models import Institution, InstitutionKind, InstitutionLevel, ReportingUnit
        from reporting.excel.importer import import_report
        from reporting.excel.layout import CODES_ROW, FIRST_VALUE_COLUMN, build_layout
        from reporting.excel.template import template_bytes
        from reporting.models import Submission
        from targets.models import ValueType

        times, template_times, template_floor_times, import_floor_times, changed = [], [], [], [], 0
        period = latest_begun(period)
        for _ in range(3):
            with transaction.atomic():
                area = ReportingUnit.objects.get(code="L001").admin_unit
                unit = ReportingUnit.objects.create(code="BENCH-IMPORT", name="Đơn vị nhập thử", kind="district",
                                                    admin_unit=area)
                period.plan.reporting_units.add(unit)  # the plan lists its units: expected to report
                libraries = []
                for number in range(1, 1251):
                    item = Institution(code=f"BENCH-TV-{number:05d}", name=f"Thư viện nhập thử {number}",
                                       kind=InstitutionKind.LIBRARY, level=InstitutionLevel.DISTRICT,
                                       admin_unit=area, reporting_unit=unit)
                    item.normalise()
                    libraries.append(item)
                Institution.objects.bulk_create(libraries)
                member.profile.reporting_unit = unit
                started = time.perf_counter()
                data = template_bytes(period=period, unit=unit, user=member)
                template_times.append(time.perf_counter() - started)
                layout = build_layout(period, unit)
                template_floor_times.append(template_floor_seconds(layout))
                wb = load_workbook(io.BytesIO(data))
                ws = wb.worksheets[0]
                filled = 0
                for offset, row in enumerate(layout.rows):
                    for index, indicator in enumerate(layout.indicators):
                        if layout.cell(row, indicator) is None:
                            continue
                        value = "Có" if indicator.value_type == ValueType.BOOLEAN else 100 + offset % 50
                        ws.cell(CODES_ROW + 2 + offset, FIRST_VALUE_COLUMN + index, value)
                        filled += 1
                buffer = io.BytesIO()
                wb.save(buffer)
                with transaction.atomic():  # the floor's rows, rolled back before the import
                    floor_submission = Submission.objects.create(period=period, reporting_unit=unit)
                    import_floor_times.append(import_floor_seconds(buffer.getvalue(), layout, floor_submission))
                    transaction.set_rollback(True)
                started = time.perf_counter()
                result = import_report(data=buffer.getvalue(), filename="bao-cao.xlsx", user=member, period=period,
                                       unit=unit)
                times.append(time.perf_counter() - started)
                if not result.ok:
                    raise AssertionError("import failed: " + "; ".join(result.messages[:5]))
                changed = result.filled
                transaction.set_rollback(True)
        template, template_floor = statistics.median(template_times), statistics.median(template_floor_times)
        imported, import_floor = statistics.median(times), statistics.median(import_floor_times)
        self.line("excel template of the import", f"{template:.2f}", "s")
        self.line("excel template floor (write-only, owed cells, a validation per column)", f"{template_floor:.2f}",
                  "s")
        self.line("import filled template", f"{imported:.2f}", f"s ({changed} values, period {period.code})")
        self.line("import floor (read-only load, one bulk insert)", f"{import_floor:.2f}", "s")
        self.ratios.append(("template/floor ratio", template / template_floor, BUDGET_TEMPLATE_FLOOR))
        self.ratios.append(("import/floor ratio", imported / import_floor, BUDGET_IMPORT_FLOOR))
