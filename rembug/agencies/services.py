"""Writes about agencies (OPD)."""

from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from django.db import transaction

from rembug import history
from rembug.history import recorded
from rembug.regions.models import Level, Region

from .lookups import normalise
from .models import OFFICE_LEVELS, Agency, clean_aliases

# The office agencies: SIPD's official name is the region's label ("Kecamatan Klojen"), the short name the
# usual abbreviation. Their code extends urusan 7.01 (kewilayahan) with the region's Kemendagri code, unique by it.
_SHORT_PREFIX = {Level.KECAMATAN: "Kec.", Level.KELURAHAN: "Kel.", Level.DESA: "Desa"}
OFFICE_CODE_PREFIX = "7.01"
_SHORT_MAX = Agency._meta.get_field("short_name").max_length


def _csv_aliases(row: dict) -> list[str]:
    """The optional `aliases` column of the shipped list: names separated by "|"."""
    return clean_aliases([part for part in (row.get("aliases") or "").split("|") if part.strip()])


@recorded
@transaction.atomic
def agencies_load(*, city, csv_path: Path | None = None, actor=None) -> int:
    """Create or rename a city's agencies from a CSV (short_name, code, name[, aliases]), then make sure every
    kecamatan and kelurahan/desa office of the city is an agency; returns how many were created.

    ``actor`` names who loaded it in the history (None: the system).
    """
    path = csv_path or Path(str(resources.files("rembug.agencies").joinpath("data", "malang-opd.csv")))
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    existing = {a.short_name: a for a in Agency.objects.filter(city=city)}
    created = 0
    for row in rows:
        agency = existing.get(row["short_name"])
        aliases = _csv_aliases(row)
        if agency is None:
            Agency.objects.create(
                city=city, short_name=row["short_name"], code=row["code"], name=row["name"], aliases=aliases
            )
            created += 1
        elif (agency.code, agency.name) != (row["code"], row["name"]) or not set(aliases) <= set(agency.aliases):
            agency.code, agency.name = row["code"], row["name"]
            agency.aliases = clean_aliases([*agency.aliases, *aliases])
            agency.version += 1
            agency.save(update_fields=["code", "name", "aliases", "version"])
    return created + agency_offices_ensure(city=city)


def office_names(region: Region) -> tuple[str, str]:
    """(official SIPD name, short name) of the office serving a kecamatan or kelurahan/desa."""
    official = region.label  # "Kecamatan Klojen", "Kelurahan Dinoyo", "Desa Sumberejo"
    return official, f"{_SHORT_PREFIX[Level(region.level)]} {region.name}"[:_SHORT_MAX]


def _free_short_name(short: str, region: Region, taken: set[str]) -> str:
    """The short name, or (when another agency holds it, e.g. two kelurahan of one name) one made unique."""
    if short.casefold() not in taken:
        return short
    suffix = f" ({region.parent.name})" if region.parent_id else f" ({region.code})"
    candidate = f"{short[: _SHORT_MAX - len(suffix)]}{suffix}"
    if candidate.casefold() not in taken:
        return candidate
    suffix = f" ({region.code})"
    return f"{short[: _SHORT_MAX - len(suffix)]}{suffix}"


@recorded
@transaction.atomic
def agency_offices_ensure(*, city: Region, actor=None) -> int:
    """Make every kecamatan and kelurahan/desa of the city an agency, linked to its region; returns how many were
    created.

    SIPD routes many proposals to "Kecamatan X" or "Kelurahan Y", so they must be agencies an import can name.
    Idempotent: an office already linked is left as Bappeda edited it; an unlinked agency that already carries the
    office's name or short name (the shipped "Kec. Klojen") is linked instead of duplicated.
    """
    agencies = list(Agency.objects.select_for_update().filter(city=city))
    linked = {a.region_id for a in agencies if a.region_id}
    unlinked = {}
    for agency in agencies:
        if agency.region_id is None:
            unlinked.setdefault(normalise(agency.name), agency)
            unlinked.setdefault(normalise(agency.short_name), agency)
    taken = {a.short_name.casefold() for a in agencies}
    regions = Region.objects.filter(city=city, level__in=OFFICE_LEVELS).select_related("parent").order_by("code")
    new, adopted = [], []
    for region in regions:
        if region.pk in linked:
            continue
        official, short = office_names(region)
        agency = unlinked.get(normalise(official)) or unlinked.get(normalise(short))
        if agency is not None and agency.region_id is None:
            agency.region = region
            agency.version += 1
            adopted.append(agency)
            continue
        short = _free_short_name(short, region, taken)
        taken.add(short.casefold())
        code = f"{OFFICE_CODE_PREFIX}.{region.code}"
        new.append(Agency(city=city, region=region, code=code, short_name=short, name=official))
    history.bulk_update(Agency, adopted, ["region", "version"])
    history.bulk_create(Agency, new)
    return len(new)
