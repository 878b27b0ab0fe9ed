"""Open data: the portal's datasets as CSV, JSON and XLSX, streamed so a whole city's years fit any server.

Each dataset declares its columns once, with a description in Indonesian (shown on /portal/data/ and in the API
docs). Rows come from `values()` querysets read with `.iterator(chunk_size=2000)`: one query per file, whatever
its size. No column holds personal data: attendees are counts per stakeholder group, never names.
"""

from __future__ import annotations

import csv
import datetime
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db.models import F
from django.db.models.functions import Coalesce
from django.http import FileResponse, Http404, HttpResponseBase, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext_lazy as _

from rembug.forums.models import Meeting, MeetingKind, MeetingStatus, Stakeholder, Theme
from rembug.proposals.choices import Category, Field
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal, ProposalEvent
from rembug.proposals.public import HIDDEN
from rembug.regions.models import Level, Region
from rembug.spreadsheet_writers import csv_writer, new_workbook

from .selectors import area_of, item_count, meetings_in, proposals_in, with_inclusion

CHUNK = 2000
FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class Column:
    name: str
    description: str
    kind: str = "teks"  # teks, bilangan, tanggal


@dataclass(frozen=True)
class Dataset:
    slug: str
    title: str
    description: str
    columns: tuple[Column, ...]
    rows: Callable[[Region | None, int | None], Iterator[list]]

    @property
    def header(self) -> list[str]:
        return [c.name for c in self.columns]


def _region_or_group_label(level: str, name: str, parent_name: str | None, group: str | None) -> str:
    """ "RW 03 / RT 001", "RW 03", "Pokmas Kali Bersih" — how residents name a proposer or a forum's holder."""
    if group:
        return f"Pokmas {group}"
    if level == Level.RT:
        return f"RW {parent_name} / RT {name}"
    return f"{Level(level).label} {name}" if level in Level.values else name


def _number(value) -> float | int:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


# --- proposals ------------------------------------------------------------------------------------------------

PROPOSAL_COLUMNS = (
    Column("nomor", _("Nomor usulan, unik (tahun-kode kelurahan-urutan).")),
    Column("tahun", _("Tahun perencanaan (Musrenbang); anggarannya tahun berikutnya."), "bilangan"),
    Column("kota", _("Kota/kabupaten.")),
    Column("kecamatan", _("Kecamatan.")),
    Column("kelurahan", _("Kelurahan/desa.")),
    Column("kode_kelurahan", _("Kode wilayah Kemendagri kelurahan/desa.")),
    Column("pengusul", _("RW/RT atau Pokmas yang mengusulkan.")),
    Column("judul", _("Judul usulan.")),
    Column("bidang", _("Bidang: sarana dan prasarana umum, kebutuhan pribadi warga, sosial budaya, ekonomi.")),
    Column("kategori", _("Kategori kamus usulan (jalan, drainase, MCK, air bersih, ...).")),
    Column("kamus_usulan", _("Kegiatan baku dari kamus usulan kota.")),
    Column("perangkat_daerah", _("Perangkat daerah (OPD) yang menangani sekarang (setelah dialihkan, bila ada).")),
    Column("volume", _("Volume usulan."), "bilangan"),
    Column("satuan", _("Satuan volume (m, m², unit, paket, ...).")),
    Column("biaya", _("Perkiraan biaya dalam rupiah (volume × harga satuan kamus)."), "bilangan"),
    Column("status", _("Kode status sekarang (lihat daftar status di bawah).")),
    Column("keterangan_status", _("Status sekarang dalam kata-kata.")),
    Column("usulan_ke", _("Berapa tahun usulan ini sudah diajukan (usulan ke-n)."), "bilangan"),
    Column("tema", _("Kelompok Musrenbang Tematik (anak, perempuan, lansia, difabel, pemuda), bila ada.")),
)


def _public_proposals(region: Region | None, year: int | None):
    queryset = Proposal.objects.exclude(status__in=HIDDEN)
    if region is not None:
        queryset = queryset.filter(proposals_in(region))
    if year:
        queryset = queryset.filter(cycle__year=year)
    return queryset


def proposal_rows(region: Region | None = None, year: int | None = None) -> Iterator[list]:
    fields, categories, statuses, themes = (
        dict(Field.choices),
        dict(Category.choices),
        dict(Status.choices),
        dict(Theme.choices),
    )
    rows = (
        _public_proposals(region, year)
        .order_by("cycle__year", "number")
        .values(
            "number",
            "cycle__year",
            "city__name",
            "kelurahan__parent__name",
            "kelurahan__name",
            "kelurahan__code",
            "proposer_region__level",
            "proposer_region__name",
            "proposer_region__parent__name",
            "proposer_group__name",
            "title",
            "field",
            "item__category",
            "item__name",
            "volume",
            "unit",
            "estimated_cost",
            "status",
            "times_proposed",
            "theme",
            agency=Coalesce(
                F("final_agency__short_name"), F("routed_agency__short_name"), F("item__agency__short_name")
            ),
        )
    )
    for r in rows.iterator(chunk_size=CHUNK):
        yield [
            r["number"],
            r["cycle__year"],
            r["city__name"],
            r["kelurahan__parent__name"],
            r["kelurahan__name"],
            r["kelurahan__code"],
            _region_or_group_label(
                r["proposer_region__level"],
                r["proposer_region__name"],
                r["proposer_region__parent__name"],
                r["proposer_group__name"],
            ),
            r["title"],
            str(fields.get(r["field"], r["field"])),
            str(categories.get(r["item__category"], r["item__category"])),
            r["item__name"],
            r["agency"],
            _number(r["volume"]),
            r["unit"],
            r["estimated_cost"],
            r["status"],
            str(statuses.get(r["status"], r["status"])),
            r["times_proposed"],
            str(themes.get(r["theme"], r["theme"])),
        ]


# --- status history -------------------------------------------------------------------------------------------

HISTORY_COLUMNS = (
    Column("nomor", _("Nomor usulan.")),
    Column("waktu", _("Waktu perubahan status (ISO 8601, WIB)."), "tanggal"),
    Column("dari", _("Kode status sebelumnya.")),
    Column("ke", _("Kode status baru.")),
    Column("keterangan", _("Status baru dalam kata-kata.")),
    Column("alasan", _("Alasan perubahan, seperti tertulis di riwayat publik usulan.")),
)


def history_rows(region: Region | None = None, year: int | None = None) -> Iterator[list]:
    statuses = dict(Status.choices)
    proposals = _public_proposals(region, year).values("pk")
    rows = (
        ProposalEvent.objects.filter(kind="transition", proposal__in=proposals)
        .order_by("proposal__number", "at", "pk")
        .values("proposal__number", "at", "from_status", "to_status", "reason")
    )
    zone = timezone.get_default_timezone()
    for r in rows.iterator(chunk_size=CHUNK):
        yield [
            r["proposal__number"],
            r["at"].astimezone(zone).isoformat(timespec="seconds"),
            r["from_status"],
            r["to_status"],
            str(statuses.get(r["to_status"], r["to_status"])),
            r["reason"],
        ]


# --- forums ---------------------------------------------------------------------------------------------------

FORUM_COLUMNS = (
    Column("id", _("Nomor forum; halaman publiknya /portal/forum/<id>/ (juga kode QR di Berita Acara)."), "bilangan"),
    Column("jenis", _("Jenis forum (Rembug RT/RW/Pokmas, Musrenbang Tematik, Kelurahan, Kecamatan).")),
    Column("tahun", _("Tahun perencanaan."), "bilangan"),
    Column("tanggal", _("Tanggal forum (YYYY-MM-DD)."), "tanggal"),
    Column("kota", _("Kota/kabupaten.")),
    Column("kecamatan", _("Kecamatan.")),
    Column("kelurahan", _("Kelurahan/desa (kosong untuk Musrenbang Kecamatan).")),
    Column("unit", _("RT/RW, Pokmas, kelurahan atau kecamatan yang bermusyawarah.")),
    Column("tema", _("Kelompok Musrenbang Tematik, bila ada.")),
    Column("jumlah_usulan", _("Jumlah usulan dalam daftar yang disepakati."), "bilangan"),
    Column("jumlah_peserta", _("Jumlah peserta (bernama dan yang hanya dihitung)."), "bilangan"),
    *(
        Column(
            f"peserta_{value}",
            _("Peserta dari kelompok: %(group)s (satu orang bisa masuk beberapa kelompok).") % {"group": label},
            "bilangan",
        )
        for value, label in Stakeholder.choices
    ),
    Column("halaman", _("Alamat halaman publik forum.")),
)


def forum_rows(region: Region | None = None, year: int | None = None) -> Iterator[list]:
    kinds, themes = dict(MeetingKind.choices), dict(Theme.choices)
    queryset = Meeting.objects.filter(status=MeetingStatus.FINALIZED)
    if region is not None:
        queryset = queryset.filter(meetings_in(region))
    if year:
        queryset = queryset.filter(cycle__year=year)
    groups = [f"g_{g}" for g in Stakeholder.values]
    rows = (
        with_inclusion(queryset)
        .annotate(item_count=item_count())
        .order_by("cycle__year", "holder_region__code", "pk")
        .values(
            "pk",
            "kind",
            "cycle__year",
            "held_on",
            "city__name",
            "kelurahan__name",
            "holder_region__level",
            "holder_region__name",
            "holder_region__parent__name",
            "holder_group__name",
            "theme",
            "item_count",
            "total",
            *groups,
            kecamatan=Coalesce(F("kelurahan__parent__name"), F("holder_region__name")),
        )
    )
    base = settings.REMBUG_SITE_URL
    for r in rows.iterator(chunk_size=CHUNK):
        held = r["held_on"]
        yield [
            r["pk"],
            str(kinds.get(r["kind"], r["kind"])),
            r["cycle__year"],
            held.isoformat() if isinstance(held, datetime.date) else "",
            r["city__name"],
            r["kecamatan"],
            r["kelurahan__name"] or "",
            _region_or_group_label(
                r["holder_region__level"],
                r["holder_region__name"],
                r["holder_region__parent__name"],
                r["holder_group__name"],
            ),
            str(themes.get(r["theme"], r["theme"])),
            r["item_count"],
            r["total"],
            *(r[g] for g in groups),
            base + reverse("portal:forum", args=[r["pk"]]),
        ]


DATASETS: dict[str, Dataset] = {
    d.slug: d
    for d in (
        Dataset(
            "usulan",
            _("Usulan"),
            _("Setiap usulan publik (bukan draf atau yang ditarik) dengan status sekarang."),
            PROPOSAL_COLUMNS,
            proposal_rows,
        ),
        Dataset(
            "riwayat-status",
            _("Riwayat status usulan"),
            _("Setiap perubahan status usulan publik: kapan, dari apa ke apa, dan alasannya."),
            HISTORY_COLUMNS,
            history_rows,
        ),
        Dataset(
            "forum",
            _("Forum (Rembug dan Musrenbang)"),
            _("Setiap forum yang sudah ditetapkan, dengan jumlah peserta menurut kelompok — tanpa nama peserta."),
            FORUM_COLUMNS,
            forum_rows,
        ),
    )
}


# --- writers --------------------------------------------------------------------------------------------------


class _Line:
    """A file-like object that hands back what csv.writer writes, so each row becomes a chunk of the stream."""

    def write(self, value: str) -> str:
        return value


def csv_chunks(dataset: Dataset, rows: Iterable[list], *, batch: int = 500) -> Iterator[bytes]:
    """UTF-8 with a byte-order mark (so spreadsheet programs read Indonesian text right), header first."""
    writer = csv_writer(_Line())
    yield ("\ufeff" + writer.writerow(dataset.header)).encode()
    buffer = []
    for row in rows:
        buffer.append(writer.writerow(["" if v is None else v for v in row]))
        if len(buffer) >= batch:
            yield "".join(buffer).encode()
            buffer = []
    if buffer:
        yield "".join(buffer).encode()


def json_chunks(dataset: Dataset, rows: Iterable[list], *, batch: int = 500) -> Iterator[bytes]:
    """{"dataset", "columns": [{name, description}], "rows": [{column: value}]}, written row by row."""
    head = {
        "dataset": dataset.slug,
        "title": str(dataset.title),
        "columns": [{"name": c.name, "description": str(c.description), "type": c.kind} for c in dataset.columns],
    }
    yield (json.dumps(head, ensure_ascii=False)[:-1] + ', "rows": [\n').encode()
    names = dataset.header
    buffer = []
    first = True
    for row in rows:
        text = json.dumps(dict(zip(names, row, strict=True)), ensure_ascii=False)
        buffer.append(text if first else ",\n" + text)
        first = False
        if len(buffer) >= batch:
            yield "".join(buffer).encode()
            buffer = []
    buffer.append("\n]}\n")
    yield "".join(buffer).encode()


def xlsx_file(dataset: Dataset, rows: Iterable[list]):
    """A write-only workbook (rows go straight to disk, not kept in memory), returned as an open temp file."""
    book = new_workbook(write_only=True)
    sheet = book.create_sheet(title=str(dataset.slug)[:31])
    sheet.append(dataset.header)
    for row in rows:
        sheet.append(row)
    notes = book.create_sheet(title="kolom")
    notes.append(["kolom", "keterangan"])
    for column in dataset.columns:
        notes.append([column.name, str(column.description)])
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to FileResponse, which closes it
    book.save(handle)
    handle.seek(0)
    return handle


def file_name(dataset: Dataset, region: Region | None, year: int | None, fmt: str) -> str:
    parts = ["rembug", dataset.slug, *([region.code] if region else []), *([str(year)] if year else [])]
    return "-".join(parts) + f".{fmt}"


def parse_year(value) -> int | None:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return None
    return year if 2000 <= year <= 2100 else None


def export_response(slug: str, fmt: str, *, region_code: str = "", year: int | None = None) -> HttpResponseBase:
    """The dataset as a download: CSV and JSON streamed from a generator, XLSX from a write-only workbook."""
    dataset = DATASETS.get(slug)
    if dataset is None or fmt not in FORMATS:
        raise Http404
    region = area_of(region_code) if region_code else None
    if region_code and region is None:
        raise Http404
    rows = dataset.rows(region, year)
    name = file_name(dataset, region, year, fmt)
    if fmt == "xlsx":
        response = FileResponse(xlsx_file(dataset, rows), as_attachment=True, filename=name, content_type=FORMATS[fmt])
    else:
        chunks = csv_chunks(dataset, rows) if fmt == "csv" else json_chunks(dataset, rows)
        response = StreamingHttpResponse(chunks, content_type=FORMATS[fmt])
        response["Content-Disposition"] = f'attachment; filename="{name}"'
    patch_cache_control(response, public=True, max_age=3600)
    return response


def read_back(content: bytes, fmt: str) -> list[dict]:
    """Parse a downloaded file back into rows (for tests and for anyone checking a file)."""
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(content.decode("utf-8-sig"))))
    if fmt == "json":
        return json.loads(content)["rows"]
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content), read_only=True).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    return [dict(zip(values[0], row, strict=True)) for row in values[1:]]
