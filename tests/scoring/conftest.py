"""A Rembug RT with three proposals and six attendees, and Bappeda's criteria for the year."""

import pytest

from rembug.forums.services import attendance_counts_set, attendee_add, delegate_set, meeting_open, meeting_update
from rembug.proposals.services import funding_set, proposal_create
from rembug.scoring.criteria import criteria_set_save
from tests.factories import dictionary_item

RT001 = "35.73.05.1011.03.001"
RT002 = "35.73.05.1011.03.002"

# (title, item, volume, beneficiaries, swadaya): paving 150.000/m2, drain 1.500.000/m.
PROPOSALS = [
    ("Paving gang Melati", "paving", 100, 80, 3_000_000),
    ("Saluran Jl. Kenanga", "drain", 20, 200, 1_000_000),
    ("Paving gang Mawar", "paving", 50, 40, 0),
]
# (name, gender, age group, groups)
PEOPLE = [
    ("Siti Aminah", "P", "dewasa", ["tokoh_masyarakat"]),
    ("Rina", "P", "pemuda", []),
    ("Ani", "P", "dewasa", []),
    ("Pak Darmo", "L", "lansia", []),
    ("Budi", "L", "dewasa", []),
    ("Joko", "L", "dewasa", ["difabel"]),
    ("Slamet", "L", "dewasa", []),
]


@pytest.fixture
def chair(person):
    return person("ketua_rt", RT001)


@pytest.fixture
def planner(person):
    return person("bappeda", "35.73")


@pytest.fixture
def proposals(chair, region, cycle, malang):
    items = {
        "paving": dictionary_item(malang),
        "drain": dictionary_item(malang, name="Saluran drainase", unit="m", unit_price=1_500_000, category="drainase"),
    }
    made = []
    for title, item, volume, beneficiaries, swadaya in PROPOSALS:
        proposal = proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=region(RT001),
            title=title,
            problem="Rusak",
            idea="Perbaiki",
            item=items[item],
            volume=volume,
            address="RT 001",
            beneficiaries=beneficiaries,
        )
        shares = {"apbd_kota": proposal.estimated_cost - swadaya, **({"swadaya": swadaya} if swadaya else {})}
        funding_set(actor=chair, proposal=proposal, version=proposal.version, shares=shares)
        proposal.refresh_from_db()
        made.append(proposal)
    return made


@pytest.fixture
def meeting(chair, cycle, region, proposals):
    """The RT's Rembug, ready to finalize: its list is in the order the proposals were entered."""
    meeting = meeting_open(actor=chair, cycle=cycle, holder=region(RT001))
    meeting = meeting_update(
        actor=chair,
        meeting=meeting,
        version=meeting.version,
        held_on=cycle.stages.first().opens_on,
        place="Balai RW 03",
        chair_name="Bu Siti Aminah",
        order_method="Musyawarah mufakat, dibantu saran urutan SAW dan pemungutan suara Borda.",
    )
    attendees = [
        attendee_add(actor=chair, meeting=meeting, name=name, gender=gender, age_group=age, groups=groups)
        for name, gender, age, groups in PEOPLE
    ]
    attendance_counts_set(actor=chair, meeting=meeting, counts={"kelompok_rentan": 1})
    delegate_set(actor=chair, meeting=meeting, attendee_ids=[attendees[0].pk], mandate="mengawal")
    meeting.refresh_from_db()
    return meeting


@pytest.fixture
def attendees(meeting):
    return {a.name: a for a in meeting.attendees.order_by("pk")}


URGENCY = "Tingkat kebutuhan mendesak"


@pytest.fixture
def criteria(planner, cycle):
    """Direct weights 40/30/20/10: the forum's urgency, beneficiaries, cost, and the community's share."""
    return criteria_set_save(
        actor=planner,
        cycle=cycle,
        name="Kriteria 2027",
        method="saw",
        criteria=[
            {"key": "urgensi", "name": URGENCY, "source": "forum", "weight": 40},
            {"key": "penerima", "name": "Jumlah penerima manfaat", "source": "beneficiaries", "weight": 30},
            {"key": "biaya", "name": "Perkiraan biaya", "source": "estimated_cost", "weight": 20},
            {"key": "swadaya", "name": "Porsi swadaya", "source": "community_share", "weight": 10},
        ],
    )
