"""``manage.py bench``: the portal on a synthetic province, every figure printed as ``name: value unit``.

In one process, on databases of its own (never the portal's): for SQLite temporary files, for
PostgreSQL (when DATABASE_URL names one) the databases ``laichau_bench`` and
``laichau_bench_small`` on the same server, created and dropped here. The large province
(10,000 institutions, 10 years by default) is measured; the small one (1,000) only for query
counts, so that "independent of the data size" can be read off the two columns.

Steps (the exports and the import in bench/exports.py): the report build against the plain SQL GROUP BY giving the same totals (checked equal
first), pages through Django's test client (time, queries cold and warm), the PDF and the
workbooks each in a process of its own (time, peak memory), importing a filled template of
10,000 values, saving a submission form, then 50 users on gunicorn. Ratios last.
"""
import datetime
import os
import statistics
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from .databases import BenchDatabases
from .exports import ExportSteps, latest_begun
from .measure import QueryCounter, median_time

BUDGET_RATIO = 3.0
BUDGET_P95 = 0.300


class Bench(ExportSteps, BenchDatabases):
    def __init__(self, stdout, *, institutions=10000, years=10, seed=1, small=1000, repeat=5, users=50,
                 duration=60, workers=3, reuse=False, keep=False, skip=()):
        self.out = stdout
        self.n, self.years, self.seed, self.small = institutions, years, seed, small
        self.repeat, self.users, self.duration, self.workers = repeat, users, duration, workers
        self.reuse, self.keep, self.skip = reuse, keep, set(skip)
        self.original = dict(connection.settings_dict)
        self.vendor = connection.vendor
        self.ratios = []
        self.url = os.environ.get("DATABASE_URL", "")

    # --- output -----------------------------------------------------------------------------
    def line(self, name, value, unit=""):
        self.out.write(f"{name}: {value}{(' ' + unit) if unit else ''}")
        self.out.flush() if hasattr(self.out, "flush") else None

    def ms(self, name, seconds, extra=""):
        self.line(name, f"{seconds * 1000:.1f}", "ms" + (f" ({extra})" if extra else ""))

    # --- fixtures in the bench database ---------------------------------------------------------
    def users_and_period(self):
        from django.contrib.auth import get_user_model

        from institutions.models import Profile, ReportingUnit, Role

        from reporting.models import Period, PeriodKind

        User = get_user_model()
        staff = User.objects.filter(username="bench-canbo").first()
        if staff is None:
            staff = User.objects.create_user("bench-canbo", password=None)
            Profile.objects.create(user=staff, role=Role.STAFF)
        unit = ReportingUnit.objects.get(code="L001")
        member = User.objects.filter(username="bench-donvi").first()
        if member is None:
            member = User.objects.create_user("bench-donvi", password=None)
            Profile.objects.create(user=member, role=Role.UNIT, reporting_unit=unit)
        period = (Period.objects.select_related("plan").filter(plan__code__startswith="load-", kind=PeriodKind.ANNUAL)
                  .order_by("-year").first())
        return staff, member, unit, period

    def pages(self, period, unit):
        from reporting.models import Submission

        submission = Submission.objects.get(period=period, reporting_unit=unit)
        return {
            "home": reverse("home"),
            "report index": reverse("reports:index"),
            "dashboard": reverse("reports:dashboard"),
            "dashboard district": reverse("reports:dashboard_area", args=[unit.admin_unit.code]),
            "period report": reverse("reports:period", args=[period.slug]),
            "plan progress": reverse("reports:plan_progress"),
            "submissions overview": reverse("reporting:overview_period", args=[period.slug]),
            "submission detail": reverse("reporting:submission_detail", args=[submission.pk]),
            "institution list": reverse("institutions:list"),
        }

    # --- steps ---------------------------------------------------------------------------------
    def report_vs_sql(self, period):
        from reports.compute import build_report
        from reports.data import report_data

        from . import sqltotals

        plan = sqltotals.Plan(period)
        differences = sqltotals.compare(sqltotals.sql_totals(plan), sqltotals.report_totals(build_report(period)))
        if differences:
            raise AssertionError("the plain SQL and the report disagree:\n" + "\n".join(differences))
        self.line("totals equal (report vs plain SQL)", f"{len(plan.targets and sqltotals.sql_totals(plan))}",
                  f"targets, period {period.code}, previous {plan.previous.code if plan.previous else '-'}")
        sql_times, report_times = [], []
        for _ in range(max(self.repeat, 15)):  # interleaved, so both see the same load; 15 for a steady median
            started = time.perf_counter()
            sqltotals.sql_totals(plan)
            sql_times.append(time.perf_counter() - started)
            started = time.perf_counter()
            build_report(period)
            report_times.append(time.perf_counter() - started)
        sql, report = statistics.median(sql_times), statistics.median(report_times)
        self.ms("plain SQL GROUP BY (same totals)", sql)
        self.ms("report build", report)
        started = time.perf_counter()
        with QueryCounter() as queries:
            build_report(period)
        whole = time.perf_counter() - started
        self.line("report build queries", queries.count,
                  f"(in the database {queries.seconds * 1000:.0f} ms of {whole * 1000:.0f} ms, one run)")
        report_data(period)
        self.ms("report data (cached)", median_time(lambda: report_data(period), self.repeat))
        self.ratios.insert(0, ("report/sql ratio", report / sql, BUDGET_RATIO))

    def page_figures(self, client, paths):
        """{page: (cold queries, warm queries, warm median seconds, cold seconds)}."""
        figures = {}
        for name, path in paths.items():
            cache.clear()
            started = time.perf_counter()
            with QueryCounter() as cold:
                response = client.get(path)
            cold_seconds = time.perf_counter() - started
            if response.status_code != 200:
                raise AssertionError(f"{name} {path}: HTTP {response.status_code}")
            with QueryCounter() as warm:
                client.get(path)
            seconds = median_time(lambda path=path: client.get(path), self.repeat)
            figures[name] = (cold.count, warm.count, seconds, cold_seconds)
        return figures

    def pages_step(self, staff, paths, small_counts):
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(staff)
        figures = self.page_figures(client, paths)
        worst = 0
        for name, (cold, warm, seconds, cold_seconds) in figures.items():
            small = small_counts.get(name)
            same = small is not None and small == (cold, warm)
            if small:
                worst = max(worst, cold / max(small[0], 1), warm / max(small[1], 1))
            self.ms(f"page {name}", seconds,
                    f"first {cold_seconds * 1000:.0f} ms; queries {cold} cold / {warm} warm at {self.n}"
                    + (f", {small[0]} / {small[1]} at {self.small}" if small else "")
                    + ("" if same or small is None else " — differs"))
        self.ratios.append(("queries large/small ratio", worst, 1.0))

    def form_step(self, period, member, unit):
        """Save the unit's report form once (the report reopened for it, rolled back)."""
        from reporting.models import Submission, SubmissionStatus

        from .formpost import form_fields

        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(member)
        period = latest_begun(period)
        get_times, post_times = [], []
        for _ in range(self.repeat):
            with transaction.atomic():
                Submission.objects.filter(period=period, reporting_unit=unit).update(status=SubmissionStatus.RETURNED)
                submission = Submission.objects.select_related("period__plan", "reporting_unit").get(
                    period=period, reporting_unit=unit
                )
                path = reverse("reporting:submission_edit", args=[submission.pk])
                started = time.perf_counter()
                response = client.get(path)
                get_times.append(time.perf_counter() - started)
                assert response.status_code == 200, response.status_code
                post = form_fields(response.content.decode())
                cells = [name for name in post if name.startswith("value-")]
                first = next(name for name in cells if post[name].strip().isdigit())
                post[first] = str(int(post[first]) + 1)
                started = time.perf_counter()
                response = client.post(path, post)
                post_times.append(time.perf_counter() - started)
                assert response.status_code == 302, (response.status_code, response.content[:500])
                transaction.set_rollback(True)
        self.ms("submission form page", statistics.median(get_times), f"{len(cells)} cells")
        self.ms("submission form save", statistics.median(post_times))

    def load_step(self, staff, paths):
        from .loadtest import Gunicorn, run_users, signed_in_cookie, summary

        cookies = [signed_in_cookie(staff) for _ in range(self.users)]
        urls = [path for name, path in paths.items()]
        with Gunicorn(self.database_url(connection.settings_dict["NAME"]), workers=self.workers) as server:
            for _ in range(self.workers * 2):  # each worker's own cache (LocMem), as a first visit would
                for path in urls:
                    from .loadtest import get

                    get(server.port, path, cookies[0])
            result = run_users(server.port, urls, cookies, duration=self.duration, seed=self.seed)
        figures = summary(result, self.duration)
        self.line(
            f"load {self.users} users {self.duration} s ({self.workers} gunicorn workers"
            f"{', Redis cache' if os.environ.get('REDIS_URL') else ''})",
            f"{figures['requests']}", f"requests, {figures['rate']:.1f}/s, {figures['errors']} errors, "
            f"p50 {figures['p50'] * 1000:.0f} ms, p95 {figures['p95'] * 1000:.0f} ms, max {figures['max'] * 1000:.0f} ms",
        )
        for path, latencies in sorted(result.per_page.items()):
            ordered = sorted(latencies)
            p95 = ordered[min(len(ordered) - 1, int(round(0.95 * (len(ordered) - 1))))]
            self.ms(f"load p95 {path}", p95, f"{len(latencies)} requests")
        if result.errors:
            self.line("load errors (first)", "; ".join(f"{p} {s}" for p, s in result.errors[:5]))
        self.ratios.append(("load p95/budget ratio", figures["p95"] / BUDGET_P95, 1.0))
        self.ratios.append(("load errors", figures["errors"], 0))

    def walk_step(self):
        """A clerk's six-month report and an officer's approval in Chromium (bench/walk.py)."""
        from .walk import FLOOR_PATH, walk_step

        ratio = walk_step(self.line, Path(settings.BASE_DIR))
        self.ratios.append((f"walk/floor ratio (as many loads of {FLOOR_PATH})", ratio, None))

    # --- the whole run -------------------------------------------------------------------------
    def run(self):
        import logging

        import warnings

        warnings.filterwarnings("ignore", message="No directory at")  # WhiteNoise: no collectstatic here
        logging.getLogger("audit").setLevel(logging.WARNING)  # a line per force_login
        settings.DEBUG = False  # as in production: no query log kept, pages as served
        started = time.perf_counter()
        big, small = self.names()
        self.line("database", f"{self.vendor} ({'temporary files' if self.vendor == 'sqlite' else 'same server'})")
        self.line("machine", f"{os.cpu_count()} cores, Python {sys.version.split()[0]}")
        small_counts = {}
        try:
            if "pages" not in self.skip and self.small:
                self.prepare(small, self.small)
                staff, _member, unit, period = self.users_and_period()
                client = Client(HTTP_HOST="127.0.0.1")
                client.force_login(staff)
                small_counts = {name: (cold, warm) for name, (cold, warm, _s, _c) in
                                self.page_figures(client, self.pages(period, unit)).items()}
            self.prepare(big, self.n)
            staff, member, unit, period = self.users_and_period()
            paths = self.pages(period, unit)
            self.report_vs_sql(period)
            if "pages" not in self.skip:
                self.pages_step(staff, paths, small_counts)
            if "exports" not in self.skip:
                self.exports_step(period)
            if "import" not in self.skip:
                self.import_step(period, member)
            if "form" not in self.skip:
                self.form_step(period, member, unit)
            if "load" not in self.skip:
                self.load_step(staff, paths)
            if "walk" not in self.skip:
                self.walk_step()
        finally:
            if not self.keep:
                for name in (big, small):
                    self.drop(name)
            connection.close()
            connection.settings_dict.update(self.original)
        self.line("bench total", f"{time.perf_counter() - started:.0f}", "s")
        self.line("date", datetime.date.today().isoformat())
        for name, value, budget in self.ratios:
            number = f"{value:.1f}" if isinstance(value, float) else str(value)
            if budget is None:
                self.out.write(f"{name}: {number}  (no budget: measured)")
                continue
            verdict = "ok" if value <= budget else "OVER BUDGET"
            self.out.write(f"{name}: {number}  (budget {budget}; {verdict})")
