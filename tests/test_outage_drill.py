"""PostgreSQL stopped under load, for real (bench/outage.py): a cluster of the test's own, made with
Debian's initdb on a free port (never the server of DATABASE_URL), stopped in the middle of an Excel
import and of a form save while simulated users work against gunicorn, then started again."""
import glob
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.skipif(
    not glob.glob("/usr/lib/postgresql/*/bin/initdb"), reason="needs Debian's PostgreSQL (initdb, pg_ctl)"
)


@pytest.fixture(scope="module")
def drill():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    run = subprocess.run(
        [sys.executable, "manage.py", "outage_drill", "--users", "6", "--duration", "12", "--workers", "3"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=170,
    )
    lines = [line for line in run.stdout.splitlines() if line.startswith("DRILL-JSON ")]
    assert lines, run.stdout[-3000:] + run.stderr[-3000:]
    return json.loads(lines[-1].removeprefix("DRILL-JSON ")), run


def test_every_request_is_answered_and_the_outage_ones_with_the_vietnamese_page(drill):
    report, run = drill
    assert report["requests"] > 50
    assert report["errors"] > 0  # the database really was away
    assert report["wrong_answers"] == 0, report["wrong_first"]  # no 500, no 503 while up, no refused connection
    assert report["tracebacks"] == 0
    assert report["victims_answered_503"]  # the import and the save cut off answered the 503 page


def test_nothing_is_half_saved_and_every_acknowledged_save_is_there(drill):
    report, _run = drill
    assert report["saves_acknowledged"] > 0 and report["saves_failed"] > 0
    assert report["half_saved"] == 0
    assert report["lost"] == 0
    assert report["victims_left_nothing"]  # their figures were written, then rolled back with the stop
    assert report["rows_compared"] > 100 and report["rows_differ"] == 0
    assert report["versions_ok"]


def test_healthz_says_down_and_the_portal_serves_again_without_a_restart(drill):
    report, run = drill
    assert report["health_checks_while_down"] > 0 and report["health_said_down"]
    assert report["recovered_after"] is not None and report["recovered_after"] < 5
    assert report["last_error_after_restart"] < 5
    assert report["import_again_ok"] and report["form_again_ok"]
    assert "RESULT: ok" in run.stdout
    for line in ("requests:", "errors", "recovered after", "rows compared:"):
        assert line in run.stdout


def test_the_drill_leaves_no_cluster_behind(drill):
    import tempfile

    assert not list(Path(tempfile.gettempdir()).glob("laichau-drill-*"))
