"""The bench's own databases: temporary SQLite files, or laichau_bench(_small) on the PostgreSQL server."""
import tempfile
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.core.cache import cache
from django.core.management import call_command
from django.db import connection

PG_BIG = "laichau_bench"
PG_SMALL = "laichau_bench_small"


class BenchDatabases:
    """Mixin of Bench: naming, creating, switching to and dropping the bench databases."""

    def names(self):
        if self.vendor == "sqlite":
            folder = Path(tempfile.gettempdir())
            return (str(folder / f"laichau-bench-{self.n}x{self.years}-s{self.seed}.sqlite3"),
                    str(folder / f"laichau-bench-{self.small}x{self.years}-s{self.seed}.sqlite3"))
        if self.vendor == "postgresql":
            return PG_BIG, PG_SMALL
        raise RuntimeError(f"bench: database {self.vendor} is not supported")

    def database_url(self, name):
        if self.vendor == "sqlite":
            return f"sqlite:///{name}"
        parts = urlsplit(self.url or "postgres://postgres@127.0.0.1:5432/x")
        return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, parts.fragment))

    def use(self, name):
        connection.close()
        connection.settings_dict["NAME"] = name
        cache.clear()

    def _pg_admin(self, sql):
        import psycopg2

        s = self.original
        admin = psycopg2.connect(dbname="postgres", user=s.get("USER") or None, password=s.get("PASSWORD") or None,
                                 host=s.get("HOST") or None, port=s.get("PORT") or None)
        admin.autocommit = True
        try:
            with admin.cursor() as cursor:
                cursor.execute(sql)
        finally:
            admin.close()

    def exists(self, name):
        if self.vendor == "sqlite":
            return Path(name).exists()
        import psycopg2

        try:
            self.use(name)
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
            return True
        except psycopg2.OperationalError:
            return False
        except Exception:  # django wraps it
            return False

    def prepare(self, name, institutions):
        """A database with the synthetic province: made now, or reused with --reuse."""
        from bench.loadgen import generate

        from reporting.models import Period

        if self.reuse and self.exists(name):
            self.use(name)
            if Period.objects.filter(plan__code__startswith="load-").exists():
                self.line(f"data {institutions}", "reused", "")
                return
        connection.close()
        if self.vendor == "sqlite":
            Path(name).unlink(missing_ok=True)
        else:
            self._pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
            self._pg_admin(f'CREATE DATABASE "{name}"')
        self.use(name)
        call_command("migrate", verbosity=0)
        summary = generate(institutions=institutions, years=self.years, seed=self.seed)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        if self.vendor == "postgresql":
            connection.close()
            self._pg_admin("SELECT 1")
            import psycopg2

            s = self.original
            db = psycopg2.connect(dbname=name, user=s.get("USER") or None, password=s.get("PASSWORD") or None,
                                  host=s.get("HOST") or None, port=s.get("PORT") or None)
            db.autocommit = True
            with db.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            db.close()
        self.line(f"generate_load {institutions} institutions x {self.years} years", f"{summary.seconds:.1f}",
                  f"s ({summary.values} values, {summary.submissions} reports, {summary.periods} periods)")

    def drop(self, name):
        connection.close()
        if self.vendor == "sqlite":
            Path(name).unlink(missing_ok=True)
        else:
            self._pg_admin(f'DROP DATABASE IF EXISTS "{name}"')
