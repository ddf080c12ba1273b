"""What the outage drill checks at the end: every answer, /healthz, the recovery, and every figure
against what was acknowledged; the lines it prints."""
from decimal import Decimal

from .outage_http import DOWN_PAGE


def verify(drill, health, period, before, versions_before, first, again_import, again_form):
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


def report_lines(r):
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
