"""The lifecycle table is the only gate of a proposal's status (issue 10 point 1, decision 0019): every entry is
refused without its rule or outside its stage, a move the table does not list is refused, and no other code writes
`Proposal.status`."""

from __future__ import annotations

import ast
import datetime
import inspect
from collections import deque
from pathlib import Path

import pytest

from rembug.agencies.models import Agency
from rembug.cycles.models import Stage
from rembug.cycles.phases import Action
from rembug.cycles.selectors import today
from rembug.delivery.models import Activity
from rembug.errors import DomainError, NotAllowed, StageClosed
from rembug.forums.models import Meeting, MeetingKind
from rembug.proposals.lifecycle import TRANSITIONS, Operation, Status
from rembug.proposals.models import Proposal, ProposalEvent
from rembug.proposals.services import Move, proposal_create, proposal_transition, proposals_transition
from tests.factories import dictionary_item, walk

pytestmark = pytest.mark.django_db

KEC = "35.73.05"
KEL = f"{KEC}.1011"
RT001 = f"{KEL}.03.001"
RT002 = f"{KEL}.03.002"
ROOT = Path(__file__).resolve().parents[2]

#: Every (from, to, stage action, rule) the table allows.
ENTRIES = [
    (frm, to, action, way.perm) for (frm, to), t in TRANSITIONS.items() for way in t.ways() for action in way.actions
]


def path_to(status: str) -> list[str]:
    """The shortest walk along the table from a new draft to `status`."""
    seen, queue = {Status.DRAFT: []}, deque([Status.DRAFT])
    while queue:
        here = queue.popleft()
        for frm, to in TRANSITIONS:
            if frm == here and to not in seen:
                seen[to] = [*seen[here], to]
                queue.append(to)
    return seen[status]


def cast(perm: str, *, person, region, cycle, proposal):
    """(who holds the rule, who does not, the object it is checked on) for each rule the table names."""
    pupr = Agency.objects.get(city=cycle.city, short_name="DPUPRPKP")
    rembug = Meeting(cycle=cycle, kind=MeetingKind.REMBUG_RT, holder_region=region(RT001))
    casts = {
        "forums.finalize_meeting": (("ketua_rt", RT001), ("ketua_rt", RT002), rembug),
        "proposals.change_proposal": (("ketua_rt", RT001), ("ketua_rt", RT002), proposal),
        "proposals.decide_kelurahan": (
            ("operator_kelurahan", KEL),
            ("ketua_rt", RT001),
            Meeting(cycle=cycle, kind=MeetingKind.MUSRENBANG_KELURAHAN, holder_region=region(KEL)),
        ),
        "proposals.decide_kecamatan": (
            ("operator_kecamatan", KEC),
            ("operator_kelurahan", KEL),
            Meeting(cycle=cycle, kind=MeetingKind.MUSRENBANG_KECAMATAN, holder_region=region(KEC)),
        ),
        "proposals.verify_proposal": (
            ("verifikator_opd", "35.73", "DPUPRPKP"),
            ("verifikator_opd", "35.73", "DLH"),
            proposal,
        ),
        "proposals.fit_proposal": (("bappeda", "35.73"), ("bappeda", "35.79"), cycle),
        "delivery.report_progress": (
            ("verifikator_opd", "35.73", "DPUPRPKP"),
            ("verifikator_opd", "35.73", "DLH"),
            Activity(proposal=proposal, city=cycle.city, agency=pupr),
        ),
    }
    allowed, refused, target = casts[perm]
    make = lambda role, code, agency=None: person(role, code, agency=agency)  # noqa: E731
    return make(*allowed), make(*refused), target


def set_all_stages(cycle, *, open_: bool) -> None:
    day = today()
    if open_:
        window = (day - datetime.timedelta(days=1), day + datetime.timedelta(days=1))
    else:
        window = (day - datetime.timedelta(days=10), day - datetime.timedelta(days=5))
    Stage.objects.filter(cycle=cycle).update(opens_on=window[0], closes_on=window[1])


def written_at(status: str, *, person, region, cycle):
    chair = person("ketua_rt", RT001)
    proposal = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Saluran Jl. Kenanga",
        problem="Banjir",
        idea="Saluran 20 m",
        item=dictionary_item(cycle.city),
        volume=20,
        address="Jl. Kenanga RT 001",
    )
    return walk(proposal, *path_to(status))


def test_every_rule_the_table_names_is_a_registered_rule_with_a_cast_here():
    import rules

    perms = {way.perm for t in TRANSITIONS.values() for way in t.ways()}
    assert all(rules.perm_exists(p) for p in perms)
    assert perms == {
        "forums.finalize_meeting",
        "proposals.change_proposal",
        "proposals.decide_kelurahan",
        "proposals.decide_kecamatan",
        "proposals.verify_proposal",
        "proposals.fit_proposal",
        "delivery.report_progress",
    }


def test_every_status_but_draft_is_reached_and_withdrawn_is_final():
    reached = {to for _, to in TRANSITIONS}
    assert reached == set(Status.values) - {Status.DRAFT}
    assert not [frm for frm, _ in TRANSITIONS if frm in (Status.WITHDRAWN, Status.MERGED, Status.DONE)]


@pytest.mark.parametrize(("frm", "to", "action", "perm"), ENTRIES, ids=[f"{f}-{t}-{a}" for f, t, a, _ in ENTRIES])
def test_each_transition_is_refused_without_its_rule_or_its_stage_and_made_with_both(
    frm, to, action, perm, person, region, cycle
):
    set_all_stages(cycle, open_=True)
    proposal = written_at(frm, person=person, region=region, cycle=cycle)
    allowed, refused, target = cast(perm, person=person, region=region, cycle=cycle, proposal=proposal)
    operation = Operation(action=action, perm=perm, target=target)
    events = ProposalEvent.objects.filter(proposal=proposal).count()

    with pytest.raises(NotAllowed):
        proposal_transition(actor=refused, operation=operation, proposal=proposal, to=to, reason="Tanpa wewenang")
    set_all_stages(cycle, open_=False)
    with pytest.raises(StageClosed):
        proposal_transition(actor=allowed, operation=operation, proposal=proposal, to=to, reason="Tahap ditutup")
    stored = Proposal.objects.get(pk=proposal.pk)
    assert (stored.status, ProposalEvent.objects.filter(proposal=proposal).count()) == (frm, events)

    set_all_stages(cycle, open_=True)
    proposal_transition(actor=allowed, operation=operation, proposal=proposal, to=to, reason="Sesuai tabel")
    stored = Proposal.objects.get(pk=proposal.pk)
    event = ProposalEvent.objects.filter(proposal=proposal).latest("pk")
    assert stored.status == to and stored.version == proposal.version
    assert (event.kind, event.from_status, event.to_status, event.actor) == ("transition", frm, to, allowed)


def test_a_move_the_table_does_not_list_is_refused_even_with_rule_and_stage(person, region, cycle):
    set_all_stages(cycle, open_=True)
    proposal = written_at(Status.DRAFT, person=person, region=region, cycle=cycle)
    chair = person("ketua_rt", RT001)
    # The chair may withdraw the draft, but the same operation cannot agree or finish it.
    operation = Operation(action=Action.PROPOSAL_EDIT, perm="proposals.change_proposal", target=proposal)
    for to in (Status.AGREED, Status.DONE):
        with pytest.raises(DomainError, match="tidak dapat berubah dari Draf"):
            proposal_transition(actor=chair, operation=operation, proposal=proposal, to=to)
    # A listed pair made by the wrong operation (a Rembug's stage action for a kelurahan decision) is refused too.
    agreed = walk(written_at(Status.DRAFT, person=person, region=region, cycle=cycle), Status.AGREED)
    operator = person("operator_kelurahan", KEL)
    wrong = Operation(action=Action.REMBUG_HOLD, perm="proposals.decide_kelurahan", target=agreed)
    with pytest.raises(DomainError, match="tidak dapat berubah"):
        proposal_transition(actor=operator, operation=wrong, proposal=agreed, to=Status.FORWARDED_KECAMATAN)
    assert Proposal.objects.get(pk=agreed.pk).status == Status.AGREED


def test_a_batch_is_checked_whole_before_any_proposal_moves(person, region, cycle):
    set_all_stages(cycle, open_=True)
    first, second = (
        walk(written_at(Status.DRAFT, person=person, region=region, cycle=cycle), Status.AGREED) for _ in "ab"
    )
    walk(second, Status.FORWARDED_KECAMATAN)
    operator = person("operator_kelurahan", KEL)
    forum = Meeting(cycle=cycle, kind=MeetingKind.MUSRENBANG_KELURAHAN, holder_region=region(KEL))
    operation = Operation(action=Action.KELURAHAN_FORUM, perm="proposals.decide_kelurahan", target=forum)
    moves = [Move(first, Status.FORWARDED_KECAMATAN), Move(second, Status.FORWARDED_KECAMATAN)]
    with pytest.raises(DomainError, match=second.number):
        proposals_transition(actor=operator, operation=operation, moves=moves)
    assert Proposal.objects.get(pk=first.pk).status == Status.AGREED
    assert not ProposalEvent.objects.filter(proposal=first, to_status=Status.FORWARDED_KECAMATAN).exists()


def test_the_gate_has_no_bypass():
    for function in (proposal_transition, proposals_transition):
        assert "check" not in inspect.signature(function).parameters
    calls = []
    for path in [*ROOT.joinpath("rembug").rglob("*.py"), *ROOT.joinpath("tests").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and "transition" in ast.unparse(node.func):
                calls += [f"{path.relative_to(ROOT)}:{node.lineno}" for k in node.keywords if k.arg == "check"]
    assert calls == []


WRITERS = ("update", "update_or_create", "create", "get_or_create", "bulk_update", "save")


def _status_writes(path: Path) -> set[tuple[str, str, str]]:
    """(module, function, receiver) of every write of a `status` field in one module: `x.status = ...`,
    `<query>.update(status=...)` and the like, save/bulk_update naming "status", and `Proposal(status=...)`."""
    found = set()
    module = str(path.relative_to(ROOT))
    for function in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(function, ast.FunctionDef):
            continue
        for node in ast.walk(function):
            receiver = None
            if isinstance(node, ast.Assign | ast.AugAssign | ast.AnnAssign):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for part in (p for t in targets for p in ast.walk(t)):
                    if isinstance(part, ast.Attribute) and part.attr == "status":
                        receiver = ast.unparse(part.value)
            elif isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in WRITERS:
                named = any(k.arg == "status" for k in node.keywords) or "'status'" in ast.unparse(node)
                if named:
                    receiver = ast.unparse(node.func.value)
            elif (
                isinstance(node, ast.Call)
                and ast.unparse(node.func) == "Proposal"
                and any(k.arg == "status" for k in node.keywords)
            ):
                receiver = "Proposal"
            if receiver is not None:
                found.add((module, function.name, receiver))
    return found


#: Every status write in rembug/, and whose status it is. A new one must be added here, which a reviewer reads:
#: a proposal's status has no writer but the gate.
STATUS_WRITES = {
    # The gate: the version-guarded UPDATE and the caller's copy of the row.
    (
        "rembug/proposals/services.py",
        "_move",
        "Proposal.objects.filter(pk=proposal.pk, status=proposal.status, version=proposal.version)",
    ): "Proposal",
    ("rembug/proposals/services.py", "_move", "proposal"): "Proposal",
    # A joined proposal is born where its originals stand (its creation is recorded; they move to MERGED).
    ("rembug/proposals/services.py", "proposal_merge", "Proposal"): "Proposal",
    # A SIPD list is imported at the status SIPD already decided (decision 0031): new proposals are born at it, a
    # re-import writes SIPD's newer word; both record an "imported" history row with SIPD's status.
    ("rembug/sipd/services.py", "_create", "Proposal"): "Proposal",
    ("rembug/sipd/services.py", "_update", "proposal"): "Proposal",
    ("rembug/sipd/services.py", "_update", "Proposal.objects"): "Proposal",
    ("rembug/forums/decisions.py", "meeting_finalize", "locked"): "Meeting",
    ("rembug/forums/decisions.py", "meeting_finalize", "superseded"): "Meeting",
    ("rembug/delivery/services.py", "progress_report", "locked"): "Activity",
    ("rembug/budget/services.py", "fit_publish", "locked"): "FitRun",
    ("rembug/scoring/services.py", "vote_close", "vote"): "Vote",
}


def test_nothing_but_the_lifecycle_service_writes_a_proposals_status():
    found = set().union(*(_status_writes(path) for path in ROOT.joinpath("rembug").rglob("*.py")))
    assert found == set(STATUS_WRITES)
    gate = [key for key, model in STATUS_WRITES.items() if model == "Proposal" and key[1] == "_move"]
    assert gate and all(key[0] == "rembug/proposals/services.py" for key in gate)
