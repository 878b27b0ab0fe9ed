"""A Kota Malang planning year whose proposals went every way (issue 11, point 5), and SIPD files to import."""

from __future__ import annotations

import datetime
import io
from dataclasses import dataclass

import pytest
from openpyxl import load_workbook

from rembug.agencies.models import Agency
from rembug.cycles.phases import Action, StageKind
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import DictionaryItem, Proposal
from rembug.proposals.services import proposal_create
from rembug.regions.models import CommunityGroup, ProposerKind, Region
from rembug.spreadsheet_writers import new_workbook, workbook_bytes
from rembug.verification.services import recommendation_record, verify_reroute
from rembug.vocabularies.models import Term
from tests.factories import stage_open, steward, walk

KEC = "35.73.05"
KEL = f"{KEC}.1011"  # Kelurahan Lowokwaru
OTHER_KEL = f"{KEC}.1010"  # Kelurahan Tulusrejo
RT001 = f"{KEL}.03.001"
RW03 = f"{KEL}.03"
PAST = 2024


def units(city) -> None:
    """The city's unit list, with the aliases files use (m2 = m²)."""
    for name, aliases in (("m²", ["m2", "meter persegi"]), ("m", ["meter"]), ("unit", ["Unit", "buah"]), ("paket", [])):
        Term.objects.get_or_create(city=city, vocabulary="satuan", name=name, defaults={"aliases": aliases})


def kinds(city) -> dict[str, ProposerKind]:
    """Proposer kinds as a city keeps them (the default seeding lives elsewhere; tests make their own)."""
    rows = {
        "rt": ("RT", "rt", "Ketua {nama}"),
        "rw": ("RW", "rw", "Ketua {nama}"),
        "kelurahan": ("Kelurahan", "kelurahan", "Lurah {wilayah}"),
        "pkk": ("PKK", "kelompok", "Ketua {nama}"),
    }
    return {
        code: ProposerKind.objects.get_or_create(
            city=city, code=code, defaults={"name": name, "holder": holder, "profile": profile}
        )[0]
        for code, (name, holder, profile) in rows.items()
    }


def item(city, name: str, unit: str, price: int, agency: str = "DPUPRPKP") -> DictionaryItem:
    spending = Term.objects.get_or_create(city=city, vocabulary="jenis_belanja", name="Belanja Modal")[0]
    sub = Term.objects.get_or_create(
        city=city, vocabulary="sub_kegiatan", name="Pembangunan Jalan", defaults={"code": "1.03.10.2.01.0019"}
    )[0]
    return DictionaryItem.objects.create(
        city=city,
        code=f"S-{DictionaryItem.objects.count() + 1:03d}",
        name=name,
        field="sarana_umum",
        category="jalan",
        agency=Agency.objects.get(city=city, short_name=agency),
        unit=unit,
        unit_price=price,
        authority="kota",
        active_from=2020,
        spending_type=spending,
        sub_activity=sub,
    )


@dataclass
class Year:
    cycle: object
    paving: DictionaryItem
    drain: DictionaryItem
    proposals: dict[str, Proposal]
    kinds: dict[str, ProposerKind]
    pkk: CommunityGroup


@pytest.fixture
def city_lists(malang):
    units(malang)
    return kinds(malang)


@pytest.fixture
def dictionary(malang, city_lists):
    return item(malang, "Paving jalan lingkungan", "m²", 150_000), item(malang, "Saluran drainase", "m", 900_000)


def _write(cycle, proposer, item_, kind, title, volume, address, **extra) -> Proposal:
    proposal = proposal_create(
        actor=steward(),
        cycle=cycle,
        proposer=proposer,
        title=title,
        problem=f"Masalah: {title}",
        idea=title,
        item=item_,
        volume=volume,
        address=address,
        **extra,
    )
    Proposal.objects.filter(pk=proposal.pk).update(proposer_kind=kind)
    proposal.refresh_from_db()
    return proposal


@pytest.fixture
def year(malang, region, dictionary, city_lists) -> Year:
    """Planning year 2024 (its stages open today so the services may write), proposals of Kelurahan Lowokwaru
    and one of Tulusrejo: accommodated after a re-routing with every level's word, not accommodated, outside the
    quota, funded by the kelurahan, a PKK's proposal on its way, and a draft (never sent to SIPD)."""
    schedule = {k: v for k, v in demo_schedule(PAST, today()).items() if k != StageKind.IMPLEMENTATION}
    cycle = cycle_create(city=malang, year=PAST, schedule=schedule)
    paving, drain = dictionary
    pkk = CommunityGroup.objects.create(kind="pkk", name="PKK Kelurahan Lowokwaru", region=region(KEL))
    rt, rw, other_rt = region(RT001), region(RW03), region(f"{OTHER_KEL}.01.001")
    p = {
        "rerouted": _write(
            cycle,
            rt,
            paving,
            city_lists["rt"],
            "Paving gang",
            120,
            "Jl. Mawar RT 01 RW 03",
            latitude=-7.9526,
            longitude=112.6145,
        ),
        "refused": _write(cycle, rw, drain, city_lists["rw"], "Saluran Jl. Kenanga", 35, "Jl. Kenanga"),
        "outside": _write(cycle, rt, paving, city_lists["rt"], "Paving lapangan", 40, "Lapangan RW 03"),
        "funded": _write(cycle, rt, drain, city_lists["rt"], "Saluran gang 5", 8, "Gang 5"),
        "pkk": _write(cycle, pkk, paving, city_lists["pkk"], "Paving posyandu", 15.5, "Posyandu Melati"),
        "other": _write(cycle, other_rt, paving, city_lists["rt"], "Paving Tulusrejo", 10, "Jl. Tulus"),
        "draft": _write(cycle, rt, paving, city_lists["rt"], "Masih draf", 1, "Jl. Draf"),
    }
    boss = steward()
    p["rerouted"] = walk(p["rerouted"], Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD)
    recommendation_record(proposal=p["rerouted"], level="kelurahan", actor=boss, decision="forward", note="Prioritas 1")
    recommendation_record(
        proposal=p["rerouted"], level="kecamatan", actor=boss, decision="forward", volume=100, cost=15_000_000
    )
    with stage_open(cycle, Action.VERIFY):
        p["rerouted"] = verify_reroute(
            actor=boss,
            proposal=p["rerouted"],
            version=p["rerouted"].version,
            to_agency=Agency.objects.get(city=malang, short_name="Kec. Lowokwaru"),
            reason_text="Jalan lingkungan perumahan",
        )
    recommendation_record(proposal=p["rerouted"], level="bappeda", actor=boss, decision="accept", note="Sesuai RKPD")
    recommendation_record(proposal=p["rerouted"], level="tapd", actor=boss, decision="accept", cost=14_000_000)
    p["rerouted"] = walk(p["rerouted"], Status.VERIFIED, Status.ACCOMMODATED)
    p["refused"] = walk(p["refused"], Status.AGREED, Status.NOT_ACCOMMODATED, reason="Bukan kewenangan kota")
    recommendation_record(
        proposal=p["refused"], level="kelurahan", actor=boss, decision="not_accommodated", reason="duplikasi"
    )
    p["outside"] = walk(p["outside"], Status.OUTSIDE_QUOTA)
    p["funded"] = walk(p["funded"], Status.AGREED, Status.FUNDED_KELURAHAN)
    p["pkk"] = walk(p["pkk"], Status.AGREED, Status.FORWARDED_KECAMATAN)
    p["other"] = walk(p["other"], Status.AGREED)
    Proposal.objects.filter(pk=p["funded"].pk).update(note="Dana Kelurahan 2025")
    return Year(cycle, paving, drain, {k: Proposal.objects.get(pk=v.pk) for k, v in p.items()}, city_lists, pkk)


def cells(data: bytes) -> list[tuple]:
    """Every row of the first sheet, as values."""
    book = load_workbook(io.BytesIO(data), read_only=True)
    try:
        return [tuple(row) for row in book.worksheets[0].iter_rows(values_only=True)]
    finally:
        book.close()


def xlsx(rows: list[list]) -> bytes:
    """A hand-made SIPD-like file: a header row, then data rows."""
    book = new_workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    return workbook_bytes(book)


def a_day(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


__all__ = ["KEC", "KEL", "OTHER_KEL", "PAST", "RT001", "RW03", "Region", "a_day", "cells", "xlsx"]
