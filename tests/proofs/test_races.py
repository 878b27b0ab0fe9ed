"""Proof of trust, races (PostgreSQL): conflicting edits lose no update, and a double submit makes one record.

Two people (the RT chair and the kelurahan operator) send their edits of the same record at the same moment,
each from the version they both read, 1,000 times for proposals and again for a meeting's draft and a funding
plan. Exactly one of each pair wins (200), the other is told the record changed (409 stale_version); the record
holds the winner's write and the history one entry per write that won. A client sending the same form several
times at once (same client_token) gets one record, and every sender the same answer. Nobody ever gets a 500.

Each racer is a thread with its own database connection, sending requests through the REST API; a barrier
releases the racers of a round together. The database is real and committed (transactional test), so these run
on PostgreSQL only: SQLite takes its write lock at BEGIN (transaction_mode IMMEDIATE), so writers never overlap.
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from typing import Any

import pytest
from django.db import connection, connections
from rest_framework.test import APIClient

from rembug.agencies.services import agencies_load
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.forums.models import Attendee, Meeting
from rembug.forums.services import meeting_open
from rembug.proposals.models import FundingShare, Proposal, ProposalEvent
from rembug.proposals.services import funding_set, proposal_create
from rembug.regions.models import Region
from rembug.regions.services import regions_load_malang
from tests.factories import dictionary_item

pytestmark = [
    pytest.mark.long,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="races need PostgreSQL (SQLite serializes writers)"),
]
KELURAHAN = "35.73.05.1011"
RT001 = "35.73.05.1011.03.001"
PAIRS = 1000


class Racers:
    """Threads that start each round together (a barrier) and keep their database connection between rounds."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.pool = ThreadPoolExecutor(max_workers=size)
        self.barrier = threading.Barrier(size)

    def _start_together(self, action: Callable[[], Any]) -> Any:
        self.barrier.wait(timeout=60)
        return action()

    def race(self, *actions: Callable[[], Any]) -> list[Any]:
        """Every action in its own thread, released at once; their results (an exception is raised here)."""
        assert len(actions) == self.size
        futures = [self.pool.submit(self._start_together, action) for action in actions]
        return [future.result(timeout=120) for future in futures]

    def close(self) -> None:
        # Each thread closes its own connection (one task per thread: they all wait at the barrier).
        self.race(*[connections.close_all] * self.size)
        self.pool.shutdown()


@pytest.fixture
def racers():
    made: list[Racers] = []

    def make(size: int) -> Racers:
        made.append(Racers(size))
        return made[-1]

    yield make
    for each in made:
        each.close()


@pytest.fixture
def city(transactional_db) -> Region:
    """Kota Malang with its agencies: loaded here, as a transactional test may run after the tables were emptied."""
    regions_load_malang()
    malang = Region.objects.get(code="35.73")
    agencies_load(city=malang)
    return malang


@pytest.fixture
def year(city):
    day = today()
    return cycle_create(city=city, year=day.year + 1, schedule=demo_schedule(day.year + 1, day))


@pytest.fixture
def people(city, person):
    return person("ketua_rt", RT001), person("operator_kelurahan", KELURAHAN)


def _client(user) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _send(client: APIClient, method: str, url: str, payload: dict) -> tuple[int, dict]:
    response = getattr(client, method)(url, payload, format="json")
    return response.status_code, response.json()


def _draft(chair, year, items, title: str, volume: int = 10) -> Proposal:
    return proposal_create(
        actor=chair,
        cycle=year,
        proposer=Region.objects.get(code=RT001),
        title=title,
        problem="Rusak",
        idea="Perbaiki",
        item=items[0],
        volume=volume,
        address="RT 001",
    )


def _one_winner(results: list[tuple[int, dict]], where: str) -> int:
    """Index of the winner of a pair: one 200, the other a 409 stale_version."""
    statuses = sorted(status for status, _body in results)
    assert statuses == [200, 409], f"{where}: {results}"
    winner = next(i for i, (status, _body) in enumerate(results) if status == 200)
    assert results[1 - winner][1]["code"] == "stale_version", f"{where}: {results}"
    return winner


def test_1000_pairs_of_conflicting_proposal_edits_lose_no_update(year, people, racers, city):
    chair, operator = people
    items = [dictionary_item(city)]
    # Spread over a few proposals, so each answer (which carries the history) stays small.
    proposals = [_draft(chair, year, items, f"Usulan {n}") for n in range(10)]
    clients = [_client(chair), _client(operator)]
    pair = racers(2)
    winners: dict[int, list[str]] = {p.pk: [] for p in proposals}

    for n in range(PAIRS):
        proposal = proposals[n % len(proposals)]
        version = Proposal.objects.values_list("version", flat=True).get(pk=proposal.pk)
        titles = [f"Judul {n} oleh {who}" for who in ("ketua", "operator")]
        results = pair.race(
            *[
                partial(
                    _send, client, "patch", f"/api/v1/proposals/{proposal.number}", {"version": version, "title": title}
                )
                for client, title in zip(clients, titles, strict=True)
            ]
        )
        winner = _one_winner(results, f"pair {n}")
        assert results[winner][1]["title"] == titles[winner] and results[winner][1]["version"] == version + 1
        winners[proposal.pk].append(titles[winner])

    for proposal in proposals:
        fresh = Proposal.objects.get(pk=proposal.pk)
        won = winners[proposal.pk]
        assert fresh.title == won[-1] and fresh.version == proposal.version + len(won)
        edits = [
            e.data["changed"]["title"]
            for e in ProposalEvent.objects.filter(proposal=proposal, kind="edited").order_by("pk")
        ]
        # One history entry per winning write, each starting from the one before it: no update was lost.
        assert [new for _old, new in edits] == won
        assert [old for old, _new in edits] == [proposal.title, *won[:-1]]


def test_conflicting_edits_of_a_meeting_draft_and_of_a_funding_plan_lose_no_update(year, people, racers, city):
    chair, operator = people
    items = [dictionary_item(city)]
    proposal = _draft(chair, year, items, "Paving gang Melati")  # Rp 1.500.000
    meeting = meeting_open(actor=chair, cycle=year, holder=Region.objects.get(code=RT001))
    clients = [_client(chair), _client(operator)]
    pair = racers(2)

    start = Meeting.objects.get(pk=meeting.pk).version
    places = []
    for n in range(200):
        version = Meeting.objects.values_list("version", flat=True).get(pk=meeting.pk)
        choices = [f"Balai RW 03 ({n})", f"Rumah Pak RT ({n})"]
        results = pair.race(
            *[
                partial(_send, client, "patch", f"/api/v1/meetings/{meeting.pk}", {"version": version, "place": place})
                for client, place in zip(clients, choices, strict=True)
            ]
        )
        winner = _one_winner(results, f"meeting pair {n}")
        places.append(choices[winner])
        fresh = Meeting.objects.get(pk=meeting.pk)
        assert (fresh.place, fresh.version) == (choices[winner], version + 1)
    assert Meeting.objects.get(pk=meeting.pk).version == start + 200

    cost = proposal.estimated_cost
    funding_set(actor=chair, proposal=proposal, version=proposal.version, shares={"apbd_kota": cost})
    plans = []
    for n in range(200):
        version = Proposal.objects.values_list("version", flat=True).get(pk=proposal.pk)
        choices = [
            {"swadaya": 1000 + n, "apbd_kota": cost - 1000 - n},
            {"dana_kelurahan": 2000 + n, "apbd_kota": cost - 2000 - n},
        ]
        results = pair.race(
            *[
                partial(
                    _send,
                    client,
                    "put",
                    f"/api/v1/proposals/{proposal.number}/funding",
                    {"version": version, "shares": shares},
                )
                for client, shares in zip(clients, choices, strict=True)
            ]
        )
        winner = _one_winner(results, f"funding pair {n}")
        plans.append(choices[winner])
        assert dict(FundingShare.objects.filter(proposal=proposal).values_list("source", "amount")) == choices[winner]
    written = [
        e.data["funding"] for e in ProposalEvent.objects.filter(proposal=proposal, kind="funding").order_by("pk")
    ][1:]
    assert written == plans


@pytest.mark.parametrize("senders", [2, 6])
def test_a_proposal_sent_several_times_at_once_with_one_client_token_is_made_once(year, people, racers, city, senders):
    chair, _operator = people
    item = dictionary_item(city)
    clients = [_client(chair) for _ in range(senders)]
    group = racers(senders)
    for round_ in range(40):
        token = str(uuid.uuid4())
        form = {
            "cycle": year.year,
            "proposer": RT001,
            "title": f"Lampu jalan {round_}",
            "problem": "Gelap",
            "idea": "Pasang lampu",
            "item": item.code,
            "volume": "3",
            "address": "Gang 2",
            "client_token": token,
        }
        results = group.race(*[partial(_send, client, "post", "/api/v1/proposals", form) for client in clients])
        assert {status for status, _body in results} == {201}, results
        assert len({body["number"] for _status, body in results}) == 1, results
        assert Proposal.objects.filter(client_token=token).count() == 1
    numbers = sorted(Proposal.objects.filter(cycle=year).values_list("sequence", flat=True))
    assert numbers == list(range(1, 41))


def test_different_proposals_sent_at_once_in_one_kelurahan_all_get_their_own_number(year, people, racers, city):
    chair, _operator = people
    item = dictionary_item(city)
    senders = 6
    clients = [_client(chair) for _ in range(senders)]
    group = racers(senders)
    for round_ in range(20):
        results = group.race(
            *[
                partial(
                    _send,
                    client,
                    "post",
                    "/api/v1/proposals",
                    {
                        "cycle": year.year,
                        "proposer": RT001,
                        "title": f"Usulan {round_}.{n}",
                        "problem": "Rusak",
                        "idea": "Perbaiki",
                        "item": item.code,
                        "volume": "1",
                        "address": "RT 001",
                        "client_token": str(uuid.uuid4()),
                    },
                )
                for n, client in enumerate(clients)
            ]
        )
        assert {status for status, _body in results} == {201}, results
    sequences = sorted(Proposal.objects.filter(cycle=year).values_list("sequence", flat=True))
    assert sequences == list(range(1, 20 * senders + 1))  # one after the other: no number lost, none twice


@pytest.mark.parametrize("senders", [2, 6])
def test_an_attendee_sent_several_times_at_once_with_one_client_token_is_recorded_once(
    year, people, racers, city, senders
):
    chair, _operator = people
    meeting = meeting_open(actor=chair, cycle=year, holder=Region.objects.get(code=RT001))
    clients = [_client(chair) for _ in range(senders)]
    group = racers(senders)
    for round_ in range(40):
        token = str(uuid.uuid4())
        form = {"name": f"Peserta {round_}", "gender": "P", "age_group": "dewasa", "client_token": token}
        url = f"/api/v1/meetings/{meeting.pk}/attendees"
        results = group.race(*[partial(_send, client, "post", url, form) for client in clients])
        assert {status for status, _body in results} == {201}, results
        assert len({body["id"] for _status, body in results}) == 1, results
    assert Attendee.objects.filter(meeting=meeting).count() == 40
