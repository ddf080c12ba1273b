"""`make setup` (what `make run` does before runserver) on an empty database, twice.

Runs the real Makefile in a subprocess against a throw-away SQLite file. The virtualenv is
taken as installed (`make -o .venv/.installed`), so the test never reaches for pip.
"""
import datetime
import json
import os
import re
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")

# Rows that may legitimately change from one run to the next (sessions, migrations bookkeeping).
VOLATILE_TABLES = {"django_session", "django_migrations", "django_admin_log", "sqlite_sequence"}


def make(*targets, database):
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment["DATABASE_URL"] = f"sqlite:///{database}"
    return subprocess.run(
        ["make", "--no-print-directory", "-o", ".venv/.installed", *targets],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=600,
    )


def row_counts(database):
    with sqlite3.connect(database) as connection:
        tables = [
            name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if name not in VOLATILE_TABLES
        ]
        return {table: connection.execute(f'SELECT COUNT(*) FROM "{table}"').fetchone()[0] for table in tables}


def test_make_setup_twice_loads_everything_once(tmp_path):
    database = tmp_path / "setup.sqlite3"

    first = make("setup", database=database)
    assert first.returncode == 0, first.stdout[-3000:] + first.stderr[-3000:]
    counts = row_counts(database)

    assert counts["institutions_adminunit"] == (1 + 8 + 106) + (1 + 38)
    assert counts["institutions_reportingunit"] >= 8 + 3 + 38
    # 191 on the 2015 map, and a cultural house and a library in each of the 38 communes of 2025.
    assert counts["institutions_institution"] == 191 + 2 * 38
    assert counts["targets_plan"] == 2
    assert counts["auth_user"] == 7
    assert "LaiChau@2026" in first.stdout and "xa3595" in first.stdout
    with sqlite3.connect(database) as connection:
        plans = dict(connection.execute("SELECT code, reporting_kinds FROM targets_plan"))
        assert json.loads(plans["example-laichau-2021-2030"]) == ["department_unit", "commune"]
        communes = connection.execute(
            "SELECT COUNT(*) FROM institutions_reportingunit u JOIN institutions_adminunit a ON a.id = u.admin_unit_id"
            " WHERE u.kind = 'commune' AND a.structure = '2025'"
        ).fetchone()[0]
        assert communes == 38
        periods = dict(connection.execute(
            "SELECT p.code, COUNT(*) FROM reporting_period r JOIN targets_plan p ON p.id = r.plan_id GROUP BY p.code"
        ))
        assert periods == {"laichau-1133-2015": 10, "example-laichau-2021-2030": 20}
        # The commune login's latest period of the 2021–2030 plan is left to it: nothing sent yet.
        latest = connection.execute(
            "SELECT r.id, r.status FROM reporting_period r JOIN targets_plan p ON p.id = r.plan_id"
            " WHERE p.code = 'example-laichau-2021-2030' AND r.due_date < ? ORDER BY r.due_date DESC LIMIT 1",
            (datetime.date.today().isoformat(),),
        ).fetchone()
        assert latest[1] == "open"
        sent = connection.execute(
            "SELECT COUNT(*) FROM reporting_submission s JOIN institutions_reportingunit u ON u.id = s.reporting_unit_id"
            " WHERE u.code = '3595' AND s.period_id = ?", (latest[0],),
        ).fetchone()[0]
        assert sent == 0

    second = make("setup", database=database)
    assert second.returncode == 0, second.stdout[-3000:] + second.stderr[-3000:]

    assert row_counts(database) == counts
    assert not re.search(r"tạo mới [1-9]", second.stdout), second.stdout


def test_make_run_serves_on_localhost_port_8000_after_setup():
    plan = subprocess.run(
        ["make", "--no-print-directory", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60
    )

    lines = plan.stdout.splitlines()
    commands = [line for line in lines if line.startswith(".venv/bin/python manage.py")]
    assert [c.split("manage.py ")[1].split()[0] for c in commands] == [
        "migrate", "load_admin_units", "load_plan", "create_periods", "seed_demo", "runserver",
    ]
    assert commands[-1].endswith("runserver 127.0.0.1:8000")
    assert "--with-reports" in commands[4]
