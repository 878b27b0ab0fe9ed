"""Musrenbang Kelurahan and Kecamatan: the lists agreed below are merged, decided and passed up."""

import datetime

import pytest

from rembug.cycles.models import Stage
from rembug.cycles.selectors import today
from rembug.errors import DomainError, NotAllowed, StageClosed
from rembug.forums.decisions import item_decide, items_merge, meeting_finalize
from rembug.forums.duplicates import Candidate, distance_metres, likely_duplicates
from rembug.forums.models import MeetingKind
from rembug.forums.selectors import duplicate_suggestions
from rembug.forums.services import attendee_add, delegate_set, meeting_open, meeting_update
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db
KEL = "35.73.05.1011"
KEC = "35.73.05"


@pytest.fixture
def all_open(cycle):
    """Every stage open today (test setup only: real windows follow one another)."""
    day = today()
    Stage.objects.filter(cycle=cycle).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )
    return cycle


@pytest.fixture
def agreed(person, region, all_open, malang):
    """Three proposals agreed in two RTs' Rembug; two of them ask for the same drain."""
    drain = dictionary_item(malang, name="Saluran drainase", unit="m", unit_price=1_500_000, category="drainase")
    lamp = dictionary_item(
        malang,
        name="Lampu jalan",
        unit="unit",
        unit_price=4_000_000,
        category="lainnya",
        authority="kelurahan",
        agency="Dishub",
    )
    made = []
    for rt, title, item, point in [
        ("001", "Saluran Jl. Kenanga", drain, (-7.9385, 112.6135)),
        ("002", "Saluran jalan Kenanga", drain, (-7.9386, 112.6137)),
        ("002", "Lampu gang Mawar", lamp, None),
    ]:
        code = f"{KEL}.03.{rt}"
        chair = person("ketua_rt", code)
        proposal = proposal_create(
            actor=chair,
            cycle=all_open,
            proposer=region(code),
            title=title,
            problem="x",
            idea="y",
            item=item,
            volume=10 if item == drain else 2,
            address="Jl. Kenanga",
            latitude=point[0] if point else None,
            longitude=point[1] if point else None,
            beneficiaries=40,
        )
        made.append(walk(proposal, Status.AGREED))
    return made


def held(actor, meeting):
    meeting = meeting_update(
        actor=actor,
        meeting=meeting,
        version=meeting.version,
        held_on=today(),
        place="Kantor Kelurahan",
        chair_name="Lurah Agus",
    )
    people = [
        ("Lurah Agus", "L", "dewasa", ["tokoh_masyarakat"]),
        ("Ibu PKK", "P", "dewasa", []),
        ("Karang Taruna", "P", "pemuda", []),
        ("Sesepuh", "L", "lansia", ["difabel", "kelompok_rentan"]),
    ]
    first = None
    for name, gender, age, groups in people:
        attendee = attendee_add(actor=actor, meeting=meeting, name=name, gender=gender, age_group=age, groups=groups)
        first = first or attendee
    delegate_set(actor=actor, meeting=meeting, attendee_ids=[first.pk])
    meeting.refresh_from_db()
    return meeting


def test_likely_duplicates_are_the_same_item_nearby_or_alike():
    a = Candidate(1, 7, "Saluran Jl. Kenanga", "RT 1", -7.9385, 112.6135)
    b = Candidate(2, 7, "Perbaikan got", "RT 2", -7.9386, 112.6137)  # ~25 m away
    c = Candidate(3, 7, "Saluran Jl. Kenanga", "RT 3")  # same words, no point
    d = Candidate(4, 8, "Saluran Jl. Kenanga", "RT 1", -7.9385, 112.6135)  # another item
    pairs = {(p.first, p.second, p.why) for p in likely_duplicates([a, b, c, d])}
    assert pairs == {(1, 2, "dekat"), (1, 3, "mirip")}
    assert 20 < distance_metres((-7.9385, 112.6135), (-7.9386, 112.6137)) < 30


def test_the_kelurahan_forum_receives_the_agreed_lists_and_merges_duplicates_keeping_both_proposers(
    person, region, agreed, all_open
):
    operator = person("operator_kelurahan", KEL)
    meeting = meeting_open(actor=operator, cycle=all_open, holder=region(KEL))
    assert meeting.kind == MeetingKind.MUSRENBANG_KELURAHAN
    assert {i.proposal_id for i in meeting.items.all()} == {p.pk for p in agreed}
    pairs = duplicate_suggestions(meeting)
    assert [(p.first, p.second) for p in pairs] == [(agreed[0].pk, agreed[1].pk)]
    merged = items_merge(
        actor=operator,
        meeting=meeting,
        keep_id=agreed[0].pk,
        merge_ids=[agreed[1].pk],
        version=meeting.version,
        volume="15",
    )
    assert merged.status == Status.AGREED and merged.estimated_cost == 15 * 1_500_000
    assert set(merged.merged_from.values_list("pk", flat=True)) == {agreed[0].pk, agreed[1].pk}
    assert {p.proposer_region.code for p in merged.merged_from.all()} == {f"{KEL}.03.001", f"{KEL}.03.002"}
    assert Proposal.objects.get(pk=agreed[1].pk).status == Status.MERGED
    assert agreed[1].events.filter(to_status=Status.MERGED, reason__contains=merged.number).exists()
    assert merged.beneficiaries == 80


def test_decisions_move_each_proposal_when_the_kelurahan_forum_is_finalized(person, region, agreed, all_open):
    operator = person("operator_kelurahan", KEL)
    meeting = held(operator, meeting_open(actor=operator, cycle=all_open, holder=region(KEL)))
    drain_a, drain_b, lamp = agreed
    with pytest.raises(DomainError, match="kewenangan kota"):
        item_decide(
            actor=operator, meeting=meeting, proposal_id=drain_a.pk, decision="fund_here", version=meeting.version
        )
    with pytest.raises(DomainError, match="alasan"):
        item_decide(
            actor=operator,
            meeting=meeting,
            proposal_id=drain_b.pk,
            decision="not_accommodated",
            version=meeting.version,
        )
    item_decide(actor=operator, meeting=meeting, proposal_id=drain_a.pk, decision="forward", version=meeting.version)
    meeting.refresh_from_db()
    with pytest.raises(DomainError, match="Putuskan usulan"):
        meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)
    item_decide(
        actor=operator,
        meeting=meeting,
        proposal_id=drain_b.pk,
        decision="not_accommodated",
        reason="duplikasi",
        reason_text="Sama dengan usulan RT 001",
        version=meeting.version,
    )
    meeting.refresh_from_db()
    item_decide(actor=operator, meeting=meeting, proposal_id=lamp.pk, decision="fund_here", version=meeting.version)
    meeting.refresh_from_db()
    meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)
    status = dict(Proposal.objects.filter(pk__in=[p.pk for p in agreed]).values_list("pk", "status"))
    assert status == {
        drain_a.pk: Status.FORWARDED_KECAMATAN,
        drain_b.pk: Status.NOT_ACCOMMODATED,
        lamp.pk: Status.FUNDED_KELURAHAN,
    }
    assert drain_b.events.filter(reason__contains="Sama dengan usulan lain: Sama dengan usulan RT 001").exists()


def test_the_kecamatan_forum_forwards_to_the_agencies(person, region, agreed, all_open):
    operator = person("operator_kelurahan", KEL)
    kel = held(operator, meeting_open(actor=operator, cycle=all_open, holder=region(KEL)))
    for proposal in agreed:
        item_decide(actor=operator, meeting=kel, proposal_id=proposal.pk, decision="forward", version=kel.version)
        kel.refresh_from_db()
    meeting_finalize(actor=operator, meeting=kel, version=kel.version)
    camat = person("camat", KEC)
    kec = held(camat, meeting_open(actor=camat, cycle=all_open, holder=region(KEC)))
    assert kec.kind == MeetingKind.MUSRENBANG_KECAMATAN and kec.items.count() == 3
    for proposal in agreed:
        item_decide(actor=camat, meeting=kec, proposal_id=proposal.pk, decision="forward", version=kec.version)
        kec.refresh_from_db()
    meeting_finalize(actor=camat, meeting=kec, version=kec.version)
    assert set(Proposal.objects.filter(pk__in=[p.pk for p in agreed]).values_list("status", flat=True)) == {
        Status.FORWARDED_OPD
    }


@pytest.mark.parametrize(
    ("role", "code", "holder"),
    [
        ("ketua_rt", f"{KEL}.03.001", KEL),
        ("operator_kelurahan", "35.73.05.1004", KEL),
        ("operator_kelurahan", KEL, KEC),
        ("camat", "35.73.01", KEC),
    ],
)
def test_each_forum_is_held_only_by_its_own_staff(person, region, all_open, role, code, holder):
    with pytest.raises(NotAllowed):
        meeting_open(actor=person(role, code), cycle=all_open, holder=region(holder))


def test_a_closed_musrenbang_kelurahan_stage_refuses_with_a_clear_message(person, region, cycle):
    with pytest.raises(StageClosed, match="Musrenbang Kelurahan"):
        meeting_open(actor=person("operator_kelurahan", KEL), cycle=cycle, holder=region(KEL))


def test_a_thematic_forum_tags_its_proposals_which_then_reach_the_kelurahan_forum(person, region, all_open, malang):
    operator = person("operator_kelurahan", KEL)
    tematik = meeting_open(actor=operator, cycle=all_open, holder=region(KEL), theme="perempuan")
    assert tematik.kind == MeetingKind.TEMATIK
    proposal = proposal_create(
        actor=operator,
        cycle=all_open,
        proposer=region(KEL),
        theme="perempuan",
        title="Pelatihan UMKM ibu-ibu",
        problem="x",
        idea="y",
        item=dictionary_item(malang, category="umkm", field="ekonomi"),
        volume=1,
        address="Balai kelurahan",
    )
    from rembug.forums.services import meeting_sync_items
    from rembug.proposals.services import funding_set

    funding_set(
        actor=operator, proposal=proposal, shares={"apbd_kota": proposal.estimated_cost}, version=proposal.version
    )
    meeting_sync_items(actor=operator, meeting=tematik)
    tematik = held(operator, tematik)
    meeting_finalize(actor=operator, meeting=tematik, version=tematik.version, accept_inclusion_gaps=True)
    proposal.refresh_from_db()
    assert proposal.status == Status.AGREED and proposal.theme == "perempuan"
    kel = meeting_open(actor=operator, cycle=all_open, holder=region(KEL))
    assert kel.items.filter(proposal=proposal).exists()


def test_the_kelurahan_berita_acara_has_its_annexes_and_the_sipd_export(person, region, agreed, all_open):
    import io

    from openpyxl import load_workbook
    from pypdf import PdfReader

    operator = person("operator_kelurahan", KEL)
    meeting = held(operator, meeting_open(actor=operator, cycle=all_open, holder=region(KEL)))
    drain_a, drain_b, lamp = agreed
    for proposal, decision, reason in [
        (drain_a, "forward", ""),
        (drain_b, "not_accommodated", "duplikasi"),
        (lamp, "fund_here", ""),
    ]:
        item_decide(
            actor=operator,
            meeting=meeting,
            proposal_id=proposal.pk,
            decision=decision,
            reason=reason,
            reason_text="Sama dengan usulan RT 001" if reason else "",
            version=meeting.version,
        )
        meeting.refresh_from_db()
    meeting = meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(meeting.minutes_pdf.read())).pages)
    text = " ".join(text.split())
    assert "BERITA ACARA MUSRENBANG KELURAHAN" in text
    assert "Dinas Pekerjaan Umum" in text and "Dinas Perhubungan" in text  # grouped by agency
    assert "Rekapitulasi menurut sumber dana" in text
    assert "Sama dengan usulan lain: Sama dengan usulan RT 001" in text  # not accommodated, with its reason
    assert "Lampiran IV. Delegasi" in text and "Lurah Agus" in text
    sheet = load_workbook(io.BytesIO(meeting.list_xlsx.read())).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows[0]) == 26 and rows[0][:4] == ("No", "ID Usulan", "Tanggal Usul", "Pengusul")
    status = {r[1]: r[14] for r in rows[1:]}  # every proposal of the forum, each with its SIPD status
    assert status == {drain_a.number: "Diakomodir", drain_b.number: "Tidak Diakomodir", lamp.number: "Diakomodir"}


def test_the_operator_runs_the_musrenbang_kelurahan_from_its_pages(
    client, person, region, agreed, all_open, django_assert_max_num_queries
):
    operator = person("operator_kelurahan", KEL)
    client.force_login(operator)
    assert "Musrenbang Kelurahan dan Tematik" in client.get("/dasbor/").text
    opened = client.post(f"/rembug/forum/{KEL}/", follow=True)
    assert "Gabungkan usulan yang sama" in opened.text and "berjarak" in opened.text
    assert "Lokasi perlu dicek" in opened.text and "belum ada titik peta" in opened.text  # the lamp has no point
    meeting = opened.context["meeting"]
    client.post(
        f"/rembug/{meeting.pk}/gabung/", {"version": meeting.version, "proposals": [agreed[0].pk, agreed[1].pk]}
    )
    meeting.refresh_from_db()
    assert meeting.items.count() == 2
    lamp = agreed[2]
    client.post(
        f"/rembug/{meeting.pk}/keputusan/", {"version": meeting.version, "proposal": lamp.pk, "decision": "fund_here"}
    )
    assert meeting.items.get(proposal=lamp).decision == "fund_here"
    with django_assert_max_num_queries(25):
        assert client.get(f"/rembug/{meeting.pk}/").status_code == 200


def test_an_rt_chair_cannot_open_the_kelurahan_forum_page(client, person, all_open):
    client.force_login(person("ketua_rt", f"{KEL}.03.001"))
    assert client.get(f"/rembug/forum/{KEL}/").status_code == 404


def test_each_forum_decision_is_kept_as_that_levels_recommendation(person, region, agreed, all_open):
    from rembug.verification.models import Recommendation

    operator = person("operator_kelurahan", KEL)
    meeting = held(operator, meeting_open(actor=operator, cycle=all_open, holder=region(KEL)))
    for proposal, decision, reason in [
        (agreed[0], "forward", ""),
        (agreed[1], "not_accommodated", "duplikasi"),
        (agreed[2], "fund_here", ""),
    ]:
        item_decide(
            actor=operator,
            meeting=meeting,
            proposal_id=proposal.pk,
            decision=decision,
            reason=reason,
            version=meeting.version,
        )
        meeting.refresh_from_db()
    meeting_finalize(actor=operator, meeting=meeting, version=meeting.version)
    kept = dict(Recommendation.objects.filter(level="kelurahan").values_list("proposal_id", "decision"))
    assert kept == {agreed[0].pk: "forward", agreed[1].pk: "not_accommodated", agreed[2].pk: "fund_here"}
