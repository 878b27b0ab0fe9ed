"""The process that test_faults.py kills: it prepares the proof database, runs one operation, or describes it.

Run as `python -m tests.proofs.fault_worker <command> [+ <command> ...]` with DATABASE_URL and REMBUG_VAR_DIR
pointing at the proof's own database and media directory; each command prints one JSON line on stdout (several
commands in one process save the start-up of a new one, e.g. `inspect A + run import B 7`).

- `prepare N`: migrate, load Kota Malang, a planning year with the Rembug stage open, a kelurahan operator, a
  chair for each of 2N RTs, a filled paper template for each of the first N RTs ("import" holders) and, for the
  next N RTs, a draft Rembug imported from it and ready to be finalized ("finalize" holders).
- `run <import|finalize> <holder code> <kill at>`: the operation on that holder; with kill at k > 0, the process
  SIGKILLs itself just before its k-th SQL statement; with -1, just after the operation's transaction commits;
  with 0, never. Prints how many statements the operation ran, and after how many of them it committed.
- `complete <import|finalize> <holder code>...`: the operation on each holder, never killed (after crashes).
- `inspect <holder code>...`: the row count of every table, and each holder's records written as plain values (no
  ids, numbers or timestamps, so two holders that went through the same steps look the same).
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rembug.settings")
django.setup()

from django.apps import apps  # noqa: E402
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from rembug.accounts.models import User  # noqa: E402
from rembug.accounts.services import role_assign, user_create  # noqa: E402
from rembug.agencies.services import agencies_load  # noqa: E402
from rembug.cycles.models import PlanningCycle  # noqa: E402
from rembug.cycles.selectors import today  # noqa: E402
from rembug.cycles.services import cycle_create  # noqa: E402
from rembug.demo.services import demo_schedule  # noqa: E402
from rembug.forums.decisions import meeting_finalize  # noqa: E402
from rembug.forums.models import Meeting, MeetingStatus  # noqa: E402
from rembug.forums.paper.importer import paper_import  # noqa: E402
from rembug.forums.paper.template import paper_template_xlsx  # noqa: E402
from rembug.notifications.models import Notification  # noqa: E402
from rembug.proposals.models import Proposal  # noqa: E402
from rembug.regions.models import Region  # noqa: E402
from rembug.regions.services import regions_load_malang  # noqa: E402
from tests.factories import dictionary_item  # noqa: E402
from tests.forums.test_paper import fill, valid_rows  # noqa: E402

KELURAHAN = "35.73.05.1011"  # Lowokwaru: 104 RTs, one holder per kill point
OPERATOR = "proof-operator"


def _holder_codes(count: int) -> list[str]:
    return list(
        Region.objects.filter(code__startswith=f"{KELURAHAN}.", level="rt")
        .order_by("code")
        .values_list("code", flat=True)[:count]
    )


def _template_path(code: str) -> Path:
    return Path(settings.MEDIA_ROOT).parent / f"paper-{code}.xlsx"


def prepare(per_operation: int) -> dict:
    call_command("migrate", verbosity=0)
    regions_load_malang()
    malang = Region.objects.get(code="35.73")
    agencies_load(city=malang)
    day = today()
    cycle = cycle_create(city=malang, year=day.year + 1, schedule=demo_schedule(day.year + 1, day))
    operator = user_create(
        username=OPERATOR, password=None, full_name="Operator Lowokwaru", email="operator@example.org"
    )
    role_assign(actor=None, user=operator, role="operator_kelurahan", region=Region.objects.get(code=KELURAHAN))
    items = (
        dictionary_item(malang),
        dictionary_item(malang, name="Saluran drainase", unit="m", unit_price=1_500_000, category="drainase"),
    )
    proposals, people = valid_rows(items)
    codes = _holder_codes(2 * per_operation)
    for code in codes:
        # A chair with an e-mail address, so finalizing also writes notifications and e-mails after commit.
        chair = user_create(
            username=f"chair-{code}", password=None, full_name=f"Ketua RT {code}", email=f"rt-{code}@example.org"
        )
        holder = Region.objects.get(code=code)
        role_assign(actor=None, user=chair, role="ketua_rt", region=holder)
        filled = fill(
            paper_template_xlsx(cycle=cycle, holder=holder), proposals=proposals, people=people, counts={"Difabel": 2}
        )
        _template_path(code).write_bytes(filled)
    finalize_holders = codes[per_operation:]
    for code in finalize_holders:
        paper_import(
            actor=operator, cycle=cycle, holder=Region.objects.get(code=code), file=_template_path(code).read_bytes()
        )
    return {"import": codes[:per_operation], "finalize": finalize_holders}


def _operate(operation: str, code: str) -> None:
    operator = User.objects.get(username=OPERATOR)
    holder = Region.objects.get(code=code)
    cycle = PlanningCycle.objects.get(city__code="35.73")
    if operation == "import":
        paper_import(actor=operator, cycle=cycle, holder=holder, file=_template_path(code).read_bytes())
    else:
        meeting = Meeting.objects.get(cycle=cycle, holder_region=holder, status=MeetingStatus.DRAFT)
        meeting_finalize(actor=operator, meeting=meeting, version=meeting.version, accept_inclusion_gaps=True)


AFTER_COMMIT = -1


def _die() -> None:
    os.kill(os.getpid(), signal.SIGKILL)


def run(operation: str, code: str, kill_at: int) -> dict:
    executed = 0
    committed_after: list[int] = []

    def on_commit() -> None:
        committed_after.append(executed)
        if kill_at == AFTER_COMMIT:
            _die()

    def count_and_kill(execute, sql, params, many, context):
        nonlocal executed
        executed += 1
        if executed == kill_at:
            _die()
        if connection.in_atomic_block and not connection.run_on_commit:
            # The first statement inside the operation's transaction: be told when it commits (callbacks run in
            # order, so this one runs before any the operation registers, such as the e-mails).
            transaction.on_commit(on_commit)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count_and_kill):
        _operate(operation, code)
    return {"statements": executed, "committed_after": committed_after}


def complete(operation: str, codes: list[str]) -> dict:
    for code in codes:
        _operate(operation, code)
    return {"completed": codes}


def _file_state(field) -> str:
    """Empty without a file; else whether the stored file is there (and, for the PDF, matches its checksum)."""
    if not field:
        return ""
    path = Path(settings.MEDIA_ROOT) / field.name
    if not path.is_file() or path.stat().st_size == 0:
        return "missing"
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _holder_state(code: str) -> dict:
    meetings = []
    for m in Meeting.objects.filter(holder_region__code=code).order_by("revision"):
        pdf = _file_state(m.minutes_pdf)
        meetings.append(
            {
                "kind": m.kind,
                "status": m.status,
                "revision": m.revision,
                "version": m.version,
                "held_on": str(m.held_on),
                "place": m.place,
                "chair_name": m.chair_name,
                "agenda": m.agenda,
                "order_method": m.order_method,
                "finalized": m.finalized_at is not None,
                "finalized_by": m.finalized_by.username if m.finalized_by else "",
                "minutes_pdf": "" if not pdf else ("matches" if pdf == m.minutes_sha256 else pdf),
                "list_xlsx": {"": "", "missing": "missing"}.get(_file_state(m.list_xlsx), "stored"),
                "attendees": sorted([a.name, a.gender, a.age_group, a.groups, a.position] for a in m.attendees.all()),
                "counts": sorted([c.group, c.count] for c in m.counts.all()),
                "items": sorted([i.proposal.title, i.rank, i.within_quota] for i in m.items.select_related("proposal")),
                "delegates": sorted([d.attendee.name, d.mandate] for d in m.delegates.select_related("attendee")),
            }
        )
    proposals = []
    for p in Proposal.objects.filter(proposer_region__code=code).order_by("title"):
        proposals.append(
            {
                "title": p.title,
                "status": p.status,
                "version": p.version,
                "volume": str(p.volume),
                "estimated_cost": p.estimated_cost,
                "community_contribution": p.community_contribution,
                "funding": sorted([s.source, s.amount] for s in p.funding.all()),
                "events": sorted([e.kind, e.from_status, e.to_status, e.reason] for e in p.events.all()),
                "notifications": sorted(
                    [n.recipient.username, bool(n.body)]
                    for n in Notification.objects.filter(proposal=p).select_related("recipient")
                ),
            }
        )
    return {"meetings": meetings, "proposals": proposals}


def inspect(codes: list[str]) -> dict:
    tables = {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy
    }
    media = Path(settings.MEDIA_ROOT)
    files = sorted(str(p.relative_to(media)) for p in media.rglob("*") if p.is_file()) if media.exists() else []
    referenced = {name for pair in Meeting.objects.values_list("minutes_pdf", "list_xlsx") for name in pair if name}
    # The holder's own state with the user names of its chair written as "chair" (they differ only by the code).
    holders = {code: json.loads(json.dumps(_holder_state(code)).replace(f"chair-{code}", "chair")) for code in codes}
    return {"tables": tables, "holders": holders, "orphan_files": [f for f in files if f not in referenced]}


def main(argv: list[str]) -> None:
    """Commands separated by "+" run one after the other in this process, each printing its line."""
    commands: list[list[str]] = [[]]
    for word in argv:
        if word == "+":
            commands.append([])
        else:
            commands[-1].append(word)
    for command, *args in commands:
        if command == "prepare":
            answer = prepare(int(args[0]))
        elif command == "run":
            answer = run(args[0], args[1], int(args[2]))
        elif command == "complete":
            answer = complete(args[0], args[1:])
        elif command == "inspect":
            answer = inspect(args)
        else:
            raise SystemExit(f"unknown command {command}")
        sys.stdout.write(json.dumps(answer) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main(sys.argv[1:])
