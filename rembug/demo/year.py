"""A whole planning year of Kota Malang for the demo, made only through the services.

The year is run with every stage open on the day the demo is loaded (each service checks its stage), then
Bappeda moves the stages to the real calendar of that year (stage_schedule), so the record reads as it would
have happened: Rembug in January ... Musrenbang Kota in March, implementation during the budget year.
"""

from __future__ import annotations

import datetime
import random

from django.apps import apps
from django.db import transaction

from rembug.accounts.models import User
from rembug.accounts.roles import Role
from rembug.accounts.services import role_assign, user_create
from rembug.agencies.models import Agency
from rembug.cycles.models import PlanningCycle
from rembug.cycles.phases import STAGES
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create, default_schedule, stage_schedule
from rembug.forums import decisions as forum_decisions
from rembug.forums import services as forums
from rembug.forums.models import DelegateMandate, MeetingStatus
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import DictionaryItem, Proposal
from rembug.proposals.services import funding_set, proposal_create
from rembug.regions.models import Region
from rembug.regions.services import community_group_create
from rembug.scoring.criteria import scoring_demo_criteria
from rembug.verification import services as verification

PASSWORD = "rembug-demo"  # noqa: S105 - the demo's published password
KELURAHAN = {"35.73.05.1011": "lowokwaru", "35.73.05.1004": "dinoyo"}
KECAMATAN = "35.73.05"

# What neighbourhoods ask for, by dictionary code: (title, problem, idea, code, volume).
NEEDS = [
    (
        "Perbaikan saluran {street}",
        "Saluran tersumbat, air meluap saat hujan deras.",
        "Rehabilitasi saluran.",
        "DRN-01",
        40,
    ),
    ("Paving gang {street}", "Gang tanah becek dan licin.", "Paving jalan lingkungan.", "JLN-01", 120),
    ("Sumur resapan {street}", "Genangan lama surut.", "Dua sumur resapan.", "DRN-05", 2),
    ("Lampu jalan gang {street}", "Gang gelap, rawan kejahatan.", "Tiga titik lampu jalan.", None, 3),
    ("Tong sampah terpilah {street}", "Sampah dibuang ke sungai.", "Tong sampah terpilah.", None, 4),
    ("Pelatihan UMKM {street}", "Usaha kue warga sulit berkembang.", "Pelatihan pemasaran digital.", None, 1),
]
STREETS = ["Kenanga", "Melati", "Mawar", "Flamboyan", "Anggrek", "Cempaka", "Dahlia", "Teratai"]


def _account(username: str, name: str, role: str, region: Region, agency: Agency | None = None) -> User:
    user = User.objects.filter(username=username).first() or user_create(
        username=username, password=PASSWORD, full_name=name, email=f"{username}@demo.rembug.id"
    )
    role_assign(actor=None, user=user, role=role, region=region, agency=agency)
    return user


def _item(items: dict[str, DictionaryItem], code: str | None, index: int) -> DictionaryItem:
    if code and code in items:
        return items[code]
    fallback = [i for i in items.values() if i.category in ("lainnya", "persampahan", "pemasaran")]
    return fallback[index % len(fallback)]


def _hold(actor, meeting, people: int, rng: random.Random):
    meeting = forums.meeting_update(
        actor=actor,
        meeting=meeting,
        version=meeting.version,
        held_on=today(),
        place="Balai warga",
        chair_name=actor.full_name,
        order_method="Musyawarah mufakat",
    )
    first = None
    groups = [["tokoh_masyarakat"], [], ["kelompok_rentan"], [], ["difabel"], []]
    for n in range(people):
        attendee = forums.attendee_add(
            actor=actor,
            meeting=meeting,
            name=f"Peserta {n + 1}",
            gender="P" if n % 2 == 0 else "L",
            age_group=["dewasa", "pemuda", "lansia"][n % 3],
            groups=groups[n % 6],
        )
        first = first or attendee
    forums.delegate_set(actor=actor, meeting=meeting, attendee_ids=[first.pk], mandate=DelegateMandate.CARRY)
    meeting.refresh_from_db()
    return meeting


@transaction.atomic
def demo_year(*, city: Region, year: int, seed: int = 2025) -> PlanningCycle | None:
    """Run planning year `year` from Rembug to implementation; does nothing if that year exists already."""
    if PlanningCycle.objects.filter(city=city, year=year).exists():
        return None
    rng = random.Random(seed)
    day = today()
    cycle = cycle_create(city=city, year=year, priority_quota=3, schedule={spec.kind: (day, day) for spec in STAGES})
    scoring_demo_criteria(cycle=cycle)
    items = {i.code: i for i in DictionaryItem.objects.filter(city=city)}
    bappeda = User.objects.get(username="bappeda")
    agencies = {a.short_name: a for a in Agency.objects.filter(city=city)}

    # 1. Rembug RT in two kelurahan, entered by the kelurahan operators (as for paper Rembug).
    for kel_code, slug in KELURAHAN.items():
        kelurahan = Region.objects.get(code=kel_code)
        operator = _account(f"kel.{slug}", f"Operator {kelurahan.name}", Role.OPERATOR_KELURAHAN, kelurahan)
        rts = list(Region.objects.filter(code__startswith=f"{kel_code}.", level="rt").order_by("code")[:6])
        for n, rt in enumerate(rts):
            for k in range(4):
                title, problem, idea, code, volume = NEEDS[(n + k) % len(NEEDS)]
                street = STREETS[(n + k) % len(STREETS)] if k else STREETS[0]  # the same drain asked twice
                proposal = proposal_create(
                    actor=operator,
                    cycle=cycle,
                    proposer=rt,
                    title=title.format(street=street),
                    problem=problem,
                    idea=idea,
                    item=_item(items, code, n + k),
                    volume=volume,
                    address=f"Jl. {street}, {rt.label}",
                    beneficiaries=rng.randint(20, 300),
                    latitude=(kelurahan.latitude or -7.95) + rng.uniform(-0.002, 0.002),
                    longitude=(kelurahan.longitude or 112.61) + rng.uniform(-0.002, 0.002),
                )
                swadaya = min(proposal.estimated_cost, rng.choice([0, 500_000, 1_000_000]))
                funding_set(
                    actor=operator,
                    proposal=proposal,
                    version=proposal.version,
                    shares={"swadaya": swadaya, "apbd_kota": proposal.estimated_cost - swadaya},
                )
            meeting = _hold(operator, forums.meeting_open(actor=operator, cycle=cycle, holder=rt), 8, rng)
            forum_decisions.meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)

        # The kelurahan itself and its PKK propose directly into the Musrenbang Kelurahan (issue 11 point 1).
        pkk = community_group_create(region=kelurahan, kind="pkk", name=f"PKK Kelurahan {kelurahan.name}")
        for k, proposer in enumerate((pkk, kelurahan)):
            title, problem, idea, code, volume = NEEDS[(len(rts) + k) % len(NEEDS)]
            proposal = proposal_create(
                actor=operator,
                cycle=cycle,
                proposer=proposer,
                title=title.format(street=STREETS[k]),
                problem=problem,
                idea=idea,
                item=_item(items, code, len(rts) + k),
                volume=volume,
                address=f"Jl. {STREETS[k]}, {kelurahan.label}",
                beneficiaries=rng.randint(20, 300),
            )
            funding_set(
                actor=operator,
                proposal=proposal,
                version=proposal.version,
                shares={"apbd_kota": proposal.estimated_cost},
            )

        # 2. Musrenbang Kelurahan: merge the duplicate drains, decide each item (the direct proposals too).
        meeting = _hold(operator, forums.meeting_open(actor=operator, cycle=cycle, holder=kelurahan), 12, rng)
        from rembug.forums.selectors import duplicate_suggestions

        for pair in duplicate_suggestions(meeting)[:1]:
            forum_decisions.items_merge(
                actor=operator, meeting=meeting, keep_id=pair.first, merge_ids=[pair.second], version=meeting.version
            )
            meeting.refresh_from_db()
        for n, item in enumerate(meeting.items.select_related("proposal__item").order_by("rank")):
            if item.proposal.item.authority == "kelurahan" and n % 3 == 0:
                decision, reason = "fund_here", ""
            elif n % 7 == 6:
                decision, reason = "not_accommodated", "prioritas_rendah"
            else:
                decision, reason = "forward", ""
            forum_decisions.item_decide(
                actor=operator,
                meeting=meeting,
                proposal_id=item.proposal_id,
                decision=decision,
                reason=reason,
                version=meeting.version,
            )
            meeting.refresh_from_db()
        forum_decisions.meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)

    # 3. Musrenbang Kecamatan Lowokwaru.
    kecamatan = Region.objects.get(code=KECAMATAN)
    camat = User.objects.get(username="kec.lowokwaru")
    meeting = _hold(camat, forums.meeting_open(actor=camat, cycle=cycle, holder=kecamatan), 15, rng)
    for n, item in enumerate(meeting.items.order_by("rank")):
        decision, reason = ("not_accommodated", "sudah_dianggarkan") if n % 9 == 8 else ("forward", "")
        forum_decisions.item_decide(
            actor=camat,
            meeting=meeting,
            proposal_id=item.proposal_id,
            decision=decision,
            reason=reason,
            version=meeting.version,
        )
        meeting.refresh_from_db()
    forum_decisions.meeting_finalize(actor=camat, meeting=meeting, version=meeting.version)

    # 4. Forum Perangkat Daerah: each agency's verifier decides (accept, reject with reasons, re-route).
    verifiers: dict[int, User] = {}
    for n, proposal in enumerate(
        Proposal.objects.filter(cycle=cycle, status=Status.FORWARDED_OPD)
        .select_related("item__agency")
        .order_by("number")
    ):
        agency = proposal.item.agency
        verifiers.setdefault(
            agency.pk,
            _account(
                f"opd.{agency.short_name.lower().replace(' ', '')}",
                f"Verifikator {agency.short_name}",
                Role.VERIFIKATOR_OPD,
                city,
                agency,
            ),
        )
        actor = verifiers[agency.pk]
        if n % 8 == 5:
            verification.verify_reject(
                actor=actor,
                proposal=proposal,
                version=proposal.version,
                reason="tidak_layak",
                reason_text="Lahan belum tersedia.",
            )
        elif n % 8 == 3 and agency.short_name == "DPUPRPKP":
            to = agencies["BPBD"]
            verification.verify_reroute(
                actor=actor,
                proposal=proposal,
                version=proposal.version,
                to_agency=to,
                reason_text="Kewenangan penanggulangan bencana.",
            )
            proposal.refresh_from_db()
            new = _account("opd.bpbd", "Verifikator BPBD", Role.VERIFIKATOR_OPD, city, to)
            verification.verify_accept(actor=new, proposal=proposal, version=proposal.version)
        else:
            verification.verify_accept(actor=actor, proposal=proposal, version=proposal.version)

    # 5. Musrenbang Kota: ceilings and the fit (when the budget app is installed).
    if apps.is_installed("rembug.budget"):
        _fit(cycle, bappeda, rng)

    # 6. Move the stages to the year's real calendar (Bappeda), so implementation is open in the budget year.
    schedule = default_schedule(year)
    for spec in STAGES:
        opens_on, closes_on = schedule[spec.kind]
        stage = cycle.stages.get(kind=spec.kind)
        stage_schedule(
            actor=bappeda, cycle=cycle, kind=spec.kind, opens_on=opens_on, closes_on=closes_on, version=stage.version
        )

    # 7. Implementation progress (when the delivery app is installed).
    if apps.is_installed("rembug.delivery"):
        _progress(cycle, rng)
    assert not cycle.meetings.filter(status=MeetingStatus.DRAFT).exists()
    return cycle


def _fit(cycle: PlanningCycle, bappeda: User, rng: random.Random) -> None:
    from rembug.budget import services as budget

    candidates = Proposal.objects.filter(cycle=cycle, status=Status.VERIFIED).select_related("kelurahan")
    by_kelurahan: dict[int, int] = {}
    for proposal in candidates:
        by_kelurahan[proposal.kelurahan_id] = by_kelurahan.get(proposal.kelurahan_id, 0) + proposal.estimated_cost
    for kelurahan_id, demand in by_kelurahan.items():
        budget.ceiling_set(
            actor=bappeda, cycle=cycle, kind="kel", region=Region.objects.get(pk=kelurahan_id), amount=int(demand * 0.6)
        )
    run = budget.fit_run(actor=bappeda, cycle=cycle)
    budget.fit_publish(actor=bappeda, run=run)


def _progress(cycle: PlanningCycle, rng: random.Random) -> None:
    from rembug.delivery import services as delivery
    from rembug.delivery.models import Activity

    for n, activity in enumerate(Activity.objects.filter(proposal__cycle=cycle).select_related("agency")):
        verifier = User.objects.filter(
            assignments__role=Role.VERIFIKATOR_OPD, assignments__agency=activity.agency
        ).first()
        if verifier is None or n % 3 == 2:
            continue
        percent = 100 if n % 3 == 0 else rng.choice([25, 40, 60])
        delivery.progress_report(
            actor=verifier,
            activity=activity,
            percent=percent,
            reported_on=today() - datetime.timedelta(days=7),
            note="Laporan bulanan",
            version=activity.version,
        )
