"""Simulated users against gunicorn on the loopback: threads with http.client, no extra package.

Each user has a signed-in session of its own (made in the database, no password hashing), and
loops until the deadline: GET a page of the list, then think 1–3 s, like a person reading.
Bounded in time and only ever to 127.0.0.1.
"""
import http.client
import os
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

HOST = "127.0.0.1"


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def signed_in_cookie(user):
    """A session cookie for ``user``, as django.contrib.auth.login would store it."""
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.sessions.backends.db import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"  # the one that signs in (after axes's)
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


@dataclass
class Result:
    latencies: list = field(default_factory=list)  # seconds
    errors: list = field(default_factory=list)
    per_page: dict = field(default_factory=dict)

    def percentile(self, share):
        if not self.latencies:
            return None
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def get(port, path, cookie, timeout=60):
    connection = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        connection.request("GET", path, headers={"Cookie": cookie, "Host": HOST})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def run_users(port, paths, cookies, *, duration, think=(1.0, 3.0), seed=1):
    result = Result()
    lock = threading.Lock()
    deadline = time.monotonic() + duration

    def user(number, cookie):
        rng = random.Random(seed * 1000 + number)
        time.sleep(rng.uniform(0, think[1]))  # users arrive over the first seconds
        while time.monotonic() < deadline:
            path = rng.choice(paths)
            started = time.perf_counter()
            try:
                status = get(port, path, cookie)
            except Exception as exc:  # a refused or dropped connection is an error too
                status = repr(exc)
            elapsed = time.perf_counter() - started
            with lock:
                result.latencies.append(elapsed)
                result.per_page.setdefault(path, []).append(elapsed)
                if status != 200:
                    result.errors.append((path, status))
            time.sleep(rng.uniform(*think))

    threads = [threading.Thread(target=user, args=(n, cookies[n % len(cookies)]), daemon=True)
               for n in range(len(cookies))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + 120)
    return result


class Gunicorn:
    """gunicorn serving the portal on 127.0.0.1 against ``database_url``, as in production
    (DEBUG off, static files collected, WhiteNoise); ``env`` adds or overrides variables (a test's
    DEBUG=1 serves static files from the finders and skips the collecting, some 20 s);
    ``settings_module``: other settings, which serve static files without collectstatic
    (bench/drill_settings.py)."""

    def __init__(self, database_url, *, workers=3, stdout=None, env=None, args=(), settings_module=None):
        self.database_url = database_url
        self.settings_module = settings_module
        self.workers = workers
        self.extra_env = dict(env or {})
        self.extra_args = list(args)
        self.port = free_port()
        self.stdout = stdout
        self.process = None
        self.static = None

    def env(self):
        env = dict(os.environ)
        env.update({
            "DATABASE_URL": self.database_url, "DEBUG": "0", "SECRET_KEY": settings.SECRET_KEY,
            "ALLOWED_HOSTS": HOST, "SECURE_SSL_REDIRECT": "0", "STATIC_ROOT": self.static,
            "CONN_MAX_AGE": "60", "LOG_LEVEL": "WARNING",
        })
        env.update(self.extra_env)
        if self.settings_module:
            env["DJANGO_SETTINGS_MODULE"] = self.settings_module
        return env

    def __enter__(self):
        self.static = tempfile.mkdtemp(prefix="laichau-bench-static-")
        python = sys.executable
        root = Path(settings.BASE_DIR)
        if self.env()["DEBUG"] != "1" and not self.settings_module:
            subprocess.run([python, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=root, env=self.env(),
                           check=True)
        gunicorn = Path(python).with_name("gunicorn")
        self.process = subprocess.Popen(
            [str(gunicorn), "laichau_plan.wsgi:application", "--bind", f"{HOST}:{self.port}",
             "--workers", str(self.workers), "--timeout", "120", "--log-level", "warning", *self.extra_args],
            cwd=root, env=self.env(),
        )
        for _ in range(150):
            try:
                if get(self.port, "/healthz", "", timeout=2) == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.2)
        self.__exit__(None, None, None)
        raise RuntimeError("gunicorn did not answer /healthz")

    def __exit__(self, *exc):
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.static:
            shutil.rmtree(self.static, ignore_errors=True)


def summary(result, duration):
    p50 = statistics.median(result.latencies) if result.latencies else None
    return {
        "requests": len(result.latencies),
        "errors": len(result.errors),
        "p50": p50,
        "p95": result.percentile(0.95),
        "max": max(result.latencies) if result.latencies else None,
        "rate": len(result.latencies) / duration,
    }
