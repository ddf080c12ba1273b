"""The outage drill's own PostgreSQL cluster (``initdb`` in a temporary folder, a free port on
127.0.0.1), and the parent process that makes it, runs the drill against it and removes it."""
import glob
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .loadtest import HOST, free_port

DATABASE = "laichau_drill"


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
