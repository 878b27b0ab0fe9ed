"""The world the permissions matrix walks: one set of people in their own area of Kota Malang, and the same kind
of records in three areas — their own area, another kelurahan of the same city (in another kecamatan) and another
city (Kota Batu). Every record of the other areas carries a marker string so a leak shows in a response body."""

from __future__ import annotations

import datetime
import io
import uuid
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from rembug.accounts.services import role_assign, user_create
from rembug.agencies.models import Agency
from rembug.budget.services import ceiling_set, fit_run
from rembug.conditions.services import Answer, indicators_default, survey_submit
from rembug.cycles.models import PlanningCycle, Stage
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.delivery.models import ProgressReport
from rembug.delivery.services import activity_plan
from rembug.demo.services import demo_schedule
from rembug.forums import decisions as forum_decisions
from rembug.forums import services as forums
from rembug.forums.models import Attendee, Meeting
from rembug.notifications.models import Notification
from rembug.proposals.attachments import attachment_add
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import funding_set, proposal_create
from rembug.regions.models import CommunityGroup, GroupKind, Region
from rembug.regions.services import community_group_create
from rembug.scoring.criteria import criteria_set_save
from rembug.scoring.models import CriteriaSet, Vote
from rembug.scoring.services import suggestion_compute, vote_open
from rembug.uploads import clean_photo, store
from tests.factories import dictionary_item
from tests.factories import walk as lifecycle_walk

#: own: where the people of the matrix work; kel: another kelurahan (in another kecamatan) of the same city;
#: city: a kelurahan of another city.
AREAS = ("own", "kel", "city")
CODES = {
    "own": "35.73.05.1011.03.001",  # RT 001 / RW 03 / Kelurahan Lowokwaru / Kecamatan Lowokwaru / Kota Malang
    "kel": "35.73.01.1001.01.001",  # RT 001 / RW 01 / Kelurahan Balearjosari / Kecamatan Blimbing / Kota Malang
    "city": "35.79.01.1001.01.001",  # RT 001 / RW 01 / Kelurahan Sisir / Kecamatan Batu / Kota Batu
}
#: Every role of the process, and the anonymous visitor.
ROLES = (
    "anonymous",
    "ketua_rt",
    "ketua_rw",
    "ketua_pokmas",
    "lpmk",
    "operator_kelurahan",
    "lurah",
    "operator_kecamatan",
    "camat",
    "verifikator_opd",
    "bappeda",
    "admin",
)
AGENCY = "DPUPRPKP"

TO_QUEUE = (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD)
TO_VERIFIED = (*TO_QUEUE, Status.VERIFIED)
TO_RKPD = (*TO_VERIFIED, Status.ACCOMMODATED)


@dataclass
class Area:
    """The records of one area; `markers` name what must never be shown to someone who may not see it."""

    key: str
    cycle: PlanningCycle
    rt: Region
    rw: Region
    kelurahan: Region
    kecamatan: Region
    city: Region
    group: CommunityGroup
    chair: object  # the Ketua RT who wrote the proposals (in the own area: the matrix's Ketua RT)
    draft: Proposal = None  # editable, in the RT
    queued: Proposal = None  # waiting for DPUPRPKP in the Forum Perangkat Daerah
    verified: Proposal = None  # ready for the budget fit
    accommodated: Proposal = None
    activity: object = None
    attachment: object = None  # a photo of the draft
    report: object = None  # a progress report of the activity, with a photo
    survey_answer: object = None  # the RT's condition-survey answer, with a photo
    rembug: Meeting = None  # the RT's Rembug, open
    attendee: Attendee = None
    vote: Vote = None
    suggestion: object = None
    final: Meeting = None  # the RW's Rembug, finalized (its Berita Acara exists)
    kel_forum: Meeting = None
    kec_forum: Meeting = None
    criteria: CriteriaSet = None
    ceiling: object = None
    run: object = None
    notification: Notification = None
    markers: dict[str, str] = field(default_factory=dict)


@dataclass
class World:
    areas: dict[str, Area]
    users: dict[str, object]  # role → the person holding it in the own area (anonymous: None)


def _marker(area: str, what: str) -> str:
    # Letters only: a run of digits in a name reads as a phone number or NIK and is refused (decision 0013).
    tail = uuid.uuid4().hex[:8].translate(str.maketrans("0123456789", "ghijklmnop"))
    return f"RAHASIA-{area.upper()}-{what.upper()}-{tail}"


def _person(role: str, region: Region, *, agency: str | None = None, group=None, name: str):
    user = user_create(
        username=name, password="pw-rembug-123", full_name=name.replace("-", " "), email=f"{name}@example.org"
    )
    found_agency = Agency.objects.get(city=region.city, short_name=agency) if agency else None
    role_assign(actor=None, user=user, role=role, region=region, agency=found_agency, group=group)
    return user


def _all_stages_open(cycle: PlanningCycle) -> None:
    """Every stage open today (test setup only: real windows follow one another), so no route is closed by time."""
    day = today()
    Stage.objects.filter(cycle=cycle).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )


def _proposal(area: Area, item, title: str, walk=()) -> Proposal:
    proposal = proposal_create(
        actor=area.chair,
        cycle=area.cycle,
        proposer=area.rt,
        title=title,
        problem="Rusak",
        idea="Perbaiki",
        item=item,
        volume=20,
        address=f"{title} RT 001",
        latitude=None,
        longitude=None,
    )
    return lifecycle_walk(proposal, *walk, reason="Lanjut")


def _photo(name: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), "gray").save(buffer, "JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def _finalized_rw_rembug(area: Area, rw_chair, item) -> Meeting:
    """The RW's Rembug with a named attendee and a delegate, finalized (the Berita Acara and list are stored)."""
    title = _marker(area.key, "rw-proposal")
    area.markers["final"] = title
    proposal = proposal_create(
        actor=rw_chair,
        cycle=area.cycle,
        proposer=area.rw,
        title=title,
        problem="Rusak",
        idea="Perbaiki",
        item=item,
        volume=1,
        address="RW",
    )
    funding_set(
        actor=rw_chair, proposal=proposal, version=proposal.version, shares={"apbd_kota": proposal.estimated_cost}
    )
    meeting = forums.meeting_open(actor=rw_chair, cycle=area.cycle, holder=area.rw)
    meeting = forums.meeting_update(
        actor=rw_chair,
        meeting=meeting,
        version=meeting.version,
        held_on=today(),
        place="Balai RW",
        chair_name="Ketua RW",
        order_method="Musyawarah",
    )
    name = _marker(area.key, "delegate")
    delegate = forums.attendee_add(
        actor=rw_chair,
        meeting=meeting,
        name=name,
        gender="P",
        age_group="dewasa",
        groups=["tokoh_masyarakat"],
        position="Ketua RT",
    )
    forums.attendee_add(
        actor=rw_chair, meeting=meeting, name="Pak Darmo", gender="L", age_group="lansia", groups=["kelompok_rentan"]
    )
    forums.attendee_add(actor=rw_chair, meeting=meeting, name="Rina", gender="P", age_group="pemuda")
    forums.attendance_counts_set(actor=rw_chair, meeting=meeting, counts={"difabel": 1})
    forums.meeting_sync_items(actor=rw_chair, meeting=meeting)
    forums.delegate_set(actor=rw_chair, meeting=meeting, attendee_ids=[delegate.pk], mandate="")
    meeting.refresh_from_db()
    return forum_decisions.meeting_finalize(
        actor=rw_chair, meeting=meeting, version=meeting.version, accept_inclusion_gaps=True
    )


def _build_area(key: str, users: dict, cycles: dict) -> Area:
    rt = Region.objects.select_related("parent").get(code=CODES[key])
    rw, kelurahan = rt.parent, rt.parent.parent
    kecamatan, city = kelurahan.parent, kelurahan.city
    cycle = cycles[city.code]
    own = key == "own"
    group = CommunityGroup.objects.filter(region=kelurahan, kind=GroupKind.POKMAS).first() or community_group_create(
        region=kelurahan, kind=GroupKind.POKMAS, name=f"Pokmas {kelurahan.name}"
    )
    chair = users["ketua_rt"] if own else _person("ketua_rt", rt, name=f"rt-{key}")
    rw_chair = users["ketua_rw"] if own else _person("ketua_rw", rw, name=f"rw-{key}")
    kel_staff = users["operator_kelurahan"] if own else _person("operator_kelurahan", kelurahan, name=f"kel-{key}")
    kec_staff = users["operator_kecamatan"] if own else _person("operator_kecamatan", kecamatan, name=f"kec-{key}")
    area = Area(
        key=key,
        cycle=cycle,
        rt=rt,
        rw=rw,
        kelurahan=kelurahan,
        kecamatan=kecamatan,
        city=city,
        group=group,
        chair=chair,
    )
    item = dictionary_item(city, name=f"Saluran {key}", unit="m", unit_price=1_000_000, agency=AGENCY)
    for name, walk in (("draft", ()), ("queued", TO_QUEUE), ("verified", TO_VERIFIED), ("accommodated", TO_RKPD)):
        area.markers[name] = _marker(key, name)
        setattr(area, name, _proposal(area, item, area.markers[name], walk))
    area.activity = activity_plan(
        actor=None,
        proposal=area.accommodated,
        budget_amount=3_000_000,
        starts_on=datetime.date(cycle.budget_year, 1, 1),
        ends_on=datetime.date(cycle.budget_year, 12, 31),
    )
    area.markers["activity"] = area.markers["accommodated"]
    area.attachment = attachment_add(actor=chair, proposal=area.draft, upload=_photo("gang.jpg"))
    area.draft.refresh_from_db()
    area.report = ProgressReport(activity=area.activity, reported_on=today(), percent=0)
    store(area.report.photo, clean_photo(_photo("paving.jpg")))
    area.report.save()
    indicators_default(cycle)
    [area.survey_answer] = survey_submit(
        actor=chair,
        cycle=cycle,
        region=rt,
        answers=[Answer(indicator="jalan", score=2, photo=_photo("jalan.jpg"))],
        check_stage=False,
    )

    # The RT's Rembug, open, with one attendee and an open vote on its list.
    area.rembug = forums.meeting_open(actor=chair, cycle=cycle, holder=rt)
    area.markers["attendee"] = _marker(key, "attendee")
    area.attendee = forums.attendee_add(
        actor=chair, meeting=area.rembug, name=area.markers["attendee"], gender="L", age_group="dewasa"
    )
    area.rembug.refresh_from_db()
    area.vote = vote_open(actor=chair, meeting=area.rembug, kind="borda")
    area.rembug.refresh_from_db()
    area.markers["rembug"] = area.markers["draft"]
    area.suggestion = suggestion_compute(actor=chair, meeting=area.rembug)
    area.rembug.refresh_from_db()
    area.final = _finalized_rw_rembug(area, rw_chair, item)
    area.kel_forum = forums.meeting_open(actor=kel_staff, cycle=cycle, holder=kelurahan)
    area.kec_forum = forums.meeting_open(actor=kec_staff, cycle=cycle, holder=kecamatan)

    # A notification in the inbox of the area's Ketua RT (the kelurahan moved their proposal on).
    area.notification = Notification.objects.filter(recipient=chair).order_by("pk").first()
    return area


def _criteria(cycle: PlanningCycle, planner, key: str) -> CriteriaSet:
    return criteria_set_save(
        actor=planner,
        cycle=cycle,
        name=_marker(key, "criteria"),
        method="saw",
        criteria=[
            {"key": "biaya", "name": "Perkiraan biaya", "source": "estimated_cost", "weight": 60},
            {"key": "penerima", "name": "Penerima manfaat", "source": "beneficiaries", "weight": 40},
        ],
    )


def _city_records(area: Area, planner) -> None:
    """The city's criteria, a ceiling and a fit run (shared by the two Kota Malang areas)."""
    area.criteria = CriteriaSet.objects.get(cycle=area.cycle)
    area.markers["criteria"] = area.criteria.name
    area.ceiling = area.cycle.ceilings.first() or ceiling_set(
        actor=planner, cycle=area.cycle, kind="kel", region=area.kelurahan, amount=50_000_000
    )
    area.run = area.cycle.fit_runs.first() or fit_run(actor=planner, cycle=area.cycle, time_limit=5)


def build_world() -> World:
    """Everyone of the matrix in their own area, and the three areas' records (about a second on SQLite)."""
    own_rt = Region.objects.select_related("parent__parent__parent").get(code=CODES["own"])
    rw, kel = own_rt.parent, own_rt.parent.parent
    kec, malang = kel.parent, kel.city
    group = community_group_create(region=kel, kind=GroupKind.POKMAS, name="Pokmas Matriks")
    where = {
        "ketua_rt": own_rt,
        "ketua_rw": rw,
        "ketua_pokmas": kel,
        "lpmk": kel,
        "operator_kelurahan": kel,
        "lurah": kel,
        "operator_kecamatan": kec,
        "camat": kec,
        "verifikator_opd": malang,
        "bappeda": malang,
        "admin": malang,
    }
    users: dict[str, object] = {"anonymous": None}
    for role, region in where.items():
        users[role] = _person(
            role,
            region,
            name=f"matrix-{role}",
            agency=AGENCY if role == "verifikator_opd" else None,
            group=group if role == "ketua_pokmas" else None,
        )
    batu = Region.objects.get(code="35.79")
    batu_planner = _person("bappeda", batu, name="bappeda-city")
    cycles = {}
    for city in (malang, batu):
        year = today().year + 1
        cycles[city.code] = cycle_create(city=city, year=year, schedule=demo_schedule(year, today()))
        _all_stages_open(cycles[city.code])
        _criteria(cycles[city.code], users["bappeda"] if city == malang else batu_planner, city.code)
    areas = {key: _build_area(key, users, cycles) for key in AREAS}
    for key, area in areas.items():
        _city_records(area, batu_planner if key == "city" else users["bappeda"])
    # The Musrenbang Kelurahan moved the own draft on: its chair has a notification; the other areas' chairs too.
    return World(areas=areas, users=users)
