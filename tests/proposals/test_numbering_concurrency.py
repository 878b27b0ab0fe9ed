"""Two people saving proposals of one kelurahan at the same moment (PostgreSQL, two connections)."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection, connections

from rembug.agencies.services import agencies_load
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.proposals.services import proposal_create
from rembug.regions.models import Region
from rembug.regions.services import regions_load_malang
from tests.factories import dictionary_item

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="two open transactions at once need PostgreSQL"),
]
RT001 = "35.73.05.1011.03.001"


def _waiting_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0] > 0


def test_the_second_of_two_proposals_saved_at_once_gets_the_next_number_without_a_gap(person):
    regions_load_malang()  # a transactional test may run after the tables were emptied
    malang = Region.objects.get(code="35.73")
    agencies_load(city=malang)
    day = today()
    cycle = cycle_create(city=malang, year=day.year + 1, schedule=demo_schedule(day.year + 1, day))
    chair, item, proposer = person("ketua_rt", RT001), dictionary_item(malang), Region.objects.get(code=RT001)
    inserted, release = threading.Event(), threading.Event()
    saved: dict[str, str] = {}

    def write(name: str, hold: bool) -> None:
        def hold_after_insert(execute, sql, params, many, context):
            result = execute(sql, params, many, context)
            if hold and sql.startswith('INSERT INTO "proposals_proposal"'):
                inserted.set()
                release.wait(timeout=30)  # the first person's transaction is still open here
            return result

        try:
            with connection.execute_wrapper(hold_after_insert):
                saved[name] = proposal_create(
                    actor=chair,
                    cycle=cycle,
                    proposer=proposer,
                    title=name,
                    problem="Rusak",
                    idea="Perbaiki",
                    item=item,
                    volume=1,
                    address="RT 001",
                ).number
        finally:
            connections.close_all()

    first = threading.Thread(target=write, args=("first", True))
    first.start()
    assert inserted.wait(timeout=30)
    second = threading.Thread(target=write, args=("second", False))
    second.start()
    deadline = time.monotonic() + 30
    while not _waiting_on_a_lock() and time.monotonic() < deadline:  # the second waits for the first
        time.sleep(0.02)
    release.set()
    first.join(timeout=30)
    second.join(timeout=30)

    assert saved == {"first": f"{cycle.year}-35.73.05.1011-0001", "second": f"{cycle.year}-35.73.05.1011-0002"}
