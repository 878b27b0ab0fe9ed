"""Proof of trust, faults: the server process killed (SIGKILL) in the middle of a paper import or of finalizing a
Rembug leaves the database with all of the operation or none of it, never a part.

The operation runs in its own process (tests/proofs/fault_worker.py) against a database of its own: a SQLite file
in WAL mode, or a PostgreSQL database named after DATABASE_URL's with "_faults" added. A first clean run counts
the operation's SQL statements; then, on a fresh holder each time, the process kills itself just before one of 19
statements drawn across that count (one in each of 19 equal stretches, seeded), and once just after the commit.
A new process then reads the database (on SQLite it first recovers the WAL the killed writer left) and compares
the holder and the row count of every table with the state before and after a clean run. Files are judged as
docs/decisions/0016-atomic-operations-and-their-files.md says: a finalized meeting always has its Berita Acara;
a file written by a finalize killed before its commit may stay behind, unreferenced.

Seed: REMBUG_FAULT_SEED (the failing seed is printed in the assertion message).
"""

from __future__ import annotations

import itertools
import json
import os
import random
import signal
import subprocess
import sys
from pathlib import Path

import dj_database_url
import pytest

pytestmark = pytest.mark.long

POINTS = 20
AFTER_COMMIT = -1
ROOT = Path(__file__).resolve().parents[2]
SEED = int(os.environ.get("REMBUG_FAULT_SEED", "20261201"))


class Worker:
    """Runs tests/proofs/fault_worker.py against the proof database and reads its JSON lines, one per command."""

    def __init__(self, env: dict[str, str]) -> None:
        self.env = env

    def call(self, *commands: tuple[object, ...], killed: bool = False) -> list[dict]:
        """Commands run in one process, in order; with `killed`, the last one must end in SIGKILL."""
        argv = [str(word) for command in commands for word in ("+", *command)][1:]
        done = subprocess.run(
            [sys.executable, "-m", "tests.proofs.fault_worker", *argv],
            cwd=ROOT,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=300,
        )
        expected = -signal.SIGKILL if killed else 0
        assert done.returncode == expected, f"{argv} ended with {done.returncode}:\n{done.stderr}"
        answers = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
        assert len(answers) == len(commands) - killed, done.stdout
        return answers


@pytest.fixture(scope="module")
def proof(tmp_path_factory) -> tuple[Worker, dict[str, list[str]]]:
    """A migrated database of its own with Kota Malang, and 21 holders (RTs) ready for each operation."""
    var = tmp_path_factory.mktemp("faults")
    url = os.environ.get("DATABASE_URL", "")
    drop = None
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        config = dj_database_url.parse(url)
        name = f"{config['NAME']}_faults"
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            admin.execute(f'CREATE DATABASE "{name}"')
        proof_url = url.rsplit("/", 1)[0] + f"/{name}"

        def drop():
            with psycopg.connect(url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    else:
        proof_url = f"sqlite:///{var / 'proof.sqlite3'}"
    env = {
        **os.environ,
        "DATABASE_URL": proof_url,
        "REMBUG_VAR_DIR": str(var),
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "rembug.settings",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
    }
    worker = Worker(env)
    [holders] = worker.call(("prepare", POINTS + 1))
    yield worker, holders
    if drop:
        drop()


def _kill_points(statements: int, rng: random.Random) -> list[int]:
    """One statement drawn in each of POINTS - 1 equal stretches of the operation, then just after the commit."""
    stretches = POINTS - 1
    bounds = [1 + statements * i // stretches for i in range(stretches + 1)]
    return [rng.randrange(low, max(low + 1, high)) for low, high in itertools.pairwise(bounds)] + [AFTER_COMMIT]


def _changed(before: dict[str, int], after: dict[str, int]) -> dict[str, int]:
    return {table: after[table] - before[table] for table in after if after[table] != before[table]}


def _prove_all_or_nothing(worker: Worker, operation: str, holders: list[str]) -> None:
    clean_holder, *victims = holders
    before, clean, after = worker.call(
        ("inspect", clean_holder), ("run", operation, clean_holder, 0), ("inspect", clean_holder)
    )
    nothing, everything = before["holders"][clean_holder], after["holders"][clean_holder]
    all_rows = _changed(before["tables"], after["tables"])
    assert nothing != everything and all_rows, "the clean run changed nothing"
    commits = clean["committed_after"]  # the statement count at each commit
    assert len(commits) == 1, f"the {operation} committed {len(commits)} times: it is not one transaction"
    committed_after = commits[0]

    rng = random.Random(f"{SEED}-{operation}")
    points = _kill_points(clean["statements"], rng)
    # The state before each kill, read by the process that is then killed (it also reads the holder killed before).
    seen: list[dict] = []
    for index, (holder, point) in enumerate(zip(victims, points, strict=True)):
        [state] = worker.call(
            ("inspect", *victims[max(0, index - 1) : index + 1]), ("run", operation, holder, point), killed=True
        )
        seen.append(state)
    seen += worker.call(("inspect", victims[-1]))

    outcomes: list[str] = []
    for holder, point, (start, end) in zip(victims, points, itertools.pairwise(seen), strict=True):
        where = f"{operation} of {holder} killed at statement {point} of {clean['statements']} (seed {SEED})"
        assert start["holders"][holder] == nothing, f"{where}: the holder did not start from the same state"
        state, rows = end["holders"][holder], _changed(start["tables"], end["tables"])
        if point == AFTER_COMMIT or point > committed_after:
            assert (state, rows) == (everything, all_rows), f"{where}: not all of it after the commit"
            outcomes.append("all")
        else:
            assert (state, rows) == (nothing, {}), f"{where}: a part of it stayed"
            outcomes.append("none")
    assert outcomes.count("all") >= 1 and outcomes.count("none") >= POINTS - 2, outcomes

    # The killed and rolled-back holders are not stuck (no lock, file or half row in the way): they go through.
    undone = [holder for holder, outcome in zip(victims, outcomes, strict=True) if outcome == "none"]
    _done, final = worker.call(("complete", operation, *undone), ("inspect", *undone))
    assert all(final["holders"][holder] == everything for holder in undone)
    # Every file is either a finalized meeting's document or left by a finalize killed before its commit.
    assert len(final["orphan_files"]) <= 2 * outcomes.count("none"), final["orphan_files"]
    if operation == "import":
        assert final["orphan_files"] == []


def test_a_paper_import_killed_at_20_points_leaves_all_of_it_or_none(proof):
    worker, holders = proof
    _prove_all_or_nothing(worker, "import", holders["import"])


def test_a_finalize_killed_at_20_points_leaves_all_of_it_or_none_and_never_a_meeting_without_its_documents(proof):
    worker, holders = proof
    _prove_all_or_nothing(worker, "finalize", holders["finalize"])
