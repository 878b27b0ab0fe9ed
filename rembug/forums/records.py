"""Tamper evidence for finalized meeting records: each city's Berita Acara form one hash chain.

A finalized record must never change (standing rule 4), but a database administrator could still alter a row.
So at finalization the record's content is hashed together with the hash of the city's previous finalized
record, the hash is printed on the Berita Acara, and `manage.py verify_records` recomputes the chain: an altered,
removed or inserted record breaks it at a place that can be named. Printed copies carry the hash, so a dispute
compares paper with the database.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.core.serializers.json import DjangoJSONEncoder
from django.db import models

from rembug.regions.models import Region

from .models import Meeting, MeetingStatus

GENESIS = "0" * 64
#: The parts of a meeting that make up its record, besides the meeting row itself.
RECORD_PARTS = ("attendees", "counts", "items", "delegates")
#: Meeting fields that legitimately change after finalization or are the seal itself.
OUTSIDE_RECORD = {
    "id",
    "status",
    "version",
    "minutes_pdf",
    "minutes_sha256",
    "list_xlsx",
    "record_hash",
    "previous_hash",
    "chain_seq",
}
#: Parts and fields added after records were first sealed (decision 0028): sealed only when they hold something,
#: so a record sealed before they existed hashes as it did. An emptied value changes the hash all the same.
LATER_PARTS = ("signatories", "official_counts")
LATER_DEFAULTS = {
    "meeting": {"number": "", "starts_at": None, "notes": []},
    "attendees": {"category": "warga"},
}
#: Fields of the parts that are bookkeeping, not content (the one-time token of the web form).
PART_BOOKKEEPING = {"id", "meeting", "client_token"}


class _Encoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, dt.datetime):  # one spelling whatever zone the database hands back
            return o.astimezone(dt.UTC).isoformat()
        return super().default(o)


def _row(instance: models.Model, skip: set[str], later: dict | None = None) -> dict:
    row = {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields if f.name not in skip}
    later = later or {}
    return {k: v for k, v in row.items() if not (k in later and v == later[k])}


def record_content(meeting: Meeting) -> dict:
    """The meeting's record as plain data: every field of the meeting and of its parts, in a fixed order.

    Built from the models' own field lists, so a field added later is sealed without anyone remembering to.
    """
    content = {"meeting": _row(meeting, OUTSIDE_RECORD, LATER_DEFAULTS["meeting"])}
    for part in RECORD_PARTS:  # sorted here, so prefetched parts (verification) need no query per record
        rows = sorted(getattr(meeting, part).all(), key=lambda row: row.pk)
        content[part] = [_row(row, PART_BOOKKEEPING, LATER_DEFAULTS.get(part)) for row in rows]
    for part in LATER_PARTS:
        rows = sorted(getattr(meeting, part).all(), key=lambda row: row.pk)
        if rows:
            content[part] = [_row(row, PART_BOOKKEEPING) for row in rows]
    return content


def record_digest(previous_hash: str, content: dict) -> str:
    """sha256 over the previous record's hash and this record's canonical JSON."""
    canonical = json.dumps(content, cls=_Encoder, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(f"{previous_hash}\n{canonical}".encode()).hexdigest()


def record_seal(meeting: Meeting) -> Meeting:
    """Chain a meeting being finalized to its city's previous sealed record (inside the finalizing transaction).

    The city's row is locked first so that two meetings finalized at the same moment cannot both claim the same
    predecessor; the unique (city, chain_seq) constraint is the last guard.
    """
    Region.objects.select_for_update().filter(pk=meeting.city_id).first()
    previous = (
        Meeting.objects.filter(city_id=meeting.city_id, chain_seq__isnull=False)
        .order_by("-chain_seq")
        .only("chain_seq", "record_hash")
        .first()
    )
    meeting.chain_seq = previous.chain_seq + 1 if previous else 1
    meeting.previous_hash = previous.record_hash if previous else GENESIS
    meeting.record_hash = record_digest(meeting.previous_hash, record_content(meeting))
    meeting.save(update_fields=["chain_seq", "previous_hash", "record_hash"])
    return meeting


@dataclass(frozen=True)
class RecordProblem:
    city: str
    meeting_id: int | None
    chain_seq: int | None
    problem: str

    def __str__(self) -> str:
        where = f"rekaman #{self.chain_seq} (rapat id {self.meeting_id})" if self.meeting_id else "rantai"
        return f"{self.city}: {where}: {self.problem}"


def _file_sha256(field) -> str | None:
    if not field:
        return None
    try:
        with field.open("rb") as handle:
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1 << 16), b""):
                digest.update(chunk)
            return digest.hexdigest()
    except FileNotFoundError:
        return ""


def _chain(city: Region) -> Iterator[Meeting]:
    queryset = (
        Meeting.objects.filter(city=city, chain_seq__isnull=False)
        .order_by("chain_seq")
        .prefetch_related(*RECORD_PARTS, *LATER_PARTS)
    )
    yield from queryset.iterator(chunk_size=200)


def records_verify(cities: Iterable[Region] | None = None, *, check_files: bool = True) -> list[RecordProblem]:
    """Recompute every city's chain and name each record that no longer matches what was sealed.

    A changed field of a record breaks that record's own hash; a removed record leaves a gap in the sequence; a
    record put in between breaks the next one's link. Finalized records never sealed are named too.
    """
    if cities is None:
        city_ids = Meeting.objects.values_list("city_id", flat=True).distinct().order_by()
        cities = Region.objects.filter(pk__in=city_ids).order_by("code")
    problems: list[RecordProblem] = []
    for city in cities:
        expected_previous, expected_seq = GENESIS, 1
        for meeting in _chain(city):
            problems += [
                RecordProblem(city.code, meeting.pk, meeting.chain_seq, text)
                for text in _record_problems(meeting, expected_previous, expected_seq, check_files)
            ]
            expected_previous, expected_seq = meeting.record_hash, meeting.chain_seq + 1
        unsealed = (
            Meeting.objects.filter(city=city, chain_seq__isnull=True)
            .exclude(status=MeetingStatus.DRAFT)
            .values_list("pk", flat=True)
        )
        problems += [RecordProblem(city.code, pk, None, "ditetapkan tanpa segel rekaman") for pk in unsealed]
    return problems


def _record_problems(meeting: Meeting, expected_previous: str, expected_seq: int, check_files: bool) -> list[str]:
    found = []
    if meeting.chain_seq != expected_seq:
        found.append(f"urutan terputus: rekaman #{expected_seq} sampai #{meeting.chain_seq - 1} hilang")
    if meeting.previous_hash != expected_previous:
        found.append("tautan ke rekaman sebelumnya tidak cocok (rekaman disisipkan, dihapus atau diubah)")
    if record_digest(meeting.previous_hash, record_content(meeting)) != meeting.record_hash:
        found.append("isi rekaman berubah sejak ditetapkan")
    if check_files and meeting.minutes_sha256:
        actual = _file_sha256(meeting.minutes_pdf)
        if actual == "":
            found.append("berkas Berita Acara hilang")
        elif actual is not None and actual != meeting.minutes_sha256:
            found.append("berkas Berita Acara berubah sejak ditetapkan")
    return found


def seal_line(meeting: Meeting) -> str:
    """The line printed on the Berita Acara, so a paper copy can be checked against the database."""
    if not meeting.record_hash:
        return ""
    return (
        f"Kode rekaman #{meeting.chain_seq}: {meeting.record_hash} "
        f"(rekaman sebelumnya: {meeting.previous_hash[:16]}…). "
        "Periksa keasliannya dengan: python manage.py verify_records"
    )
