"""Backup and restore: every record of the project's apps and the uploaded files, in one zip.

The zip holds ``data.json`` (the records, in the format ``loaddata`` reads, with natural keys
for references to users, groups, permissions and content types, and datetimes to the
microsecond), ``media/...`` (every file under MEDIA_ROOT) and ``manifest.json`` (row counts per
model, each file's size and SHA-256, the migrations the data was taken at). Every model of
every installed app is saved, except what ``migrate`` recreates (content types, permissions),
sessions and the report cache's counter (a restored database starts a new count); a new app is
included without a change here.

The records are read in one transaction (REPEATABLE READ on PostgreSQL), so a report saved
while the backup runs is either wholly in it or not at all. A restore loads into an empty
database in one transaction and checks every row count against the manifest before it
commits; with ``force`` it first empties the database (in the same transaction).
"""
import datetime
import hashlib
import io
import json
import os
import shutil
import tempfile
import time
import zipfile
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT = "laichau-backup"
VERSION = 1
EXCLUDED = {"contenttypes.contenttype", "auth.permission", "sessions.session", "reports.reportgeneration"}
CHUNK = 1000


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in Vietnamese."""


class _Encoder(DjangoJSONEncoder):
    """DjangoJSONEncoder cuts datetimes to milliseconds; a backup keeps microseconds."""

    def default(self, o):
        if isinstance(o, (datetime.datetime, datetime.time)):
            return o.isoformat()
        return super().default(o)


def backup_models():
    """Models to save, ordered so that what natural keys refer to comes first."""
    app_list = [(config, None) for config in apps.get_app_configs() if config.models_module is not None]
    ordered = serializers.sort_dependencies(app_list, allow_cycles=True)
    return [model for model in ordered if model._meta.label_lower not in EXCLUDED and not model._meta.proxy]


def row_counts():
    return {model._meta.label_lower: model._base_manager.count() for model in backup_models()}


def applied_migrations():
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


@contextmanager
def _snapshot():
    """One read transaction: the records reflect a single moment."""
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        yield


def _chunks(iterator):
    chunk = []
    for obj in iterator:
        chunk.append(obj)
        if len(chunk) == CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _write_records(stream):
    counts = {}
    first = True
    stream.write("[")
    for model in backup_models():
        rows = model._base_manager.order_by(model._meta.pk.name).iterator(chunk_size=CHUNK)
        count = 0
        for chunk in _chunks(rows):
            for record in serializers.serialize("python", chunk, use_natural_foreign_keys=True):
                stream.write("\n" if first else ",\n")
                json.dump(record, stream, cls=_Encoder, ensure_ascii=False)
                first = False
            count += len(chunk)
        counts[model._meta.label_lower] = count
    stream.write("\n]\n")
    return counts


def _media_root():
    return Path(settings.MEDIA_ROOT)


def _media_files():
    root = _media_root()
    if not root.is_dir():
        return []
    return sorted(path for path in root.rglob("*") if path.is_file())


def _sha256(path):
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup(output):
    """Write the backup to ``output`` (replaced atomically, readable by its owner only)."""
    output = Path(output)
    output.parent.mkdir(parents=True, exist_ok=True)
    fd, partial = tempfile.mkstemp(prefix=f".{output.name}.", suffix=".part", dir=output.parent)
    os.close(fd)
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            with _snapshot():
                entry = zipfile.ZipInfo("data.json", date_time=time.localtime()[:6])
                entry.compress_type = zipfile.ZIP_DEFLATED
                with archive.open(entry, "w", force_zip64=True) as raw, _text(raw) as stream:
                    counts = _write_records(stream)
                migrations = applied_migrations()
            media = []
            for path in _media_files():
                name = path.relative_to(_media_root()).as_posix()
                media.append({"path": name, "size": path.stat().st_size, "sha256": _sha256(path)})
                archive.write(path, f"media/{name}")
            manifest = {
                "format": FORMAT, "version": VERSION, "created_at": timezone.now().isoformat(),
                "database": connection.vendor, "models": counts, "media": media, "migrations": migrations,
            }
            archive.writestr("manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
        os.chmod(partial, 0o600)  # password hashes and personal data
        os.replace(partial, output)
    except BaseException:
        Path(partial).unlink(missing_ok=True)
        raise
    return manifest


@contextmanager
def _text(raw):
    stream = io.TextIOWrapper(raw, encoding="utf-8")
    try:
        yield stream
    finally:
        stream.flush()
        stream.detach()


def read_manifest(archive):
    try:
        manifest = json.loads(archive.read("manifest.json"))
    except KeyError as exc:
        raise BackupError("tệp không phải bản sao lưu của cổng (thiếu manifest.json)") from exc
    if manifest.get("format") != FORMAT or manifest.get("version") != VERSION:
        raise BackupError(f"định dạng sao lưu không hỗ trợ: {manifest.get('format')} {manifest.get('version')}")
    return manifest


def _media_target(name):
    """MEDIA_ROOT / name, refusing names that would escape it (absolute, '..')."""
    pure = PurePosixPath(name)
    if pure.is_absolute() or ".." in pure.parts or not pure.parts:
        raise BackupError(f"tên tệp không hợp lệ trong bản sao lưu: {name!r}")
    return _media_root().joinpath(*pure.parts)


def _check_media(archive, manifest, force):
    """Every listed file is in the zip; without force, none would overwrite a different file."""
    names = set(archive.namelist())
    for entry in manifest["media"]:
        target = _media_target(entry["path"])
        if f"media/{entry['path']}" not in names:
            raise BackupError(f"bản sao lưu thiếu tệp {entry['path']}")
        if not force and target.exists() and _sha256(target) != entry["sha256"]:
            raise BackupError(f"tệp {target} đã có và khác bản sao lưu; dùng --force để ghi đè")


def _restore_media(archive, manifest):
    for entry in manifest["media"]:
        target = _media_target(entry["path"])
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(f".{target.name}.part")
        digest = hashlib.sha256()
        with archive.open(f"media/{entry['path']}") as source, open(partial, "wb") as handle:
            for block in iter(lambda: source.read(1 << 20), b""):
                digest.update(block)
                handle.write(block)
        if digest.hexdigest() != entry["sha256"]:
            partial.unlink()
            raise BackupError(f"tệp {entry['path']} trong bản sao lưu bị hỏng (SHA-256 không khớp)")
        os.replace(partial, target)


def restore(path, *, force=False):
    """Load the backup at ``path``; refuse a database that holds records, unless ``force``."""
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as exc:
        raise BackupError(f"không đọc được tệp sao lưu {path}: {exc}") from exc
    with archive, tempfile.TemporaryDirectory() as workdir:
        manifest = read_manifest(archive)
        missing = {tuple(item) for item in manifest["migrations"]} - set(MigrationRecorder(connection).applied_migrations())
        if missing:
            first = ", ".join(f"{app}.{name}" for app, name in sorted(missing)[:5])
            raise BackupError(f"cơ sở dữ liệu chưa có các migration của bản sao lưu ({first}); chạy migrate trước")
        _check_media(archive, manifest, force)
        data = Path(workdir) / "data.json"
        with archive.open("data.json") as source, open(data, "wb") as handle:
            shutil.copyfileobj(source, handle)
        with transaction.atomic():
            present = {label: count for label, count in row_counts().items() if count}
            if present and not force:
                sample = ", ".join(f"{label} ({count})" for label, count in list(present.items())[:5])
                raise BackupError(f"cơ sở dữ liệu đã có dữ liệu: {sample}; dùng --force để xóa hết rồi nạp lại")
            if force:
                call_command("flush", interactive=False, verbosity=0)
            call_command("loaddata", str(data), verbosity=0)
            counts = row_counts()
            wrong = {label: (counts.get(label), n) for label, n in manifest["models"].items() if counts.get(label) != n}
            if wrong:
                raise BackupError(f"số bản ghi sau khi nạp không khớp bản sao lưu (có, cần): {wrong}")
            _restore_media(archive, manifest)
    return manifest
