"""The sign-in lock against two real gunicorn workers (about 10 s; part of `make test`).

gunicorn serves the portal on the loopback with 2 workers, against a copy of the test database
(an SQLite file) or the test database itself (PostgreSQL); wrong passwords go through urllib, each
from a new browser (its own cookies), as an attacker would send them. The lock must show on the
configured attempt whichever worker answered, and no correct password may get in while locked:
with the old per-process counters it showed on the 8th try and 2 of 8 good passwords got in.
"""
import http.cookiejar
import os
import re
import socket
import sqlite3
import tempfile
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection

from bench.loadtest import HOST, Gunicorn

from .factories import PASSWORD, make_user
from institutions.models import Role

pytestmark = [pytest.mark.gunicorn, pytest.mark.django_db(transaction=True)]

LIMIT = 5
LOCKED = "Đăng nhập sai quá nhiều lần"
WRONG = "Vui lòng điền vào Tên đăng nhập và mật khẩu chính xác"  # Django's own message, in Vietnamese


class Browser:
    """One visitor: its own cookie jar; redirects are not followed, so a sign-in shows as a 302."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, port):
        self.base = f"http://{HOST}:{port}"
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect)

    def sign_in(self, username, password):
        """(status, page text) of the login form's answer."""
        page = self.opener.open(f"{self.base}/accounts/login/", timeout=60).read().decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
        request = urllib.request.Request(f"{self.base}/accounts/login/", data=body.encode(),
                                         headers={"Referer": f"{self.base}/accounts/login/"})
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:  # the 302 of a sign-in, not followed
            return error.code, error.read().decode()


class TakeTurns:
    """Each visitor's requests to the other worker than the last visitor's: a connection that
    sends nothing holds one sync worker (it waits for the request), and moves to the other worker
    before each visitor: opened while the held worker is busy, the idle one takes it."""

    def __init__(self, port):
        self.port = port
        self.held = None

    def next(self):
        new = socket.create_connection((HOST, self.port))
        time.sleep(0.25)  # the idle worker accepts it
        if self.held is not None:
            self.held.close()
        self.held = new

    def close(self):
        if self.held is not None:
            self.held.close()


def pbkdf2_user(role, username, unit=None):
    """A user whose password gunicorn can check (the tests' own hasher is MD5, which it does not
    know), with few iterations (the hash names them) so that each check is quick."""
    user = make_user(role, unit=unit, username=username)
    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(PASSWORD, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def database_url(folder):
    """What gunicorn is pointed at: a copy of the in-memory SQLite test database, or the test
    PostgreSQL database (whose rows this test committed)."""
    if connection.vendor == "sqlite":
        path = Path(folder) / "portal.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(path)
        connection.connection.backup(copy)
        copy.close()
        return f"sqlite:///{path}"
    s = connection.settings_dict
    password = f":{s['PASSWORD']}" if s.get("PASSWORD") else ""
    return f"postgres://{s['USER']}{password}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_the_lock_shows_on_the_configured_try_and_holds_on_both_workers(unit):
    pbkdf2_user(Role.UNIT, "donvi", unit)
    pbkdf2_user(Role.STAFF, "canbo")
    with tempfile.TemporaryDirectory(prefix="laichau-lock-") as folder:
        access_log = Path(folder) / "access.log"
        server = Gunicorn(
            database_url(folder), workers=2,
            # DEBUG=1: static files from the finders, no collectstatic (the lock does not depend on it).
            env={"DEBUG": "1", "LOGIN_FAILURE_LIMIT": str(LIMIT), "LOGIN_FAILURE_LIMIT_PER_IP": "20",
                 "LOGIN_LOCK_MINUTES": "15"},
            args=["--access-logfile", str(access_log), "--access-logformat", "%(p)s %(m)s %(U)s %(s)s"],
        )
        with server:
            # A good password gets in through gunicorn: the refusals below are the lock's.
            assert Browser(server.port).sign_in("canbo", PASSWORD)[0] == 302

            turns = TakeTurns(server.port)
            answers, good_while_locked = [], []
            try:
                for _ in range(LIMIT + 2):
                    turns.next()
                    answers.append(Browser(server.port).sign_in("donvi", "sai-mat-khau"))
                for _ in range(8):
                    turns.next()
                    good_while_locked.append(Browser(server.port).sign_in("donvi", PASSWORD))
            finally:
                turns.close()
        log = access_log.read_text()  # once gunicorn has stopped: every line written

    for number, (status, page) in enumerate(answers, start=1):
        assert status == 200, number
        if number < LIMIT:
            assert WRONG in page and LOCKED not in page, f"try {number} already locked"
        else:
            assert LOCKED in page, f"try {number} not locked"
    assert [status for status, _page in good_while_locked] == [200] * 8
    assert all(LOCKED in page for _status, page in good_while_locked)

    # Both workers answered wrong tries, and both refused good passwords while locked (a line of the
    # log: the worker's pid, method, path, status; the tries take turns, give or take a slow accept).
    workers = [line.split()[0] for line in log.splitlines() if " POST /accounts/login/ " in line][1:]
    assert len(workers) == LIMIT + 2 + 8
    assert len(set(workers[:LIMIT + 2])) == 2 and len(set(workers[LIMIT + 2:])) == 2, log
