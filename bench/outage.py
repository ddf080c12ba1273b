"""The database goes away under load (``manage.py outage_drill``, docs/deployment.md).

A PostgreSQL cluster of the drill's own (``initdb`` in a temporary folder, a free port on
127.0.0.1; never the server of DATABASE_URL) holds a small synthetic province. gunicorn serves it
as in production while simulated users read pages and save their reports' forms. Then:

1. the drill locks the table of report history (``LOCK TABLE reporting_submissionevent``) and
   starts an Excel import and a form save: both write their figures, then wait on the lock,
   in the middle of their transaction;
2. the cluster is stopped (``pg_ctl stop -m fast``; ``--mode immediate`` for a crash): every
   request, those two included, must answer the Vietnamese 503 page, and ``/healthz`` 503;
3. the cluster is started again: the same gunicorn workers must serve again (no restart);
   the import and the save are done again and must succeed;
4. every answer is checked (200 or 302 while the database is up, the 503 page while it is
   down, never a 500 or a traceback), and the database against what was acknowledged: every
   save answered 302 is there whole, every save answered 503 is there whole or not at all,
   every other figure is as it was before.

The parent process makes and removes the cluster; a child process (``--inside``) does the rest
with DATABASE_URL pointing at it, so that nothing in the parent talks to that database.
"""
import glob
import http.client
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from io import BytesIO
from pathlib import Path

from .loadtest import HOST, free_port

DOWN_PAGE = "Cơ sở dữ liệu tạm thời không kết nối được"
DATABASE = "laichau_drill"
LOCKED_TABLE = "reporting_submissionevent"


def postgres_bindir():
    """Debian's newest /usr/lib/postgresql/N/bin holding initdb, or None."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(Path(p).parts[-3]))
    return str(Path(found[-1]).parent) if found else None


class Cluster:
    """A throw-away PostgreSQL cluster under ``base`` (data, socket and log), trust auth on 127.0.0.1."""

    def __init__(self, bindir, base, port):
        self.bindir, self.base, self.port = bindir, Path(base), port
        self.data = self.base / "data"
        self.log = self.base / "postgres.log"

    @property
    def url(self):
        return f"postgres://postgres@{HOST}:{self.port}/{DATABASE}"

    def _run(self, *args, check=True):
        command = [str(Path(self.bindir) / args[0]), *args[1:]]
        if os.geteuid() == 0:  # initdb and postgres refuse to run as root
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, timeout=120)

    def create(self):
        if os.geteuid() == 0:
            shutil.chown(self.base, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                  "--locale=C.UTF-8", "--no-sync")
        self.start()
        self._run("createdb", "-h", HOST, "-p", str(self.port), "-U", "postgres", DATABASE)

    def start(self):
        options = (f"-p {self.port} -k {self.base} -c listen_addresses={HOST} -c fsync=off -c shared_buffers=16MB "
                   "-c max_connections=40")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.log), "-o", options, "-w", "-t", "60", "start")

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", str(self.data), "-m", mode, "-w", "-t", "60", "stop")

    def running(self):
        return self._run("pg_ctl", "-D", str(self.data), "status", check=False).returncode == 0


def run_parent(options, stdout):
    """Make the cluster, run the drill in a child process against it, remove the cluster. Returns
    the child's exit status."""
    bindir = postgres_bindir()
    if bindir is None:
        stdout.write("outage drill: no /usr/lib/postgresql/*/bin/initdb (apt install postgresql)")
        return 2
    base = tempfile.mkdtemp(prefix="laichau-drill-")
    cluster = Cluster(bindir, base, free_port())
    try:
        cluster.create()
        env = dict(os.environ, DATABASE_URL=cluster.url, PORTAL_BENCH="1")
        command = [sys.executable, "manage.py", "outage_drill", "--inside", "--bindir", bindir, "--base", base,
                   "--port", str(cluster.port), "--users", str(options["users"]), "--duration",
                   str(options["duration"]), "--workers", str(options["workers"]), "--mode", options["mode"]]
        from django.conf import settings

        child = subprocess.run(command, cwd=settings.BASE_DIR, env=env, timeout=options["duration"] + 600)
        return child.returncode
    finally:
        if cluster.data.exists() and cluster.running():
            cluster.stop("immediate")
        shutil.rmtree(base, ignore_errors=True)


# --- HTTP ---------------------------------------------------------------------------------------

@dataclass
class Answer:
    method: str
    path: str
    status: object  # int, or the text of a refused/dropped connection
    started: float
    ended: float
    body: str = ""
    location: str = ""


class Browser:
    """One simulated user: a signed-in session cookie and the CSRF cookie, http.client on 127.0.0.1."""

    def __init__(self, port, cookie, log):
        self.port = port
        self.cookies = dict([cookie.split("=", 1)])
        self.log = log

    def request(self, method, path, body=None, content_type=None, clock=time.monotonic):
        headers = {"Host": HOST, "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        if content_type:
            headers["Content-Type"] = content_type
        started = clock()
        connection = http.client.HTTPConnection(HOST, self.port, timeout=90)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            text = response.read().decode("utf-8", "replace")
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            answer = Answer(method, path, response.status, started, clock(), text, response.getheader("Location", ""))
        except Exception as exc:  # a refused or dropped connection is an answer too (a wrong one)
            answer = Answer(method, path, repr(exc), started, clock())
        finally:
            connection.close()
        self.log(answer)
        return answer

    def get(self, path):
        return self.request("GET", path)

    def post_form(self, path, fields):
        from urllib.parse import urlencode

        return self.request("POST", path, urlencode(fields).encode(), "application/x-www-form-urlencoded")

    def post_file(self, path, fields, name, filename, content):
        boundary = uuid.uuid4().hex
        parts = []
        for key, value in fields.items():
            parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode())
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
                     "Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n"
                     .encode() + content + b"\r\n")
        parts.append(f"--{boundary}--\r\n".encode())
        return self.request("POST", path, b"".join(parts), f"multipart/form-data; boundary={boundary}")


# --- the drill (child process) ------------------------------------------------------------------

@dataclass(eq=False)
class Attempt:
    """One save: its report, the figure posted into its cells (``keys``; an import: every number
    cell of its workbook, ``filled`` of them), and how it was answered."""
    submission_id: int
    value: int
    keys: list
    answer: Answer = None
    kind: str = "form"
    filled: int = 0

    @property
    def acknowledged(self):
        return self.answer is not None and self.answer.status == 302


@dataclass
class Drill:
    port: int = 0
    started: float = 0.0
    answers: list = field(default_factory=list)
    attempts: list = field(default_factory=list)
    down_at: float = None
    up_at: float = None
    saves_paused: threading.Event = field(default_factory=threading.Event)
    stop: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def log(self, answer):
        with self.lock:
            self.answers.append(answer)

    def database_up(self, at):
        return self.down_at is None or at < self.down_at or (self.up_at is not None and at >= self.up_at)


def _world(users):
    """A small province (bench.loadgen), reports reopened for the units, a user per unit and a member of
    the department's staff. The savers' reports and the import's are of the latest annual period; the
    report of the save cut off is of another period (a save locks its period's row: in one period the
    save would wait on the import before writing anything). Returns what the drill needs."""
    from django.contrib.auth import get_user_model

    from institutions.models import Profile, Role
    from reporting.models import Period, PeriodKind, Submission, SubmissionStatus
    from reporting.selectors import expected_cells
    from targets.models import ValueType

    from .loadgen import generate

    generate(institutions=130, years=1, seed=7)
    periods = Period.objects.filter(plan__code__startswith="load-").order_by("-year", "kind")
    period = periods.filter(kind=PeriodKind.ANNUAL).first()
    other = periods.exclude(pk=period.pk).first()

    def fillable(submission):
        """The report, with the keys of its whole-number cells (a save changes the first two)."""
        cells = [c for c in expected_cells(submission.period, submission.reporting_unit)
                 if c.indicator.value_type == ValueType.INTEGER]
        submission.drill_keys = [c.key for c in cells[:2]]
        submission.drill_cells = len(cells)
        return len(cells) >= 2

    def reports(of):
        return [s for s in Submission.objects.filter(period=of).select_related("period", "reporting_unit")
                .order_by("pk") if fillable(s)]

    needed = max(2, users // 2) + 1  # the savers' reports, then the import's (the one with most cells)
    annual = sorted(reports(period), key=lambda s: (s.drill_cells, -s.pk))
    submissions = annual[:needed - 1] + annual[-1:]
    taken = {s.reporting_unit_id for s in submissions}
    victim = next(s for s in reports(other) if s.reporting_unit_id not in taken)
    if len(submissions) < needed:
        raise RuntimeError(f"outage drill: {len(submissions)} reports, {needed} needed")
    submissions.append(victim)
    Submission.objects.filter(pk__in=[s.pk for s in submissions]).update(status=SubmissionStatus.RETURNED)
    User = get_user_model()
    members = []
    for submission in submissions:
        user = User.objects.create_user(f"drill-{submission.reporting_unit.code}", password=None)
        Profile.objects.create(user=user, role=Role.UNIT, reporting_unit=submission.reporting_unit)
        members.append(user)
    staff = User.objects.create_user("drill-canbo", password=None)
    Profile.objects.create(user=staff, role=Role.STAFF)
    return period, submissions, members, staff


def _filled_workbook(period, unit, user, value):
    """The unit's Excel template with every number cell set to ``value``; and how many cells that is."""
    from openpyxl import load_workbook

    from reporting.excel.layout import CODES_ROW, FIRST_VALUE_COLUMN, build_layout
    from reporting.excel.template import template_bytes
    from targets.models import ValueType

    layout = build_layout(period, unit)
    wb = load_workbook(BytesIO(template_bytes(period=period, unit=unit, user=user)))
    ws = wb.worksheets[0]
    filled = 0
    for offset, row in enumerate(layout.rows):
        for index, indicator in enumerate(layout.indicators):
            if layout.cell(row, indicator) is None or indicator.value_type in (ValueType.BOOLEAN, ValueType.PERCENT):
                continue
            ws.cell(CODES_ROW + 2 + offset, FIRST_VALUE_COLUMN + index, value)
            filled += 1
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), filled


def _form_save(browser, drill, submission_id, keys, value, opened=None):
    """Read the report's form like a user, set its cells ``keys`` (two whole numbers) to ``value``, save.
    ``opened``: {} kept between calls; when the form cannot be read (the database is down) the
    form read last is saved, as by a user who had it open and pressed Lưu nháp."""
    from django.urls import reverse

    from reporting.forms import value_field_name

    from .formpost import form_fields

    path = reverse("reporting:submission_edit", args=[submission_id])
    page = browser.get(path)
    if page.status == 200:
        post = form_fields(page.body)
        if opened is not None:
            opened["post"] = dict(post)
    elif opened and "post" in opened:
        post = dict(opened["post"])
    else:
        return None
    names = [value_field_name(key) for key in keys]
    if any(name not in post or post[name].strip() == str(value) for name in names):
        return None
    attempt = Attempt(submission_id, value, list(keys))
    for name in names:
        post[name] = str(value)
    attempt.answer = browser.post_form(path, post)
    with drill.lock:
        drill.attempts.append(attempt)
    return attempt


def _import_ready(browser, period, unit, user, submission_id, value):
    """The upload page read and the workbook filled (the template is made here, by the drill:
    making it writes nothing the lock would hold up); ``_import_send`` posts it."""
    from django.urls import reverse

    path = reverse("reporting:excel_upload", args=[period.slug])
    page = browser.get(path)
    assert page.status == 200, page.status
    content, filled = _filled_workbook(period, unit, user, value)
    attempt = Attempt(submission_id, value, [], kind="import", filled=filled)
    return attempt, path, _csrf(page.body), content


def _import_send(browser, drill, ready):
    attempt, path, token, content = ready
    attempt.answer = browser.post_file(path, {"csrfmiddlewaretoken": token}, "file", "bao-cao.xlsx", content)
    with drill.lock:
        drill.attempts.append(attempt)
    return attempt


def _csrf(html):
    from .formpost import form_fields

    return form_fields(html).get("csrfmiddlewaretoken", "")


def _waiting_on_the_lock(admin, submission_ids):
    """Which of these reports have a history INSERT waiting on the drill's lock."""
    with admin.cursor() as cursor:
        cursor.execute("SELECT query FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE %s",
                       [f'INSERT INTO "{LOCKED_TABLE}"%'])
        queries = [row[0] for row in cursor.fetchall()]
    # One row: VALUES (id, ...); several: SELECT * FROM UNNEST((ARRAY[id,id,...])::bigint[], ...)
    marks = {sid: (f"VALUES ({sid}, ", f"UNNEST((ARRAY[{sid},") for sid in submission_ids}
    return {sid for sid, (one, many) in marks.items() if any(one in q or many in q for q in queries)}, queries


def run_inside(options, stdout):
    """The drill itself, in the child process whose database is the drill's cluster."""
    import psycopg2
    from django.core.management import call_command
    from django.db import connection
    from django.urls import reverse

    from reporting.models import Submission, SubmissionValue

    from .loadtest import Gunicorn, signed_in_cookie

    clock = time.monotonic
    begun = clock()

    def say(text):
        stdout.write(f"  [{clock() - begun:5.1f} s] {text}")
        stdout.flush()

    cluster = Cluster(options["bindir"], options["base"], options["port"])
    users, duration, workers = options["users"], options["duration"], options["workers"]
    call_command("migrate", verbosity=0)
    period, submissions, members, staff = _world(users)
    say(f"data: {SubmissionValue.objects.count()} figures in {Submission.objects.count()} reports")
    savers = max(2, users // 2)
    browsers = max(1, users - savers)
    import_submission, victim_submission = submissions[-2], submissions[-1]
    import_member, victim_member = members[-2], members[-1]
    before = {row[0]: row[1:] for row in SubmissionValue.objects.values_list(
        "pk", "submission_id", "indicator__code", "institution__code", "value")}
    versions_before = dict(Submission.objects.values_list("pk", "version"))
    pages = [reverse("home"), reverse("reports:index"), reverse("institutions:list"),
             reverse("reporting:overview_period", args=[period.slug]),
             reverse("reporting:submission_detail", args=[submissions[0].pk]), "/healthz"]
    staff_cookies = [signed_in_cookie(staff) for _ in range(browsers)]
    saver_cookies = [signed_in_cookie(member) for member in members[:savers]]
    import_cookie, victim_cookie = signed_in_cookie(import_member), signed_in_cookie(victim_member)
    connection.close()  # the drill's own connection is not part of the test

    drill = Drill()
    health = []  # (at, status)

    def reader(number):
        browser = Browser(drill.port, staff_cookies[number], drill.log)
        step = number
        while not drill.stop.is_set():
            browser.get(pages[step % len(pages)])
            step += 1
            drill.stop.wait(0.4 + 0.1 * (number % 5))

    def saver(number):
        browser = Browser(drill.port, saver_cookies[number], drill.log)
        submission_id = submissions[number].pk
        count, opened = 0, {}
        own = [reverse("reporting:unit_home"), reverse("reporting:submission_detail", args=[submission_id])]
        while not drill.stop.is_set():
            if drill.saves_paused.is_set():
                browser.get(own[count % len(own)])
            else:
                count += 1
                _form_save(browser, drill, submission_id, submissions[number].drill_keys, 100 + count, opened)  # < 1000: written as typed
            drill.stop.wait(0.5)

    def monitor():
        while not drill.stop.is_set():
            answer = Browser(drill.port, "x=y", lambda a: None).get("/healthz")
            health.append((answer.started, answer.status, answer.body))
            drill.stop.wait(0.25)

    phase = max(4.0, duration / 4)
    with Gunicorn(cluster.url, workers=workers, settings_module="bench.drill_settings") as server:
        drill.port, drill.started = server.port, clock()
        say(f"gunicorn on {HOST}:{server.port}; {browsers} users reading, {savers} saving forms")
        threads = [threading.Thread(target=reader, args=(n,)) for n in range(browsers)]
        threads += [threading.Thread(target=saver, args=(n,)) for n in range(savers)]
        threads.append(threading.Thread(target=monitor))
        for thread in threads:
            thread.start()
        victims = []
        try:
            time.sleep(phase)  # 1. everybody working
            drill.saves_paused.set()
            time.sleep(1.5)  # the savers' last saves answered: only the two victims will wait on the lock
            import_browser = Browser(drill.port, import_cookie, drill.log)
            victim_browser = Browser(drill.port, victim_cookie, drill.log)
            ready = _import_ready(import_browser, period, import_submission.reporting_unit, import_member,
                                  import_submission.pk, 901)
            admin = psycopg2.connect(host=HOST, port=cluster.port, user="postgres", dbname=DATABASE)
            locker = admin.cursor()
            locker.execute(f"BEGIN; LOCK TABLE {LOCKED_TABLE} IN EXCLUSIVE MODE")
            watcher = psycopg2.connect(host=HOST, port=cluster.port, user="postgres", dbname=DATABASE)
            watcher.autocommit = True
            first = {}
            victims = [
                threading.Thread(target=lambda: first.setdefault("import", _import_send(import_browser, drill, ready))),
                threading.Thread(target=lambda: first.setdefault("form", _form_save(
                    victim_browser, drill, victim_submission.pk, victim_submission.drill_keys, 951))),
            ]
            say("history table locked; an Excel import and a form save started")
            for thread in victims:
                thread.start()
            wanted = {import_submission.pk, victim_submission.pk}
            deadline = clock() + 30
            while (waiting := _waiting_on_the_lock(watcher, wanted))[0] != wanted:
                if clock() > deadline:
                    admin.close()
                    raise RuntimeError(f"outage drill: the import and the save did not reach the lock: {first} "
                                       f"{[q[:300] for q in waiting[1]]}")
                time.sleep(0.1)
            watcher.close()
            in_the_middle = len(wanted)
            drill.down_at = clock()  # 2. the database goes away
            say("both wait on the lock, their figures written: pg_ctl stop")
            cluster.stop(options["mode"])
            say("database stopped")
            admin.close()
            drill.saves_paused.clear()  # the savers press Lưu nháp while it is away
            for thread in victims:
                thread.join(120)
            time.sleep(max(3.0, phase - 2))
            cluster.start()  # 3. back
            drill.up_at = clock()
            connection.close()  # the drill's own connection died with the server too
            say("database started again")
            time.sleep(1.0)
            again_import = _import_send(import_browser, drill, _import_ready(
                import_browser, period, import_submission.reporting_unit, import_member, import_submission.pk, 902))
            again_form = _form_save(victim_browser, drill, victim_submission.pk, victim_submission.drill_keys, 952)
            say("the import and the save done again")
            time.sleep(phase)
        finally:
            drill.stop.set()
            for thread in threads + victims:
                thread.join(120)
    report = _verify(drill, health, period, before, versions_before, first, again_import, again_form)
    report["in_the_middle"] = in_the_middle
    report.update(users=users, workers=workers, mode=options["mode"], seconds=round(clock() - drill.started, 1))
    for line in _lines(report):
        stdout.write(line)
    stdout.write("DRILL-JSON " + json.dumps(report, ensure_ascii=False))
    return 0 if report["ok"] else 1


def _verify(drill, health, period, before, versions_before, first, again_import, again_form):
    from reporting.figures import _display
    from reporting.models import Submission, SubmissionEvent, SubmissionValue

    # The answers: 200/302 while the database is up, the 503 page while it is down.
    wrong, down_pages, tracebacks = [], 0, 0
    for answer in drill.answers:
        if "Traceback" in answer.body:
            tracebacks += 1
        if answer.status == 503 and (DOWN_PAGE in answer.body or answer.path == "/healthz"):
            down_pages += 1
            if drill.database_up(answer.started) and drill.database_up(answer.ended):
                wrong.append(answer)  # a 503 whose whole request ran while the database was up
        elif answer.status not in (200, 302):
            wrong.append(answer)
    after_up = [a for a in drill.answers if a.started >= drill.up_at]
    late_errors = [a.ended - drill.up_at for a in after_up if a.status != 200 and a.status != 302]
    healthy_again = [at for at, status, _body in health if at >= drill.up_at and status == 200]
    health_down = [(at, body) for at, status, body in health if drill.down_at <= at < drill.up_at]
    health_said_down = all(status == 503 for at, status, _b in health if drill.down_at + 0.5 <= at < drill.up_at - 0.5)

    # The database: every acknowledged save whole, every failed one whole or absent, nothing else changed.
    half, lost, committed = [], [], []
    expected = {}  # (submission_id, cell key) -> value of the last committed save
    for attempt in sorted(drill.attempts, key=lambda a: a.answer.started):
        events = SubmissionEvent.objects.filter(submission_id=attempt.submission_id,
                                                new_value=_display(Decimal(attempt.value)))
        if attempt.kind == "import":
            wanted = attempt.filled
            found = SubmissionValue.objects.filter(submission_id=attempt.submission_id, value=attempt.value).count()
        else:
            wanted = len(attempt.keys)
            found = events.count()
        if found not in (0, wanted):
            half.append((attempt.kind, attempt.submission_id, attempt.value, found, wanted))
        if attempt.acknowledged and found != wanted:
            lost.append((attempt.kind, attempt.submission_id, attempt.value, found, wanted))
        if found == wanted:
            committed.append(attempt)
            if attempt.kind == "form":
                for key in attempt.keys:
                    expected[(attempt.submission_id, key)] = attempt.value
    imported = {a.submission_id: a.value for a in committed if a.kind == "import"}
    compared, differ = 0, []
    for pk, submission_id, code, institution, value in SubmissionValue.objects.values_list(
            "pk", "submission_id", "indicator__code", "institution__code", "value"):
        key = f"{code}|{institution or ''}"
        if (submission_id, key) in expected:
            want = expected[(submission_id, key)]
        elif pk not in before:
            want = imported.get(submission_id)  # a cell filled for the first time by an import
        else:
            want = before[pk][3]
            if submission_id in imported and value == imported[submission_id]:
                want = value  # an import's cell (checked whole above)
        compared += 1
        if value != want:
            differ.append((submission_id, key, value, want))
    missing = [pk for pk in before if not SubmissionValue.objects.filter(pk=pk).exists()]
    versions_after = dict(Submission.objects.values_list("pk", "version"))
    version_steps = sum(versions_after[pk] - versions_before.get(pk, 0) for pk in versions_after)
    victims_failed = [first.get("import"), first.get("form")]
    report = {
        "requests": len(drill.answers),
        "errors": down_pages,
        "wrong_answers": len(wrong),
        "wrong_first": [f"{a.method} {a.path} {a.status} {_said(a.body)}" for a in wrong[:5]],
        "tracebacks": tracebacks,
        "down_seconds": round(drill.up_at - drill.down_at, 1),
        "health_checks_while_down": len(health_down),
        "health_said_down": health_said_down and bool(health_down),
        "recovered_after": round(healthy_again[0] - drill.up_at, 2) if healthy_again else None,
        "last_error_after_restart": round(max(late_errors), 2) if late_errors else 0.0,
        "saves": len([a for a in drill.attempts if a.kind == "form"]),
        "saves_acknowledged": len([a for a in drill.attempts if a.kind == "form" and a.acknowledged]),
        "saves_failed": len([a for a in drill.attempts if a.kind == "form" and not a.acknowledged]),
        "failed_but_whole": len([a for a in committed if not a.acknowledged]),
        "half_saved": len(half),
        "lost": len(lost),
        "victims_answered_503": all(a is not None and a.answer.status == 503 and DOWN_PAGE in a.answer.body
                                    for a in victims_failed),
        "victims_left_nothing": all(a is not None and not any(a is c for c in committed) for a in victims_failed),
        "import_cells": again_import.filled,
        "import_again_ok": again_import.acknowledged and any(again_import is c for c in committed),
        "form_again_ok": again_form is not None and again_form.acknowledged and any(again_form is c for c in committed),
        "rows_compared": compared,
        "rows_differ": len(differ) + len(missing),
        "versions_ok": version_steps == len(committed),
    }
    report["ok"] = (report["wrong_answers"] == 0 and not tracebacks and report["half_saved"] == 0 and not lost
                    and report["rows_differ"] == 0 and report["versions_ok"] and report["health_said_down"]
                    and report["recovered_after"] is not None and report["victims_answered_503"]
                    and report["victims_left_nothing"] and report["import_again_ok"] and report["form_again_ok"]
                    and down_pages > 0)
    return report


def _said(body):
    """The page's error messages (alert boxes), shortened: why an answer was wrong."""
    import re

    found = re.findall(r'class="alert[^"]*"[^>]*>(.*?)</', body, re.S)
    return " / ".join(" ".join(text.split())[:120] for text in found[:3])


def _lines(r):
    return [
        f"outage drill: own PostgreSQL cluster, gunicorn {r['workers']} workers, {r['users']} users, "
        f"{r['seconds']} s, stop -m {r['mode']}",
        f"requests: {r['requests']}",
        f"errors (the 503 page while the database was down): {r['errors']}",
        f"wrong answers (500, traceback, 503 while up, refused): {r['wrong_answers']} {r['wrong_first'] or ''}",
        f"stopped in the middle of: 1 Excel import and 1 form save (waiting on their history rows); "
        f"down {r['down_seconds']} s",
        f"/healthz while down: {r['health_checks_while_down']} checks, "
        f"{'all 503' if r['health_said_down'] else 'NOT all 503'}",
        f"recovered after {r['recovered_after']} s (first /healthz 200 after the start, no gunicorn restart); "
        f"last error {r['last_error_after_restart']} s after it",
        f"form saves: {r['saves']}, acknowledged {r['saves_acknowledged']}, failed {r['saves_failed']} "
        f"(of which saved whole {r['failed_but_whole']}), half-saved {r['half_saved']}, acknowledged but missing "
        f"{r['lost']}",
        f"the import and the save cut off: answered 503 {r['victims_answered_503']}, left nothing "
        f"{r['victims_left_nothing']}; done again: import ({r['import_cells']} cells) {r['import_again_ok']}, "
        f"save {r['form_again_ok']}",
        f"rows compared: {r['rows_compared']}, differ {r['rows_differ']}; report versions match the committed saves: "
        f"{r['versions_ok']}",
        f"RESULT: {'ok' if r['ok'] else 'FAILED'}",
    ]
