"""A scripted browser walk (Playwright, Debian's Chromium): a district clerk's six-month report,
then an officer's review and approval, measured the way a person meets them.

For each step: the clicks, the fields filled, the seconds it took, and every response the
browser loaded over the network, with the bytes that travelled (Chromium's ``encodedDataLength``
from the DevTools protocol: the gzip body as the portal sends it, headers included) and the
body once decoded. The floor is the same number of plain page loads of ``/healthz`` (a few
bytes of text, no template, no assets) in the same browser and run; the walk's page loads are
given as a ratio to it.

``manage.py bench`` runs it against gunicorn on a fresh demo database (``walk_step`` below);
tests/test_bench_walk.py runs ``walk`` against pytest's live server.
"""
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The smallest file the portal accepts as a PDF (its first bytes are checked, not its pages).
PDF_BYTES = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
FLOOR_PATH = "/healthz"


@dataclass
class Load:
    url: str
    kind: str  # Document, Stylesheet, Script, Font, Image…
    status: int
    sent: int = 0  # bytes on the wire (encodedDataLength)
    body: int = 0  # the body decoded
    encoding: str = ""
    done: bool = False


@dataclass
class Step:
    name: str
    clicks: int = 0
    fields: int = 0
    seconds: float = 0.0
    loads: list = field(default_factory=list)

    @property
    def pages(self):
        return [load for load in self.loads if load.kind == "Document"]


@dataclass
class WalkResult:
    steps: list = field(default_factory=list)
    status: str = ""  # the report's status as the officer's last page shows it
    floor_seconds: float = 0.0
    floor_loads: int = 0

    def total(self, attribute):
        return sum(getattr(step, attribute) for step in self.steps)

    @property
    def loads(self):
        return [load for step in self.steps for load in step.loads]

    @property
    def pages(self):
        return [load for step in self.steps for load in step.pages]


class Network:
    """Every response of the page, from the DevTools protocol, until the walk reads them."""

    def __init__(self, page):
        self.by_id = {}
        self.order = []
        self.cdp = page.context.new_cdp_session(page)
        self.cdp.on("Network.requestWillBeSent", self.redirected)
        self.cdp.on("Network.responseReceived", self.received)
        self.cdp.on("Network.dataReceived", self.data)
        self.cdp.on("Network.loadingFinished", self.finished)
        self.cdp.send("Network.enable")
        # Each page's own bytes, as on a first visit: nothing answered from the browser's cache.
        self.cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})

    def redirected(self, event):
        """A redirect's answer (a saved form's 302) comes only with the request that follows it."""
        response = event.get("redirectResponse")
        if response is not None:
            self.add(response, event.get("type", ""), done=True)

    def received(self, event):
        self.by_id[event["requestId"]] = self.add(event["response"], event.get("type", ""))

    def add(self, response, kind, done=False):
        headers = {key.lower(): value for key, value in response.get("headers", {}).items()}
        load = Load(url=response["url"], kind=kind, status=response["status"],
                    encoding=headers.get("content-encoding", ""), done=done,
                    sent=int(response.get("encodedDataLength", 0)) if done else 0)
        self.order.append(load)
        return load

    def data(self, event):
        load = self.by_id.get(event["requestId"])
        if load is not None:
            load.body += event.get("dataLength", 0)

    def finished(self, event):
        load = self.by_id.get(event["requestId"])
        if load is not None:
            load.sent = int(event.get("encodedDataLength", 0))
            load.done = True

    def take(self, page):
        """The loads since the last take, once each has finished (events arrive with the page's)."""
        for _ in range(50):
            if all(load.done for load in self.order):
                break
            page.wait_for_timeout(20)
        taken, self.order = self.order, []
        return taken


class Walker:
    """Clicks and fills on ``page``, counted per step."""

    def __init__(self, page, base_url, result):
        self.page, self.base, self.result = page, base_url.rstrip("/"), result
        self.network = Network(page)
        self.step = None

    def begin(self, name):
        self.network.take(self.page)
        self.step = Step(name)
        self.started = time.perf_counter()

    def end(self):
        self.page.wait_for_load_state("load")
        self.step.seconds = time.perf_counter() - self.started
        self.step.loads = self.network.take(self.page)
        self.result.steps.append(self.step)

    def goto(self, path):
        self.page.goto(self.base + path)

    def click(self, locator):
        locator.click()
        self.step.clicks += 1

    def fill(self, locator, value):
        locator.fill(value)
        self.step.fields += 1

    def select(self, locator, value):
        locator.select_option(value)
        self.step.fields += 1

    def sign_in(self, username, password, path):
        self.begin(f"sign in ({username})")
        self.goto(path)
        self.fill(self.page.locator("#id_username"), username)
        self.fill(self.page.locator("#id_password"), password)
        self.click(self.page.locator("form:not(#language-switch) button[type=submit]"))
        self.page.wait_for_url(re.compile(re.escape(path) + "$"))
        self.end()

    def sign_out(self):
        self.page.context.clear_cookies()


def number_for(index):
    """A figure for the ``index``-th box, a little different for each (100, 101, …)."""
    return f"{100 + index}"


def fill_report(walker, pdf):
    """Every figure and every text of the open report form, and one attachment; then save."""
    page = walker.page
    form = page.locator("#submission-form")
    walker.begin("fill every figure and text, attach a PDF, save")
    for index, box in enumerate(form.locator("input[name^='value-']").all()):
        walker.fill(box, number_for(index))
    for box in form.locator("select[name^='value-']").all():
        walker.select(box, "1")
    for index, box in enumerate(form.locator("textarea").all()):
        walker.fill(box, f"Đơn vị đã thực hiện nội dung này trong sáu tháng đầu năm ({index + 1}).")
    page.set_input_files("#id_file", str(pdf))
    walker.step.fields += 1
    walker.click(page.get_by_role("button", name="Lưu nháp"))
    page.locator(".alert-success").first.wait_for()
    walker.end()
    # Figures far from last year's or from the target ask for an explanation before sending.
    empty = [box for box in form.locator("textarea[name^='explanation-']").all() if not box.input_value()]
    if empty:
        walker.begin("explain the figures the form warns about, save")
        for box in empty:
            walker.fill(box, "Số liệu đo thử của bench; đã kiểm tra lại.")
        walker.click(page.get_by_role("button", name="Lưu nháp"))
        page.locator(".alert-success").first.wait_for()
        walker.end()


def walk(base_url, *, clerk, officer, password, period_code, unit_code, work_dir, floor=True):
    """The clerk's report for ``period_code`` from the unit's home page to sent, then the
    officer's approval from the period's board. Returns a WalkResult."""
    from playwright.sync_api import sync_playwright

    result = WalkResult()
    pdf = Path(work_dir) / "Biên bản kiểm tra.pdf"
    pdf.write_bytes(PDF_BYTES)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            context = browser.new_context(locale="vi-VN", viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.on("dialog", lambda dialog: dialog.accept())  # "Gửi báo cáo tới Sở?"
            walker = Walker(page, base_url, result)

            walker.sign_in(clerk, password, "/reporting/")
            walker.begin("open the six-month report")
            card = page.locator(f'[data-period="{period_code}"]')
            walker.click(card.get_by_role("button", name="Lập báo cáo"))
            page.wait_for_url(re.compile(r"/reporting/submissions/\d+/edit/$"))
            walker.end()
            edit_url = page.url
            fill_report(walker, pdf)
            walker.begin("submit")
            walker.click(page.get_by_role("button", name="Gửi báo cáo"))
            page.locator("#submission-status").wait_for()
            walker.end()
            walker.sign_out()

            board = f"/reporting/overview/{period_code}/"
            walker.sign_in(officer, password, board)
            walker.begin("open the review")
            walker.click(page.locator(f'#board-table tr[data-unit="{unit_code}"]').get_by_role("link", name="Xem xét"))
            page.wait_for_url(re.compile(r"/reporting/submissions/\d+/review/$"))
            walker.end()
            walker.begin("approve")
            walker.click(page.locator("#review-actions").get_by_role("button", name="Duyệt báo cáo"))
            page.locator(".alert-success").first.wait_for()
            walker.end()
            page.goto(edit_url.replace("/edit/", "/"))
            result.status = page.locator("#submission-status").inner_text().strip()
            walker.network.take(page)

            if floor:
                result.floor_loads = sum(len(step.pages) for step in result.steps)
                started = time.perf_counter()
                for _ in range(result.floor_loads):
                    page.goto(walker.base + FLOOR_PATH)
                result.floor_seconds = time.perf_counter() - started
        finally:
            browser.close()
    return result


def report(line, result):
    """``name: value unit`` lines (bench.runner.Bench.line) for the walk; returns the ratio."""
    for number, step in enumerate(result.steps, 1):
        sent, body = sum(load.sent for load in step.loads), sum(load.body for load in step.loads)
        line(f"walk {number} {step.name}", f"{step.seconds:.2f}",
             f"s, {step.clicks} clicks, {step.fields} fields, {len(step.loads)} responses, "
             f"{sent:,} B sent / {body:,} B decoded")
        for load in step.loads:
            if load.kind == "Document":
                path = re.sub(r"^https?://[^/]+", "", load.url)
                line(f"walk page {path}", f"{load.sent:,}",
                     f"B sent ({load.encoding or 'not compressed'}), {load.body:,} B decoded, HTTP {load.status}")
        others = [load for load in step.loads if load.kind != "Document"]
        if others:
            line(f"walk assets of step {number}", f"{sum(load.sent for load in others):,}",
                 f"B sent in {len(others)} files ({sum(load.body for load in others):,} B decoded)")
    sent, body = sum(load.sent for load in result.loads), sum(load.body for load in result.loads)
    pages = result.pages
    line("walk total", f"{result.total('seconds'):.2f}",
         f"s, {result.total('clicks')} clicks, {result.total('fields')} fields, {len(pages)} pages, "
         f"{len(result.loads)} responses, {sent:,} B sent / {body:,} B decoded "
         f"(pages alone {sum(p.sent for p in pages):,} / {sum(p.body for p in pages):,} B)")
    line("walk report status", result.status)
    if result.floor_loads:
        line(f"walk floor ({result.floor_loads} loads of {FLOOR_PATH})", f"{result.floor_seconds:.2f}", "s")
        return result.total("seconds") / result.floor_seconds
    return None


# --- in the bench: a fresh demo database and gunicorn ---------------------------------------------
DEMO_CLERK, DEMO_OFFICER, DEMO_PASSWORD, DEMO_UNIT = "donvi105", "canbo", "LaiChau@2026", "105"
SETUP = (["migrate", "--noinput", "-v0"], ["load_admin_units"], ["load_plan"], ["create_periods"],
         ["seed_demo", "--with-reports"])
# The demo's six-month reports are all approved: the latest one of Lai Châu city is taken out,
# so that the clerk has one owed (the period is past its due date, as a late report would be).
OWED = """
from reporting.models import Period, PeriodKind, Submission
period = Period.objects.filter(kind=PeriodKind.HALF_YEAR).order_by("-year").first()
Submission.objects.filter(period=period, reporting_unit__code="105").delete()
print(period.slug)
"""


def demo_database(folder, root):
    """A demo database as `make setup` makes it, in ``folder``; returns its URL and the owed period."""
    url = f"sqlite:///{Path(folder) / 'walk.sqlite3'}"
    env = {**os.environ, "DATABASE_URL": url, "DEBUG": "1"}
    for command in SETUP:
        subprocess.run([sys.executable, "manage.py", *command], cwd=root, env=env, check=True,
                       capture_output=True)
    done = subprocess.run([sys.executable, "manage.py", "shell", "-c", OWED], cwd=root, env=env, check=True,
                          capture_output=True, text=True)
    return url, done.stdout.strip().splitlines()[-1]


def walk_step(line, root):
    """The walk against gunicorn (1 worker, DEBUG off, WhiteNoise) on a fresh demo database."""
    from .loadtest import Gunicorn

    with tempfile.TemporaryDirectory(prefix="laichau-walk-") as folder:
        started = time.perf_counter()
        url, period = demo_database(folder, root)
        line("walk demo database (make setup)", f"{time.perf_counter() - started:.1f}",
             f"s, the report owed: {DEMO_UNIT} for {period}")
        # gunicorn's attachments thrown away with the folder, its mail (approval notices) unsent
        extra = {"MEDIA_ROOT": str(Path(folder) / "media"),
                 "EMAIL_BACKEND": "django.core.mail.backends.dummy.EmailBackend"}
        before = {name: os.environ.get(name) for name in extra}
        os.environ.update(extra)
        try:
            with Gunicorn(url, workers=1) as server:
                result = walk(f"http://127.0.0.1:{server.port}", clerk=DEMO_CLERK, officer=DEMO_OFFICER,
                              password=DEMO_PASSWORD, period_code=period, unit_code=DEMO_UNIT, work_dir=folder)
        finally:
            for name, value in before.items():
                os.environ.pop(name) if value is None else os.environ.update({name: value})
    return report(line, result)
