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

The parent process makes and removes the cluster (``outage_cluster``); a child process
(``--inside``, this module) does the rest with DATABASE_URL pointing at it, so that nothing in
the parent talks to that database. Its users are ``outage_http``'s, its last checks ``outage_verify``'s.
"""
import json
import threading
import time
from dataclasses import dataclass, field
from io import BytesIO

from .loadtest import HOST
from .outage_cluster import DATABASE, Cluster
from .outage_http import Answer, Browser
from .outage_verify import report_lines, verify

LOCKED_TABLE = "reporting_submissionevent"


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
    report = verify(drill, health, period, before, versions_before, first, again_import, again_form)
    report["in_the_middle"] = in_the_middle
    report.update(users=users, workers=workers, mode=options["mode"], seconds=round(clock() - drill.started, 1))
    for line in report_lines(report):
        stdout.write(line)
    stdout.write("DRILL-JSON " + json.dumps(report, ensure_ascii=False))
    return 0 if report["ok"] else 1
