"""Votes in the forum: ballots from the meeting's own attendees, tallies for everyone and per stakeholder group."""

import io

import pytest
from pypdf import PdfReader

from rembug.errors import DomainError, Frozen
from rembug.forums.decisions import meeting_finalize
from rembug.forums.services import attendee_add, meeting_open
from rembug.scoring.selectors import latest_closed_vote, meeting_ranking_summary, vote_tally
from rembug.scoring.services import ballot_cast, forum_scores_set, suggestion_compute, vote_close, vote_open

from .conftest import RT002, URGENCY

pytestmark = pytest.mark.django_db
WOMEN = ("Siti Aminah", "Rina", "Ani")
MEN = ("Pak Darmo", "Budi", "Joko", "Slamet")


def test_women_and_men_rank_differently_and_the_tally_shows_it(chair, meeting, proposals, attendees):
    melati, kenanga, mawar = proposals
    vote = vote_open(actor=chair, meeting=meeting, kind="borda")
    for name in WOMEN:
        ballot_cast(actor=chair, vote=vote, attendee=attendees[name], ranking=[melati.pk, kenanga.pk, mawar.pk])
    for name in MEN:
        ballot_cast(actor=chair, vote=vote, attendee=attendees[name], ranking=[kenanga.pk, melati.pk])
    tally = vote_tally(vote)
    # Borda over 3 proposals: first 2 points, second 1. Women: Melati 3x2, Kenanga 3x1; men: Kenanga 4x2, Melati 4x1.
    assert tally.points == {melati.pk: 10, kenanga.pk: 11, mawar.pk: 0}
    assert tally.order == [kenanga.pk, melati.pk, mawar.pk] and tally.ballot_count == 7
    groups = tally.groups
    assert groups["semua"].top == kenanga.pk
    assert groups["perempuan"].top == melati.pk and groups["perempuan"].ballot_count == 3
    assert groups["pemuda"].top == melati.pk  # Rina
    assert groups["lansia"].top == kenanga.pk  # Pak Darmo
    assert (groups["kelompok_rentan"].ballot_count, groups["kelompok_rentan"].top) == (0, None)


def test_the_tally_reads_best_first_and_shows_only_the_groups_that_voted(chair, meeting, proposals, attendees):
    melati, kenanga, mawar = proposals
    vote = vote_open(actor=chair, meeting=meeting, kind="approval")
    ballot_cast(actor=chair, vote=vote, attendee=attendees["Rina"], approved=[mawar.pk, melati.pk])
    ballot_cast(actor=chair, vote=vote, attendee=attendees["Budi"], approved=[mawar.pk])
    tally = vote_tally(vote)
    assert not tally.is_borda
    assert tally.results() == [(mawar.pk, 2), (melati.pk, 1), (kenanga.pk, 0)]
    assert (tally.top, tally.top_tied) == (mawar.pk, False)
    assert tally.voted_groups()[0] is tally.overall  # everyone first, then only groups with a ballot
    assert all(g.ballot_count for g in tally.voted_groups())
    assert [g.group for g in tally.required_groups()] == [g for g in tally.groups if g != "semua"]


def test_the_vote_that_stands_is_the_one_closed_last(chair, meeting, proposals, attendees):
    """One rule for the meeting page, the public page and the Berita Acara (they had one each)."""
    first = vote_open(actor=chair, meeting=meeting, kind="borda")
    ballot_cast(actor=chair, vote=first, attendee=attendees["Ani"], ranking=[proposals[0].pk])
    vote_close(actor=chair, vote=first)
    second = vote_open(actor=chair, meeting=meeting, kind="approval")
    ballot_cast(actor=chair, vote=second, attendee=attendees["Ani"], approved=[proposals[2].pk])
    ballot_cast(actor=chair, vote=second, attendee=attendees["Budi"], approved=[proposals[2].pk])
    vote_close(actor=chair, vote=second)
    assert latest_closed_vote(meeting) == second
    assert meeting_ranking_summary(meeting).vote == second
    vote_open(actor=chair, meeting=meeting, kind="borda")  # an open vote does not stand
    assert latest_closed_vote(meeting) == second


def test_a_second_entry_replaces_the_attendees_ballot(chair, meeting, proposals, attendees):
    vote = vote_open(actor=chair, meeting=meeting, kind="approval")
    ballot_cast(actor=chair, vote=vote, attendee=attendees["Rina"], approved=[proposals[0].pk, proposals[1].pk])
    ballot_cast(actor=chair, vote=vote, attendee=attendees["Rina"], approved=[proposals[2].pk])
    ballot_cast(actor=chair, vote=vote, attendee=attendees["Budi"], approved=[proposals[2].pk, proposals[1].pk])
    tally = vote_tally(vote)
    assert vote.ballots.count() == 2
    assert tally.points == {proposals[0].pk: 0, proposals[1].pk: 1, proposals[2].pk: 2}
    assert tally.groups["pemuda"].top == proposals[2].pk


def test_ballots_come_only_from_attendees_of_the_meeting(person, cycle, region, chair, meeting, proposals):
    other_chair = person("ketua_rt", RT002)
    other = meeting_open(actor=other_chair, cycle=cycle, holder=region(RT002))
    stranger = attendee_add(actor=other_chair, meeting=other, name="Tamu", gender="L", age_group="dewasa")
    vote = vote_open(actor=chair, meeting=meeting, kind="borda")
    with pytest.raises(DomainError, match="Hanya peserta Rembug ini"):
        ballot_cast(actor=chair, vote=vote, attendee=stranger, ranking=[proposals[0].pk])
    attendee = meeting.attendees.first()
    with pytest.raises(DomainError, match="tidak termasuk"):
        ballot_cast(actor=chair, vote=vote, attendee=attendee, ranking=[999_999])
    with pytest.raises(DomainError, match="dua kali"):
        ballot_cast(actor=chair, vote=vote, attendee=attendee, ranking=[proposals[0].pk, proposals[0].pk])
    with pytest.raises(DomainError, match="Borda"):
        ballot_cast(actor=chair, vote=vote, attendee=attendee, approved=[proposals[0].pk])
    assert not vote.ballots.exists()


def test_a_closed_vote_takes_no_ballots_and_only_one_vote_is_open(chair, meeting, proposals, attendees):
    vote = vote_open(actor=chair, meeting=meeting, kind="borda")
    with pytest.raises(DomainError, match="Masih ada pemungutan suara"):
        vote_open(actor=chair, meeting=meeting, kind="approval")
    with pytest.raises(DomainError, match="Belum ada suara"):
        vote_close(actor=chair, vote=vote)
    ballot_cast(actor=chair, vote=vote, attendee=attendees["Ani"], ranking=[proposals[1].pk])
    vote_close(actor=chair, vote=vote)
    with pytest.raises(DomainError, match="sudah ditutup"):
        ballot_cast(actor=chair, vote=vote, attendee=attendees["Budi"], ranking=[proposals[1].pk])
    assert vote_open(actor=chair, meeting=meeting, kind="approval").status == "open"


def test_a_finalized_meeting_refuses_ballots(chair, meeting, proposals, attendees):
    vote = vote_open(actor=chair, meeting=meeting, kind="borda")
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    with pytest.raises(Frozen):
        ballot_cast(actor=chair, vote=vote, attendee=attendees["Ani"], ranking=[proposals[0].pk])
    with pytest.raises(Frozen):
        vote_open(actor=chair, meeting=meeting, kind="approval")


def test_the_berita_acara_states_how_the_order_was_agreed(chair, meeting, proposals, attendees, criteria, client):
    melati, kenanga, mawar = proposals
    urgency = criteria.criteria.get(key="urgensi")
    forum_scores_set(
        actor=chair,
        meeting=meeting,
        scores={melati.pk: {urgency.pk: 5}, kenanga.pk: {urgency.pk: 4}, mawar.pk: {urgency.pk: 2}},
    )
    suggestion_compute(actor=chair, meeting=meeting)
    vote = vote_open(actor=chair, meeting=meeting, kind="borda")
    for name in WOMEN:
        ballot_cast(actor=chair, vote=vote, attendee=attendees[name], ranking=[melati.pk, kenanga.pk])
    for name in MEN:
        ballot_cast(actor=chair, vote=vote, attendee=attendees[name], ranking=[kenanga.pk, melati.pk])
    vote_close(actor=chair, vote=vote)
    summary = meeting_ranking_summary(meeting)
    assert summary.suggestion.method == "saw" and summary.tally.top == kenanga.pk
    meeting = meeting_finalize(actor=chair, meeting=meeting, version=meeting.version)
    pages = PdfReader(io.BytesIO(meeting.minutes_pdf.read())).pages
    text = " ".join(" ".join(page.extract_text() for page in pages).split())
    assert "Cara menyepakati urutan" in text and "Musyawarah mufakat" in text
    assert "Saran urutan SAW (kriteria: " + URGENCY + " 40%" in text
    assert "1. Paving gang Melati (0,720)" in text
    assert "Hasil pemungutan suara (Borda), 7 suara: Saluran Jl. Kenanga 11 poin; Paving gang Melati 10 poin" in text
    assert "Perempuan: Paving gang Melati" in text and "Lansia: Saluran Jl. Kenanga" in text
    public = " ".join(client.get(f"/portal/forum/{meeting.pk}/").content.decode().split())
    assert "Pemungutan suara: 7 suara." in public and "Saluran Jl. Kenanga: 11 poin" in public
