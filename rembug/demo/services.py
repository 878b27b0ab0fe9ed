"""The Kota Malang demo, built only through the services (no rows written around them), so it proves them."""

from __future__ import annotations

import datetime
import io
import random
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from rembug.accounts.models import User
from rembug.accounts.roles import Role
from rembug.accounts.services import role_assign, user_create
from rembug.agencies.models import Agency
from rembug.agencies.services import agencies_load
from rembug.conditions.models import SurveyResponse
from rembug.conditions.services import Answer, PriorityInput, indicators_default, priorities_replace, survey_submit
from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import StageKind
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.forums import decisions as forum_decisions
from rembug.forums import services as forums
from rembug.forums.models import DelegateMandate, Meeting
from rembug.guide.services import guide_defaults_load
from rembug.proposals.dictionary import dictionary_load_csv
from rembug.proposals.models import DictionaryItem, Proposal
from rembug.proposals.services import funding_set, proposal_create
from rembug.regions.models import GroupKind, Level, Region
from rembug.regions.services import community_group_create, regions_load_malang
from rembug.scoring.criteria import scoring_demo_criteria
from rembug.sipd.services import sipd_import

from .sipd_demo import demo_sipd_file, demo_sipd_year

DEMO_PASSWORD = "rembug-demo"  # noqa: S105 - printed for the demo on purpose; never used outside it
CITY_CODE = "35.73"
KELURAHAN = "35.73.05.1011"  # Lowokwaru, Kecamatan Lowokwaru: published RW/RT counts (15 RW, 104 RT)
RW = f"{KELURAHAN}.03"
RT = f"{RW}.001"


@dataclass(frozen=True)
class DemoAccount:
    username: str
    full_name: str
    role: str
    region_code: str
    agency: str | None = None
    group: str | None = None


ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("rt.lowokwaru", "Bu Siti Aminah", Role.KETUA_RT, RT),
    DemoAccount("rt2.lowokwaru", "Pak Bambang Sutrisno", Role.KETUA_RT, f"{RW}.002"),
    DemoAccount("rw.lowokwaru", "Pak Joko Santoso", Role.KETUA_RW, RW),
    DemoAccount("pokmas.lowokwaru", "Bu Endang Lestari", Role.KETUA_POKMAS, KELURAHAN, group="Pokmas Sumber Rejeki"),
    DemoAccount("lpmk.lowokwaru", "Pak Hadi Purnomo", Role.LPMK, KELURAHAN),
    DemoAccount("kel.lowokwaru", "Dewi Rahmawati", Role.OPERATOR_KELURAHAN, KELURAHAN),
    DemoAccount("lurah.lowokwaru", "Agus Prasetyo", Role.LURAH, KELURAHAN),
    DemoAccount("kec.lowokwaru", "Rina Wulandari", Role.OPERATOR_KECAMATAN, "35.73.05"),
    DemoAccount("camat.lowokwaru", "Budi Hartono", Role.CAMAT, "35.73.05"),
    DemoAccount("opd.pupr", "Ir. Wahyu Nugroho", Role.VERIFIKATOR_OPD, CITY_CODE, agency="DPUPRPKP"),
    DemoAccount("opd.dlh", "Sri Wahyuni", Role.VERIFIKATOR_OPD, CITY_CODE, agency="DLH"),
    DemoAccount("bappeda", "Dr. Ratna Kusuma", Role.BAPPEDA, CITY_CODE),
    DemoAccount("admin.malang", "Admin Kota Malang", Role.ADMIN, CITY_CODE),
)


def demo_schedule(year: int, day: datetime.date) -> dict[str, tuple[datetime.date, datetime.date]]:
    """Stage windows that put the Rembug stage open on `day`, so the demo can be used at once."""
    start = day - datetime.timedelta(days=7)
    spans = [
        (StageKind.REMBUG, 40),
        (StageKind.MUSRENBANG_KELURAHAN, 14),
        (StageKind.MUSRENBANG_KECAMATAN, 21),
        (StageKind.FORUM_OPD, 21),
        (StageKind.MUSRENBANG_KOTA, 14),
    ]
    schedule = {}
    for kind, days in spans:
        end = start + datetime.timedelta(days=days - 1)
        schedule[kind] = (start, end)
        start = end + datetime.timedelta(days=1)
    schedule[StageKind.IMPLEMENTATION] = (datetime.date(year + 1, 1, 1), datetime.date(year + 1, 12, 31))
    return schedule


def demo_year(day: datetime.date) -> int:
    """The planning year being prepared: from October on, next year's Musrenbang is the one residents work on."""
    return day.year + 1 if day.month >= 10 else day.year


@transaction.atomic
def demo_load() -> list[str]:
    """Load the Kota Malang demo once; a second run only fills in what is missing. Returns lines to print."""
    lines = []
    result = regions_load_malang()
    lines.append(f"Wilayah Kota Malang: {result}.")
    city = Region.objects.get(code=CITY_CODE)
    created = agencies_load(city=city)
    lines.append(f"Perangkat daerah: {created} dibuat.")
    for kelurahan in Region.objects.filter(city=city, level=Level.KELURAHAN):
        community_group_create(region=kelurahan, kind=GroupKind.LPMK, name=f"LPMK {kelurahan.name}")
    lowokwaru = Region.objects.get(code=KELURAHAN)
    community_group_create(
        region=lowokwaru, kind=GroupKind.POKMAS, name="Pokmas Sumber Rejeki", focus="UMKM makanan olahan"
    )
    community_group_create(
        region=Region.objects.get(code=RW),
        kind=GroupKind.POKMAS,
        name="Pokmas Kali Bersih",
        focus="Kebersihan sungai dan saluran",
    )
    # Lembaga kemasyarakatan of the demo kelurahan: they propose directly into its Musrenbang (issue 11 point 1).
    for kind, name, focus in (
        ("pkk", "PKK Kelurahan Lowokwaru", "Kesehatan keluarga dan gizi"),
        ("karang_taruna", "Karang Taruna Lowokwaru", "Kegiatan pemuda"),
        ("forum_anak", "Forum Anak Lowokwaru", "Suara anak"),
    ):
        community_group_create(region=lowokwaru, kind=kind, name=name, focus=focus)
    day = today()
    year = demo_year(day)
    if not PlanningCycle.objects.filter(city=city, year=year).exists():
        cycle_create(city=city, year=year, priority_quota=5, schedule=demo_schedule(year, day))
        lines.append(f"Siklus Musrenbang {year} dibuat; tahap Rembug dibuka.")
    for account in ACCOUNTS:
        user = User.objects.filter(username=account.username).first() or user_create(
            username=account.username,
            password=DEMO_PASSWORD,
            full_name=account.full_name,
            email=f"{account.username}@demo.rembug.id",
        )
        region = Region.objects.get(code=account.region_code)
        agency = Agency.objects.get(city=city, short_name=account.agency) if account.agency else None
        group = region.groups.get(name=account.group) if account.group else None
        role_assign(actor=None, user=user, role=account.role, region=region, agency=agency, group=group)
    if not User.objects.filter(username="admin").exists():
        User.objects.create_superuser("admin", "admin@demo.rembug.id", DEMO_PASSWORD, full_name="Administrator Sistem")
    lines.append(f"Kamus usulan: {dictionary_load_csv(city=city)} kegiatan dimuat.")
    cycle = PlanningCycle.objects.get(city=city, year=year)
    scoring_demo_criteria(cycle=cycle)
    guide_defaults_load()
    _demo_conditions(cycle)
    if not Proposal.objects.filter(cycle=cycle, proposer_group__kind="pkk").exists():
        _demo_lembaga(cycle, User.objects.get(username="lpmk.lowokwaru"), lowokwaru)
        lines.append("Usulan PKK Kelurahan Lowokwaru ditulis oleh LPMK (masuk langsung ke Musrenbang Kelurahan).")
    lines.append(_demo_sipd_import(city))
    if not Meeting.objects.filter(cycle=cycle, holder_region__code=f"{RW}.002").exists():
        _demo_rembug(cycle, User.objects.get(username="rt2.lowokwaru"), Region.objects.get(code=f"{RW}.002"))
        lines.append("Rembug RT 002 / RW 03 Lowokwaru ditetapkan (contoh).")

    return lines


def _demo_sipd_import(city: Region) -> str:
    """A past year of Kelurahan Lowokwaru loaded from its SIPD list, as Bappeda would (a second load updates)."""
    year = demo_sipd_year(today())
    bappeda = User.objects.get(username="bappeda")
    result = sipd_import(actor=bappeda, city=city, year=year, file=io.BytesIO(demo_sipd_file(year)))
    return (
        f"Usulan {year} Kelurahan Lowokwaru diimpor dari berkas SIPD: "
        f"{result.created} baru, {result.updated} diperbarui."
    )


def demo_accounts_text() -> str:
    rows = [f"  {a.username:<18} {Role(a.role).label}" for a in ACCOUNTS]
    return "\n".join(
        [
            "Akun demo (kata sandi untuk semua: " + DEMO_PASSWORD + "):",
            *rows,
            f"  {'admin':<18} Administrator sistem (Django admin)",
            f"Buka {settings.REMBUG_SITE_URL}/ lalu pilih Masuk.",
        ]
    )


DEMO_PROPOSALS = (
    (
        "Perbaikan saluran Jl. Kenanga",
        "Saluran tersumbat, air meluap ke rumah warga saat hujan deras.",
        "Rehabilitasi saluran sepanjang 40 m.",
        "DRN-01",
        40,
        5_000_000,
    ),
    (
        "Paving gang Melati",
        "Gang tanah becek dan licin, lansia sering jatuh.",
        "Paving 150 m2.",
        "JLN-01",
        150,
        2_000_000,
    ),
    (
        "Pelatihan pemasaran digital UMKM",
        "Penjualan kue warga hanya dari mulut ke mulut.",
        "Pelatihan jualan daring untuk 20 pelaku UMKM.",
        None,
        1,
        0,
    ),
)


def _demo_lembaga(cycle: PlanningCycle, writer: User, kelurahan: Region) -> None:
    """A lembaga's proposal, written by the LPMK for the PKK: it needs no Rembug (issue 11 point 1)."""
    pkk = kelurahan.groups.get(kind="pkk")
    items = DictionaryItem.objects.filter(city=cycle.city).order_by("code")
    item = next((i for i in items if i.category == "pelatihan"), None) or items.first()
    proposal_create(
        actor=writer,
        cycle=cycle,
        proposer=pkk,
        title="Pelatihan kader posyandu",
        problem="Kader posyandu belum pernah dilatih mengukur tumbuh kembang balita.",
        idea="Pelatihan satu hari untuk 30 kader.",
        item=item,
        volume=1,
        address=f"Balai {kelurahan.label}",
        beneficiaries=30,
    )


def _demo_rembug(cycle: PlanningCycle, chair: User, rt: Region) -> None:
    """A finalized Rembug RT with three proposals, through the same services the pages use."""
    items = {i.code: i for i in DictionaryItem.objects.filter(city=cycle.city)}
    economic = next(i for i in items.values() if i.category == "pemasaran")
    for title, problem, idea, code, volume, swadaya in DEMO_PROPOSALS:
        item = items.get(code) or economic
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=rt,
            title=title,
            problem=problem,
            idea=idea,
            item=item,
            volume=volume,
            address=f"{title.split()[-1]}, {rt.label}",
            beneficiaries=60,
            latitude=-7.9385,
            longitude=112.6135,
        )
        shares = {"swadaya": min(swadaya, proposal.estimated_cost)}
        shares["apbd_kota" if item.authority == "kota" else "dana_kelurahan"] = (
            proposal.estimated_cost - shares["swadaya"]
        )
        funding_set(actor=chair, proposal=proposal, shares=shares, version=proposal.version)
    meeting = forums.meeting_open(actor=chair, cycle=cycle, holder=rt)
    meeting = forums.meeting_update(
        actor=chair,
        meeting=meeting,
        version=meeting.version,
        held_on=today(),
        place="Balai RW 03",
        chair_name=chair.full_name,
        agenda="Penyusunan usulan prioritas",
        order_method="Musyawarah mufakat",
    )
    people = [
        ("Bambang Sutrisno", "L", "dewasa", ["tokoh_masyarakat"]),
        ("Sri Rahayu", "P", "dewasa", []),
        ("Dewi Anggraini", "P", "pemuda", []),
        ("Mbah Karto", "L", "lansia", []),
        ("Nur Aini", "P", "dewasa", ["kelompok_rentan"]),
        ("Yusuf", "L", "pemuda", []),
    ]
    first = None
    for name, gender, age, groups in people:
        attendee = forums.attendee_add(
            actor=chair, meeting=meeting, name=name, gender=gender, age_group=age, groups=groups
        )
        first = first or attendee
    forums.attendance_counts_set(actor=chair, meeting=meeting, counts={"difabel": 1})
    forums.delegate_set(actor=chair, meeting=meeting, attendee_ids=[first.pk], mandate=DelegateMandate.CARRY_AND_REPORT)
    meeting.refresh_from_db()
    forum_decisions.meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)


def _demo_conditions(cycle: PlanningCycle) -> None:
    """Condition survey answers for two RWs of every kelurahan and the city's priorities, through the services
    (entered by the system administrator, as a kelurahan operator would from paper)."""
    if SurveyResponse.objects.filter(cycle=cycle).exists():
        return
    admin = User.objects.get(username="admin")
    indicators = indicators_default(cycle)
    rng = random.Random(35)
    for kelurahan in Region.objects.filter(city=cycle.city, level=Level.KELURAHAN).order_by("code"):
        bias = rng.uniform(-1.2, 1.2)
        for rw in Region.objects.filter(parent=kelurahan, level=Level.RW).order_by("code")[:2]:
            answers = [
                Answer(indicator=i.code, score=max(1, min(5, round(rng.gauss(3 + bias, 1))))) for i in indicators
            ]
            survey_submit(actor=admin, cycle=cycle, region=rw, answers=answers)
    priorities_replace(
        actor=admin,
        cycle=cycle,
        priorities=[
            PriorityInput(
                "Penanganan banjir dan drainase",
                0.35,
                fields=["sarana_umum"],
                categories=["drainase"],
                source_note="RPJMD Kota Malang: infrastruktur berketahanan",
            ),
            PriorityInput(
                "Penguatan UMKM dan ekonomi kreatif", 0.25, fields=["ekonomi"], source_note="RKPD: pemulihan ekonomi"
            ),
            PriorityInput("Layanan dasar kesehatan dan pendidikan", 0.25, fields=["sosial_budaya"]),
            PriorityInput("Air bersih dan persampahan", 0.15, fields=["kebutuhan_warga"]),
        ],
    )
