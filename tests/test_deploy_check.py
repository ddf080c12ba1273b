"""Production settings pass `manage.py check --deploy` without warnings."""
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_manage(*args, **env):
    # A clean environment, as on a server: not the test run's (which sets DJANGO_ALLOW_ASYNC_UNSAFE).
    environment = {key: os.environ[key] for key in ("PATH", "HOME", "LANG") if key in os.environ}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120
    )


def production_env(**extra):
    return {"DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(60), "ALLOWED_HOSTS": "example.org", **extra}


@pytest.mark.parametrize("extra", [{}, {"SECURE_HSTS_PRELOAD": "1"}], ids=["default", "hsts-preload"])
def test_the_deploy_check_gives_no_warnings_in_production(extra):
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", **production_env(**extra))

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNINGS" not in result.stderr


def test_production_without_a_secret_key_fails_loudly():
    result = run_manage("check", DEBUG="0", SECRET_KEY="", ALLOWED_HOSTS="example.org")

    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


def test_a_bad_boolean_in_the_environment_fails_loudly():
    result = run_manage("check", DEBUG="maybe")

    assert result.returncode != 0
    assert "DEBUG must be a boolean" in result.stderr
