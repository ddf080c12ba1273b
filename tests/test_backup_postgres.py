"""The PostgreSQL route of docs/deployment.md (section 9): ``pg_dump -Fc`` of the database and a copy
of the media folder, restored with ``pg_restore`` into a new, empty database, give back every table
(row counts and content hashes, sessions aside), every attachment and every report's JSON."""
import hashlib
import shutil
import subprocess
import tarfile

import psycopg2
import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection

from institutions.models import Role
from reporting.models import Attachment, Period, Submission
from reports.data import report_json
from reports.models import ConsolidatedReport, ReportStatus
from reports.services import report_create_draft, report_issue, report_update

from .factories import REPORT_WORDS, make_user
from .report_world import build_report_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),  # committed, so that pg_dump (another session) sees it
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore need PostgreSQL"),
    pytest.mark.skipif(not shutil.which("pg_dump") or not shutil.which("pg_restore"),
                       reason="needs pg_dump and pg_restore (postgresql-client)"),
]

SKIPPED_TABLES = {"django_session"}
ATTACHMENT = "Biên bản kiểm tra thư viện.pdf".encode() + bytes(range(256)) * 40


def _server_args():
    s = connection.settings_dict
    args = ["-h", s.get("HOST") or "127.0.0.1", "-p", str(s.get("PORT") or 5432)]
    return args + (["-U", s["USER"]] if s.get("USER") else [])


def _connect(name):
    s = connection.settings_dict
    db = psycopg2.connect(dbname=name, user=s.get("USER") or None, password=s.get("PASSWORD") or None,
                          host=s.get("HOST") or None, port=s.get("PORT") or None)
    db.autocommit = True
    return db


def _env():
    import os

    password = connection.settings_dict.get("PASSWORD")
    return dict(os.environ, **({"PGPASSWORD": password} if password else {}))


def table_fingerprints(name):
    """{table: (rows, md5 of its rows as text in order)} of every table of ``name``, and its sequences."""
    db = _connect(name)
    try:
        with db.cursor() as cursor:
            cursor.execute("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                           "AND table_type = 'BASE TABLE' ORDER BY table_name")
            tables = [row[0] for row in cursor.fetchall()]
            result = {}
            for table in tables:
                if table in SKIPPED_TABLES:
                    continue
                cursor.execute(f'SELECT count(*), md5(coalesce(string_agg(t::text, E\'\\n\' ORDER BY t::text), \'\')) '
                               f'FROM "{table}" t')
                result[table] = cursor.fetchone()
            cursor.execute("SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'")
            sequences = dict(cursor.fetchall())
    finally:
        db.close()
    return result, sequences


def every_report_json():
    """The JSON of every period's report (approved figures, and with the submitted ones), built now,
    and the frozen JSON of every issued report."""
    cache.clear()  # built from this database, not remembered from the other one
    built = {}
    for period in Period.objects.order_by("code"):
        for include_submitted in (False, True):
            built[(period.code, include_submitted)] = report_json(period, include_submitted=include_submitted)
    frozen = dict(ConsolidatedReport.objects.filter(status=ReportStatus.ISSUED).values_list("pk", "data"))
    return built, frozen


def _sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_pg_dump_and_pg_restore_into_an_empty_database_give_back_every_table_and_report(
        tmp_path, settings, staff_user):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.REPORT_CACHE_SECONDS = 0
    world = build_report_world()
    draft = report_create_draft(period=world.fy2017, user=staff_user)
    report_update(report=draft, fields=REPORT_WORDS)
    report_issue(report=draft, user=staff_user)
    submission = Submission.objects.filter(period=world.fy2017).order_by("pk").first()
    Attachment.objects.create(
        submission=submission, file=ContentFile(ATTACHMENT, name="bien-ban.pdf"), original_name="Biên bản.pdf",
        content_type="application/pdf", size=len(ATTACHMENT),
        uploaded_by=make_user(Role.UNIT, unit=submission.reporting_unit, username="donvi-tep"),
    )
    source = connection.settings_dict["NAME"]
    restored = f"{source}_restored"
    before_tables, before_sequences = table_fingerprints(source)
    before_reports = every_report_json()
    assert before_reports[1], "an issued report is part of the backup"
    assert before_tables["reporting_submissionvalue"][0] > 10

    # The backup: what docs/deployment.md tells the administrator to run.
    dump = tmp_path / "laichau.dump"
    subprocess.run(["pg_dump", "-Fc", *_server_args(), "-f", str(dump), source], check=True, env=_env(), timeout=120)
    media_archive = tmp_path / "media.tar.gz"
    with tarfile.open(media_archive, "w:gz") as archive:
        archive.add(settings.MEDIA_ROOT, arcname="media")

    admin = _connect("postgres")
    try:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
            cursor.execute(f"CREATE DATABASE \"{restored}\" ENCODING 'UTF8' TEMPLATE template0")
        subprocess.run(["pg_restore", *_server_args(), "--no-owner", "--exit-on-error", "--single-transaction",
                        "-d", restored, str(dump)], check=True, env=_env(), timeout=120)
        new_media = tmp_path / "restored"
        with tarfile.open(media_archive) as archive:
            archive.extractall(new_media, filter="data")

        after_tables, after_sequences = table_fingerprints(restored)
        assert set(after_tables) == set(before_tables)
        assert {t: rows for t, (rows, _h) in after_tables.items()} == {t: rows for t, (rows, _h) in before_tables.items()}
        assert after_tables == before_tables  # every row's content, table by table
        assert after_sequences == before_sequences  # new rows get new ids

        connection.close()
        connection.settings_dict["NAME"] = restored  # the portal reading the restored database
        try:
            after_reports = every_report_json()
            files = {a.file.name: a for a in Attachment.objects.all()}
        finally:
            connection.close()
            connection.settings_dict["NAME"] = source
        assert after_reports == before_reports
        assert files
        for name in files:
            assert _sha256(new_media / "media" / name) == _sha256(settings.MEDIA_ROOT / name)
    finally:
        with admin.cursor() as cursor:
            cursor.execute(f'DROP DATABASE IF EXISTS "{restored}"')
        admin.close()
