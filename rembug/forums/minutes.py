"""Writes for the formal Berita Acara: the notulen, the signature blocks, the count per official unsur, and the
number given at finalization from the city's pattern (decision 0028). Draft only, like every write to a forum.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.translation import gettext as _

from rembug import history
from rembug.errors import DomainError
from rembug.regions.models import Region

from .models import Meeting, OfficialCategory, OfficialCount, Signatory
from .services import _touch, has_identity_number, meeting_lock_draft
from .wording import base_values, fill, wording_of

MAX_NOTES = 40
MAX_NOTE_LENGTH = 500
MAX_SIGNATORIES = 8


def _clean_notes(notes: Sequence[str]) -> list[str]:
    cleaned = [" ".join(str(note or "").split()) for note in notes]
    cleaned = [note for note in cleaned if note]
    if len(cleaned) > MAX_NOTES:
        raise DomainError(_("Paling banyak %(n)s butir notulen.") % {"n": MAX_NOTES}, field="notes")
    for number, note in enumerate(cleaned, 1):
        if len(note) > MAX_NOTE_LENGTH:
            raise DomainError(
                _("Butir notulen %(number)s terlalu panjang (paling banyak %(limit)s huruf).")
                % {"number": number, "limit": MAX_NOTE_LENGTH},
                field="notes",
            )
    return cleaned


def _clean_signatories(rows: Sequence[Mapping[str, str]]) -> list[Signatory]:
    given = [{k: " ".join(str(row.get(k) or "").split()) for k in ("title", "name", "nip")} for row in rows]
    given = [row for row in given if any(row.values())]
    if len(given) > MAX_SIGNATORIES:
        raise DomainError(_("Paling banyak %(n)s penanda tangan.") % {"n": MAX_SIGNATORIES}, field="signatories")
    signatories = []
    for order, row in enumerate(given, 1):
        if not row["title"]:
            raise DomainError(_("Isi jabatan penanda tangan ke-%(n)s.") % {"n": order}, field="signatories")
        if len(row["title"]) > 120 or len(row["name"]) > 150:
            raise DomainError(
                _("Jabatan atau nama penanda tangan ke-%(n)s terlalu panjang.") % {"n": order}, field="signatories"
            )
        # The name is printed: no phone number or NIK there (UU 27/2022); a civil servant's NIP has its own field.
        if has_identity_number(row["name"]) or has_identity_number(row["title"]):
            raise DomainError(
                _("Penanda tangan ke-%(n)s: jangan menulis nomor telepon atau NIK; NIP diisi di kolom NIP.")
                % {"n": order},
                field="signatories",
            )
        nip = row["nip"].replace(" ", "")
        if nip and not (nip.isdigit() and len(nip) == 18):
            raise DomainError(_("NIP penanda tangan ke-%(n)s harus 18 angka.") % {"n": order}, field="signatories")
        signatories.append(Signatory(title=row["title"], name=row["name"], nip=nip, order=order))
    return signatories


def _clean_counts(counts: Mapping[str, int]) -> dict[str, int]:
    cleaned = {}
    for category, number in counts.items():
        if category not in OfficialCategory.values:
            raise DomainError(_("Unsur tidak dikenal: %(name)s.") % {"name": category}, field="official_counts")
        try:
            value = int(number or 0)
        except (TypeError, ValueError):
            raise DomainError(_("Jumlah %(name)s harus angka.") % {"name": category}, field="official_counts") from None
        if not 0 <= value <= 32767:
            raise DomainError(_("Jumlah %(name)s di luar batas.") % {"name": category}, field="official_counts")
        if value:
            cleaned[category] = value
    return cleaned


@history.recorded
@transaction.atomic
def minutes_update(
    *,
    actor,
    meeting: Meeting,
    version: int,
    notes: Sequence[str] | None = None,
    signatories: Sequence[Mapping[str, str]] | None = None,
    official_counts: Mapping[str, int] | None = None,
) -> Meeting:
    """The notulen, the signature blocks and the people counted per official unsur without names; each part
    given replaces the old one, a part left out (None) stays. All checked before anything is written."""
    locked = meeting_lock_draft(actor, meeting, version)
    cleaned_notes = _clean_notes(notes) if notes is not None else None
    cleaned_signatories = _clean_signatories(signatories) if signatories is not None else None
    cleaned_counts = _clean_counts(official_counts) if official_counts is not None else None
    if cleaned_notes is not None:
        locked.notes = cleaned_notes
        locked.save(update_fields=["notes"])
    if cleaned_signatories is not None:
        Signatory.objects.filter(meeting=locked).delete()
        for signatory in cleaned_signatories:
            signatory.meeting = locked
        history.bulk_create(Signatory, cleaned_signatories)
    if cleaned_counts is not None:
        OfficialCount.objects.filter(meeting=locked).delete()
        history.bulk_create(
            OfficialCount, [OfficialCount(meeting=locked, category=c, count=n) for c, n in cleaned_counts.items()]
        )
    _touch(locked)
    return locked


def minutes_number_assign(meeting: Meeting) -> None:
    """At finalization, a meeting without a number gets one from its city's pattern; {seq} is the city's running
    count of Berita Acara in the planning year (the city row is locked, as for the record seal)."""
    if meeting.number.strip():
        return
    Region.objects.select_for_update().filter(pk=meeting.city_id).first()
    seq = (
        Meeting.objects.filter(city_id=meeting.city_id, cycle=meeting.cycle, chain_seq__isnull=False)
        .exclude(pk=meeting.pk)
        .count()
        + 1
    )
    values = {**base_values(meeting), "seq": seq, "seq3": f"{seq:03d}"}
    meeting.number = fill(wording_of(meeting).number_pattern, values)[:80]
    meeting.save(update_fields=["number"])


def copy_minutes_parts(original: Meeting, revision: Meeting) -> None:
    """A revision starts from the original's signature blocks and counts per unsur (meeting_revise copies the
    time and the notulen; its number is given anew at finalization)."""
    history.bulk_create(
        Signatory,
        [
            Signatory(meeting=revision, title=s.title, name=s.name, nip=s.nip, order=s.order)
            for s in original.signatories.all()
        ],
    )
    history.bulk_create(
        OfficialCount,
        [OfficialCount(meeting=revision, category=c.category, count=c.count) for c in original.official_counts.all()],
    )
