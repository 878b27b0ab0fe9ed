"""Writes of ranking: Bappeda's criteria, the forum's scores, suggested orders, and the forum's votes.

The numbers advise the forum; the people in the room decide. No function here changes a meeting's agreed order,
except `suggestion_apply`, which the chair calls explicitly and which goes through forums.meeting_set_order.

AHP weights use the principal eigenvector (`ahp_weights(method="eigenvector")`): it is Saaty's own definition of
the weights and of lambda_max, from which CI and CR are defined. The column-mean "approximate" method is a
shortcut for calculation by hand; its CR differs slightly and can land on the other side of 0.10 for matrices
near the threshold, and a computer needs no shortcut.
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rembug.errors import DomainError, NotAllowed
from rembug.forums.models import Attendee, Meeting
from rembug.forums.services import meeting_lock_draft, meeting_set_order
from rembug.ranking import rank_order, saw, topsis

from .models import (
    FORUM_SCORE_MAX,
    FORUM_SCORE_MIN,
    Ballot,
    CriteriaSet,
    Criterion,
    CriterionKind,
    CriterionSource,
    ForumScore,
    Method,
    Suggestion,
    Vote,
    VoteKind,
    VoteStatus,
)
from .selectors import default_criteria_set

#: How many missing forum scores a refusal names before it says "and n more".
MISSING_SHOWN = 8


# --- the forum: scores and suggestions ------------------------------------------------------------------------------


def _lock_meeting(actor, meeting: Meeting) -> Meeting:
    """The meeting row, locked: a draft, in the open Rembug stage, held by the actor (forums' own checks)."""
    locked = meeting_lock_draft(actor, meeting)
    if not actor.has_perm("scoring.score_meeting", locked):
        raise NotAllowed(_("Anda tidak berwenang mengubah Rembug ini."))
    return locked


def _as_id(value, field: str) -> int:
    if isinstance(value, bool):
        raise DomainError(_("Id tidak valid: %(value)s.") % {"value": value}, field=field)
    try:
        return int(value)
    except (TypeError, ValueError):
        raise DomainError(_("Id tidak valid: %(value)s.") % {"value": value}, field=field) from None


@transaction.atomic
def forum_scores_set(*, actor, meeting: Meeting, scores: Mapping) -> list[ForumScore]:
    """The forum's 1–5 scores, {proposal_id: {criterion_id: value}}; a value of None clears that score.

    Only proposals on the meeting's list and forum criteria of the meeting's planning year are accepted.
    """
    locked = _lock_meeting(actor, meeting)
    on_list = set(locked.items.values_list("proposal_id", flat=True))
    criteria = {
        c.pk: c for c in Criterion.objects.filter(criteria_set__cycle_id=locked.cycle_id, source=CriterionSource.FORUM)
    }
    wanted: dict[tuple[int, int], int | None] = {}
    for raw_pid, row in scores.items():
        pid = _as_id(raw_pid, "scores")
        if pid not in on_list:
            raise DomainError(_("Usulan %(id)s tidak ada dalam daftar Rembug ini.") % {"id": pid}, field="scores")
        if not isinstance(row, Mapping):
            raise DomainError(_("Nilai usulan %(id)s harus berupa kriteria → nilai.") % {"id": pid}, field="scores")
        for raw_cid, value in row.items():
            cid = _as_id(raw_cid, "scores")
            if cid not in criteria:
                raise DomainError(
                    _("Kriteria %(id)s bukan kriteria yang dinilai forum pada tahun ini.") % {"id": cid}, field="scores"
                )
            if value is not None and (
                isinstance(value, bool)
                or not isinstance(value, numbers.Integral)
                or not FORUM_SCORE_MIN <= value <= FORUM_SCORE_MAX
            ):
                raise DomainError(
                    _("Nilai %(name)s harus bilangan bulat %(low)s sampai %(high)s.")
                    % {"name": criteria[cid].name, "low": FORUM_SCORE_MIN, "high": FORUM_SCORE_MAX},
                    field="scores",
                )
            wanted[(pid, cid)] = None if value is None else int(value)
    existing = {(s.proposal_id, s.criterion_id): s for s in ForumScore.objects.filter(meeting=locked)}
    changed, new, cleared = [], [], []
    for (pid, cid), value in wanted.items():
        score = existing.get((pid, cid))
        if value is None:
            if score is not None:
                cleared.append(score.pk)
        elif score is None:
            new.append(ForumScore(meeting=locked, proposal_id=pid, criterion_id=cid, value=value))
        elif score.value != value:
            score.value = value
            changed.append(score)
    ForumScore.objects.filter(pk__in=cleared).delete()
    ForumScore.objects.bulk_update(changed, ["value"])
    ForumScore.objects.bulk_create(new)
    return list(ForumScore.objects.filter(meeting=locked).order_by("proposal_id", "criterion__position"))


def _value(proposal, criterion: Criterion, forum: Mapping[tuple[int, int], int]) -> float | None:
    """The proposal's value on one criterion; None when the forum has not scored it yet."""
    match criterion.source:
        case CriterionSource.ESTIMATED_COST:
            return float(proposal.estimated_cost)
        case CriterionSource.BENEFICIARIES:
            return float(proposal.beneficiaries)
        case CriterionSource.COMMUNITY_SHARE:
            cost = proposal.estimated_cost
            return proposal.community_contribution / cost if cost else 0.0
        case CriterionSource.TIMES_PROPOSED:
            return float(proposal.times_proposed)
        case _:
            value = forum.get((proposal.pk, criterion.pk))
            return None if value is None else float(value)


def _distinguishes(column: list[float], kind: str, method: str) -> bool:
    """False for a column the method cannot use and that tells proposals apart in no way: every value 0.

    A common case (no RT offers swadaya): SAW divides a benefit column by its maximum and TOPSIS every column by
    its norm. Leaving such a column out changes no proposal's place relative to another.
    """
    if any(column):
        return True
    return method == Method.SAW and kind == CriterionKind.COST  # SAW names the zero cost itself (min / x)


@transaction.atomic
def suggestion_compute(
    *, actor, meeting: Meeting, criteria_set: CriteriaSet | None = None, method: str | None = None
) -> Suggestion:
    """Score the meeting's proposals on the criteria (SAW or TOPSIS) and keep the suggested order with the record.

    Rows follow the agreed order, so proposals with equal scores keep their agreed places. The agreed order itself
    is never changed here. Refused while any forum criterion lacks a score, naming the proposal and criterion.
    """
    locked = _lock_meeting(actor, meeting)
    if criteria_set is None:
        criteria_set = default_criteria_set(locked.cycle)
        if criteria_set is None:
            raise DomainError(_("Bappeda belum menetapkan kriteria pemeringkatan untuk tahun ini."))
    elif criteria_set.cycle_id != locked.cycle_id:
        raise DomainError(_("Kumpulan kriteria ini milik tahun perencanaan lain."), field="criteria_set")
    method = method or criteria_set.method
    if method not in Method.values:
        raise DomainError(_("Metode harus SAW atau TOPSIS."), field="method")
    criteria = list(criteria_set.criteria.order_by("position"))
    items = list(locked.items.select_related("proposal").order_by("rank"))
    if not items:
        raise DomainError(_("Belum ada usulan dalam daftar Rembug ini."))
    forum = {
        (s.proposal_id, s.criterion_id): s.value
        for s in ForumScore.objects.filter(meeting=locked, criterion__criteria_set=criteria_set)
    }

    rows, missing, costless = [], [], []
    for item in items:
        p = item.proposal
        row = [_value(p, c, forum) for c in criteria]
        missing += [(p, c) for c, v in zip(criteria, row, strict=True) if v is None]
        if p.estimated_cost <= 0 and any(c.source == CriterionSource.ESTIMATED_COST for c in criteria):
            costless.append(p)
        rows.append(row)
    if missing:
        shown = "; ".join(
            _("%(title)s (%(number)s) belum dinilai pada %(criterion)s")
            % {"title": p.title, "number": p.number, "criterion": c.name}
            for p, c in missing[:MISSING_SHOWN]
        )
        more = len(missing) - MISSING_SHOWN
        if more > 0:
            shown += "; " + _("dan %(n)s nilai lainnya") % {"n": more}
        raise DomainError(_("Nilai forum belum lengkap: %(missing)s.") % {"missing": shown}, field="scores")
    if costless:
        raise DomainError(
            _("Usulan %(numbers)s belum memiliki perkiraan biaya.") % {"numbers": ", ".join(p.number for p in costless)}
        )

    used = [_distinguishes([row[j] for row in rows], c.kind, method) for j, c in enumerate(criteria)]
    if not any(u and c.weight > 0 for u, c in zip(used, criteria, strict=True)):
        raise DomainError(_("Tidak ada kriteria berbobot yang membedakan usulan-usulan ini."))
    columns = [j for j, u in enumerate(used) if u]
    matrix = [[row[j] for j in columns] for row in rows]
    weights = [criteria[j].weight for j in columns]
    kinds = [criteria[j].kind for j in columns]
    try:
        scores = (saw if method == Method.SAW else topsis)(matrix, weights, kinds)
    except ValueError as error:  # the library names the row and column; say it in the forum's words
        raise DomainError(_("Saran urutan tidak dapat dihitung: %(error)s") % {"error": error}) from error
    pids = [item.proposal_id for item in items]
    return Suggestion.objects.create(
        meeting=locked,
        criteria_set=criteria_set,
        criteria_set_version=criteria_set.version,
        method=method,
        criteria=[
            {
                "id": c.pk,
                "key": c.key,
                "name": c.name,
                "source": c.source,
                "kind": c.kind,
                "weight": c.weight,
                "used": u,
            }
            for c, u in zip(criteria, used, strict=True)
        ],
        weights=weights,
        kinds=kinds,
        matrix={str(pid): row for pid, row in zip(pids, matrix, strict=True)},
        scores={str(pid): score for pid, score in zip(pids, scores, strict=True)},
        order=[pids[i] for i in rank_order(scores)],
        created_by=actor,
    )


@transaction.atomic
def suggestion_apply(*, actor, meeting: Meeting, suggestion: Suggestion, version: int) -> None:
    """Take a suggestion as the agreed order, when the forum decides so (the chair's explicit act).

    The meeting's `order_method` is left to the people: they write how they reached the order.
    """
    locked = _lock_meeting(actor, meeting)
    if suggestion.meeting_id != locked.pk:
        raise DomainError(_("Saran urutan ini milik Rembug lain."))
    if sorted(suggestion.order) != sorted(locked.items.values_list("proposal_id", flat=True)):
        raise DomainError(_("Daftar usulan berubah sejak saran ini dihitung; hitung ulang saran urutan."))
    meeting_set_order(actor=actor, meeting=locked, proposal_ids=list(suggestion.order), version=version)


# --- the forum: votes -----------------------------------------------------------------------------------------------


@transaction.atomic
def vote_open(*, actor, meeting: Meeting, kind: str) -> Vote:
    """Open a Borda or approval vote on the proposals now on the list (one open vote per meeting)."""
    locked = _lock_meeting(actor, meeting)
    if kind not in VoteKind.values:
        raise DomainError(_("Jenis pemungutan suara harus Borda atau persetujuan."), field="kind")
    if Vote.objects.filter(meeting=locked, status=VoteStatus.OPEN).exists():
        raise DomainError(_("Masih ada pemungutan suara yang dibuka; tutup dahulu sebelum membuka yang baru."))
    proposal_ids = list(locked.items.order_by("rank").values_list("proposal_id", flat=True))
    if not proposal_ids:
        raise DomainError(_("Belum ada usulan dalam daftar Rembug ini."))
    return Vote.objects.create(meeting=locked, kind=kind, proposal_ids=proposal_ids, opened_by=actor)


def _ballot_ids(values, allowed: Sequence[int], field: str) -> list[int]:
    if isinstance(values, str | bytes | Mapping) or not isinstance(values, Sequence):
        raise DomainError(_("Isi surat suara harus berupa daftar id usulan."), field=field)
    seen: list[int] = []
    for value in values:
        pid = _as_id(value, field)
        if pid not in allowed:
            raise DomainError(_("Usulan %(id)s tidak termasuk dalam pemungutan suara ini.") % {"id": pid}, field=field)
        if pid in seen:
            raise DomainError(_("Usulan %(id)s disebut dua kali dalam surat suara.") % {"id": pid}, field=field)
        seen.append(pid)
    return seen


@transaction.atomic
def ballot_cast(
    *,
    actor,
    vote: Vote,
    attendee: Attendee,
    ranking: Sequence[int] | None = None,
    approved: Sequence[int] | None = None,
) -> Ballot:
    """Record one attendee's ballot, as entered by the chair or operator; a second entry replaces the first.

    Borda: `ranking`, proposal ids best first (may leave some out). Approval: `approved`, the ids approved.
    """
    locked = _lock_meeting(actor, vote.meeting)
    vote = Vote.objects.get(pk=vote.pk)  # read after the meeting lock, which vote_close also takes
    if vote.status != VoteStatus.OPEN:
        raise DomainError(_("Pemungutan suara ini sudah ditutup."))
    if attendee.meeting_id != locked.pk:
        raise DomainError(_("Hanya peserta Rembug ini yang dapat memberi suara."), field="attendee")
    allowed = [int(p) for p in vote.proposal_ids]
    if vote.kind == VoteKind.BORDA:
        if approved is not None or ranking is None:
            raise DomainError(
                _("Pemungutan suara Borda memakai urutan (ranking), bukan daftar setuju."), field="ranking"
            )
        ranking = _ballot_ids(ranking, allowed, "ranking")
        if not ranking:
            raise DomainError(_("Urutkan paling sedikit satu usulan."), field="ranking")
        approved = []
    else:
        if ranking is not None or approved is None:
            raise DomainError(
                _("Pemungutan suara persetujuan memakai daftar usulan yang disetujui (approved)."), field="approved"
            )
        approved = _ballot_ids(approved, allowed, "approved")
        ranking = []
    ballot, _created = Ballot.objects.update_or_create(
        vote=vote, attendee=attendee, defaults={"ranking": ranking, "approved": approved, "cast_by": actor}
    )
    return ballot


@transaction.atomic
def vote_close(*, actor, vote: Vote) -> Vote:
    """Close the vote: its tally becomes part of the meeting's record (and of its Berita Acara)."""
    _lock_meeting(actor, vote.meeting)
    vote = Vote.objects.get(pk=vote.pk)
    if vote.status != VoteStatus.OPEN:
        raise DomainError(_("Pemungutan suara ini sudah ditutup."))
    if not vote.ballots.exists():
        raise DomainError(_("Belum ada suara yang dicatat."))
    vote.status = VoteStatus.CLOSED
    vote.closed_at = timezone.now()
    vote.closed_by = actor
    vote.save(update_fields=["status", "closed_at", "closed_by"])
    return vote
