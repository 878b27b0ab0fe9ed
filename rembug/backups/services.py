"""Backup and restore of the whole installation: the database (by its own tools) and the uploaded files.

A city's planning year lives in one database and the media folder (photos, Berita Acara PDFs). A backup is one
.tar.gz holding both and a manifest with each table's row count and checksum; a restore puts both back and then
proves, against that manifest, that every table holds exactly what was saved. SQLite is copied with its online
backup API (safe while the app runs, WAL included); PostgreSQL with pg_dump/pg_restore in one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.db import connection, connections

MANIFEST = "manifest.json"
SQLITE_MEMBER = "database.sqlite3"
POSTGRES_MEMBER = "database.pgdump"
MEDIA_MEMBER = "media"


class BackupError(Exception):
    """A backup or restore that could not be made or does not match its manifest."""


def database_fingerprint() -> dict[str, dict[str, int | str]]:
    """Each table's row count and an order-independent checksum of its rows.

    Rows are hashed one by one and the hashes summed modulo 2**256, so no table needs sorting (JSON columns
    cannot always be ordered) and a large table streams through in chunks.
    """
    fingerprint = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608 (names from the catalogue)
            count, total = 0, 0
            while rows := cursor.fetchmany(2000):
                for row in rows:
                    total = (total + int.from_bytes(hashlib.sha256(repr(row).encode()).digest(), "big")) % (1 << 256)
                count += len(rows)
            fingerprint[table] = {"rows": count, "sha256": f"{total:064x}"}
    return fingerprint


def _pg_env() -> dict[str, str]:
    db = connection.settings_dict
    env = {
        **os.environ,
        "PGDATABASE": db["NAME"],
        "PGUSER": db.get("USER") or "",
        "PGHOST": db.get("HOST") or "",
        "PGPORT": str(db.get("PORT") or ""),
    }
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return {k: v for k, v in env.items() if v != ""}


def _run(command: list[str]) -> None:
    done = subprocess.run(command, env=_pg_env(), capture_output=True, text=True, check=False)
    if done.returncode:
        raise BackupError(f"{command[0]} gagal: {done.stderr.strip()[:2000]}")


def _dump_database(folder: Path) -> str:
    if connection.vendor == "sqlite":
        target = folder / SQLITE_MEMBER
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return SQLITE_MEMBER
    if connection.vendor == "postgresql":
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(folder / POSTGRES_MEMBER)])
        return POSTGRES_MEMBER
    raise BackupError(f"Basis data {connection.vendor} tidak didukung.")


def backup_create(output: Path) -> Path:
    """Write the database, the media folder and the manifest into one .tar.gz; returns its path.

    `output` may be a folder (a timestamped name is chosen) or a file name.
    """
    output = Path(output)
    if output.is_dir() or not output.suffix:
        output.mkdir(parents=True, exist_ok=True)
        output = output / f"rembug-{dt.datetime.now(dt.UTC):%Y%m%d-%H%M%S}.tar.gz"
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        member = _dump_database(folder)
        manifest = {
            "created_at": dt.datetime.now(dt.UTC).isoformat(),
            "vendor": connection.vendor,
            "database": member,
            "tables": database_fingerprint(),
        }
        partial = output.with_name(output.name + ".partial")
        with tarfile.open(partial, "w:gz") as archive:
            data = json.dumps(manifest, indent=1).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
            archive.add(folder / member, arcname=member)
            media = Path(settings.MEDIA_ROOT)
            if media.is_dir():
                archive.add(media, arcname=MEDIA_MEMBER)
        partial.replace(output)  # a backup cut off half-way never looks complete
    return output


def _read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        return json.load(archive.extractfile(MANIFEST))
    except (KeyError, ValueError) as exc:
        raise BackupError("Berkas ini bukan cadangan Rembug (manifest tidak ada atau rusak).") from exc


def _restore_database(folder: Path, manifest: dict) -> None:
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"Cadangan ini dari {manifest['vendor']}; basis data sekarang {connection.vendor}.")
    if connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(folder / SQLITE_MEMBER) as source:
            source.backup(connection.connection)
        source.close()
        return
    connections.close_all()
    _run(
        [
            "pg_restore",
            "--clean",
            "--if-exists",
            "--no-owner",
            "--no-privileges",
            "--single-transaction",
            "--dbname",
            connection.settings_dict["NAME"],
            str(folder / POSTGRES_MEMBER),
        ]
    )


def _restore_media(folder: Path) -> None:
    media = Path(settings.MEDIA_ROOT)
    restored = folder / MEDIA_MEMBER
    media.parent.mkdir(parents=True, exist_ok=True)
    staged = media.with_name(media.name + ".restoring")
    shutil.rmtree(staged, ignore_errors=True)
    if restored.is_dir():
        shutil.copytree(restored, staged)
    else:
        staged.mkdir()
    old = media.with_name(media.name + ".before-restore")
    shutil.rmtree(old, ignore_errors=True)
    if media.exists():
        media.rename(old)
    staged.rename(media)
    shutil.rmtree(old, ignore_errors=True)


def backup_restore(path: Path) -> dict:
    """Put a backup back (database and media), then prove every table matches the manifest; returns it."""
    with tempfile.TemporaryDirectory() as tmp, tarfile.open(path, "r:gz") as archive:
        manifest = _read_manifest(archive)
        archive.extractall(tmp, filter="data")  # refuses absolute paths, links out of the folder, devices
        folder = Path(tmp)
        _restore_database(folder, manifest)
        _restore_media(folder)
    now = database_fingerprint()
    mismatched = sorted(t for t in manifest["tables"].keys() | now.keys() if manifest["tables"].get(t) != now.get(t))
    if mismatched:
        raise BackupError("Hasil pemulihan berbeda dari cadangan pada tabel: " + ", ".join(mismatched))
    return manifest
