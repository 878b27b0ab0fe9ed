"""Writes about agencies (OPD)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from django.db import transaction

from rembug.history import recorded

from .models import Agency


@recorded
@transaction.atomic
def agencies_load(*, city, csv_path: Path | None = None, actor=None) -> int:
    """Create or rename a city's agencies from a CSV (short_name, code, name); returns how many were created.

    ``actor`` names who loaded it in the history (None: the system).
    """
    path = csv_path or Path(str(resources.files("rembug.agencies").joinpath("data", "malang-opd.csv")))
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = {a.short_name: a for a in Agency.objects.filter(city=city)}
    created = 0
    for row in rows:
        agency = existing.get(row["short_name"])
        if agency is None:
            Agency.objects.create(city=city, short_name=row["short_name"], code=row["code"], name=row["name"])
            created += 1
        elif (agency.code, agency.name) != (row["code"], row["name"]):
            agency.code, agency.name = row["code"], row["name"]
            agency.version += 1
            agency.save(update_fields=["code", "name", "version"])
    return created
