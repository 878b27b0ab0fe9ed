"""Writes of ranking: Bappeda's criteria, the forum's scores, suggested orders, and the forum's votes.

The numbers advise the forum; the people in the room decide. No function here changes a meeting's agreed order,
except `suggestion_apply`, which the chair calls explicitly and which goes through forums.meeting_set_order.

AHP weights use the principal eigenvector (`ahp_weights(method="eigenvector")`): it is Saaty's own definition of
the weights and of lambda_max, from which CI and CR are defined. The column-mean "approximate" method is a
shortcut for calculation by hand; its CR differs slightly and can land on the other side of 0.10 for matrices
near the threshold, and a computer needs no shortcut.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rembug.cycles.models import PlanningCycle
from rembug.errors import DomainError, NotAllowed, StaleVersion
from rembug.forums.models import Attendee, Meeting
from rembug.forums.services import meeting_lock_draft, meeting_set_order
from rembug.ranking import CR_THRESHOLD, ahp_weights, rank_order, saw, topsis
from rembug.ranking.ahp import MAX_CRITERIA

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
    WeightSource,
)
from .selectors import default_criteria_set

AHP_METHOD = "eigenvector"
#: How many missing forum scores a refusal names before it says "and n more".
MISSING_SHOWN = 8


# --- criteria (Bappeda) ---------------------------------------------------------------------------------------------


def format_cr(cr: float) -> str:
    """'CR = 0,14 > 0,10' in the active language; more decimals when two would hide that CR is above 0.10."""
    places = 2
    while cr > CR_THRESHOLD and round(cr, places) <= CR_THRESHOLD and places < 6:
        places += 1
    sign = ">" if cr > CR_THRESHOLD else "≤"
    # number_format cuts digits off; round first so 0.1099 reads 0,11.
    shown = number_format(round(cr, places), decimal_pos=places)
    return f"CR = {shown} {sign} {number_format(CR_THRESHOLD, decimal_pos=2)}"


def _number(value, field: str, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        raise DomainError(_("%(what)s harus berupa angka.") % {"what": what}, field=field)
    return float(value)


def _clean_criteria(criteria: Sequence[Mapping], *, direct: bool) -> list[dict]:
    """Each criterion as {key, name, kind, source, weight}; the first problem is refused with the criterion's name."""
    if not criteria:
        raise DomainError(_("Tetapkan paling sedikit satu kriteria."), field="criteria")
    if len(criteria) > MAX_CRITERIA:
        # Pairwise comparison (and Saaty's random index) stops at 10; more criteria belong in a hierarchy.
        raise DomainError(_("Paling banyak %(n)s kriteria.") % {"n": MAX_CRITERIA}, field="criteria")
    cleaned: list[dict] = []
    keys: set[str] = set()
    sources: set[str] = set()
    for number, given in enumerate(criteria, start=1):
        name = str(given.get("name") or "").strip()
        if not name:
            raise DomainError(_("Kriteria ke-%(n)s belum diberi nama.") % {"n": number}, field="criteria")
        source = given.get("source")
        if source not in CriterionSource.values:
            raise DomainError(_("Sumber nilai kriteria %(name)s tidak dikenal.") % {"name": name}, field="criteria")
        default_kind = CriterionKind.COST if source == CriterionSource.ESTIMATED_COST else CriterionKind.BENEFIT
        kind = given.get("kind") or default_kind
        if kind not in CriterionKind.values:
            raise DomainError(_("Jenis kriteria %(name)s harus manfaat atau biaya.") % {"name": name}, field="criteria")
        if source == CriterionSource.ESTIMATED_COST and kind != CriterionKind.COST:
            raise DomainError(
                _("Kriteria %(name)s memakai perkiraan biaya: makin murah makin baik, jadi jenisnya biaya.")
                % {"name": name},
                field="criteria",
            )
        # A proposal field counted twice would silently double its weight; forum criteria differ by their name.
        if source != CriterionSource.FORUM:
            if source in sources:
                raise DomainError(
                    _("Sumber nilai %(source)s dipakai lebih dari satu kriteria.")
                    % {"source": CriterionSource(source).label},
                    field="criteria",
                )
            sources.add(source)
        key = slugify(str(given.get("key") or name)).replace("-", "_")[:40]
        if not key:
            raise DomainError(_("Kode kriteria %(name)s tidak valid.") % {"name": name}, field="criteria")
        if key in keys:
            raise DomainError(_("Kode kriteria %(key)s dipakai dua kali.") % {"key": key}, field="criteria")
        keys.add(key)
        weight = 0.0
        if direct:
            weight = _number(given.get("weight"), "criteria", _("Bobot kriteria %(name)s") % {"name": name})
            if weight < 0:
                raise DomainError(_("Bobot kriteria %(name)s tidak boleh negatif.") % {"name": name}, field="criteria")
        cleaned.append({"key": key, "name": name[:120], "kind": kind, "source": source, "weight": weight})
    return cleaned


def _ahp(matrix, n: int) -> tuple[list[float], list[list[float]], float]:
    """Weights, the matrix as floats, and CR; refuses an invalid or inconsistent (CR > 0.10) matrix."""
    if (
        not isinstance(matrix, Sequence)
        or len(matrix) != n
        or any(not isinstance(row, Sequence) or len(row) != n for row in matrix)
    ):
        raise DomainError(
            _("Matriks perbandingan berpasangan harus berukuran %(n)s × %(n)s, satu baris dan satu kolom per kriteria.")
            % {"n": n},
            field="ahp_matrix",
        )
    rows = [[_number(v, "ahp_matrix", _("Isi matriks perbandingan")) for v in row] for row in matrix]
    try:
        result = ahp_weights(rows, method=AHP_METHOD)
    except ValueError as error:
        raise DomainError(
            _("Matriks perbandingan berpasangan tidak valid: %(error)s") % {"error": error}, field="ahp_matrix"
        ) from error
    if not result.consistent:
        raise DomainError(
            _(
                "Perbandingan berpasangan tidak konsisten (%(cr)s). Tinjau kembali perbandingan yang "
                "saling bertentangan, lalu simpan lagi."
            )
            % {"cr": format_cr(result.cr)},
            field="ahp_matrix",
        )
    return result.weights, rows, result.cr


@transaction.atomic
def criteria_set_save(
    *,
    actor,
    cycle: PlanningCycle,
    name: str,
    method: str,
    criteria: Sequence[Mapping],
    weight_source: str = WeightSource.DIRECT,
    ahp_matrix: Sequence[Sequence[float]] | None = None,
    version: int | None = None,
    criteria_set: CriteriaSet | None = None,
) -> CriteriaSet:
    """Create a criteria set for the cycle, or replace `criteria_set`'s name, method, criteria and weights.

    `criteria`: [{key, name, kind, source, weight}] in display order; `kind` defaults to cost for the estimated
    cost and benefit otherwise; `weight` is read only for direct weights. Weights are stored normalised to sum 1.
    With `weight_source="ahp"` they come from `ahp_matrix` (Saaty's 1–9 scale, row i vs column j), which must have
    CR <= 0.10. `actor=None` is the system (demo loader). `version` guards an update against a concurrent edit.
    """
    if actor is not None and not actor.has_perm("scoring.manage_criteria", cycle):
        raise NotAllowed(_("Hanya Bappeda kota ini yang dapat menetapkan kriteria pemeringkatan."))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Beri nama kumpulan kriteria ini."), field="name")
    if method not in Method.values:
        raise DomainError(_("Metode harus SAW atau TOPSIS."), field="method")
    if weight_source not in WeightSource.values:
        raise DomainError(_("Sumber bobot harus langsung atau AHP."), field="weight_source")
    cleaned = _clean_criteria(criteria, direct=weight_source == WeightSource.DIRECT)
    ahp_cr = None
    if weight_source == WeightSource.AHP:
        if ahp_matrix is None:
            raise DomainError(_("Isi matriks perbandingan berpasangan untuk bobot AHP."), field="ahp_matrix")
        weights, ahp_matrix, ahp_cr = _ahp(ahp_matrix, len(cleaned))
    else:
        ahp_matrix = None
        total = sum(c["weight"] for c in cleaned)
        if total <= 0:
            raise DomainError(
                _("Semua bobot bernilai nol; paling sedikit satu kriteria harus berbobot."), field="criteria"
            )
        weights = [c["weight"] / total for c in cleaned]
    for criterion, weight in zip(cleaned, weights, strict=True):
        criterion["weight"] = weight

    if criteria_set is None:
        locked = CriteriaSet(cycle=cycle, created_by=actor)
    else:
        locked = CriteriaSet.objects.select_for_update().get(pk=criteria_set.pk)
        if locked.cycle_id != cycle.pk:
            raise DomainError(_("Kumpulan kriteria ini milik tahun perencanaan lain."))
        if version is not None and version != locked.version:
            raise StaleVersion(_("Kriteria ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
        locked.version += 1
    if CriteriaSet.objects.filter(cycle=cycle, name__iexact=name).exclude(pk=locked.pk).exists():
        raise DomainError(_("Kumpulan kriteria bernama %(name)s sudah ada.") % {"name": name}, field="name")
    locked.name, locked.method, locked.weight_source = name, method, weight_source
    locked.ahp_matrix, locked.ahp_cr = ahp_matrix, ahp_cr
    locked.save()
    _replace_criteria(locked, cleaned)
    return CriteriaSet.objects.prefetch_related("criteria").get(pk=locked.pk)


def _replace_criteria(criteria_set: CriteriaSet, cleaned: list[dict]) -> None:
    """Criteria are matched by key, so a forum's scores stay attached to a criterion whose weight changed."""
    existing = {c.key: c for c in criteria_set.criteria.all()}
    wanted = {c["key"] for c in cleaned}
    removed = [c for key, c in existing.items() if key not in wanted]
    scored = [c.name for c in removed if c.forum_scores.exists()]
    if scored:
        raise DomainError(
            _(
                "Kriteria %(names)s sudah dinilai dalam Rembug dan tidak dapat dihapus; ubah bobotnya "
                "menjadi 0 bila tidak dipakai lagi."
            )
            % {"names": ", ".join(scored)},
            field="criteria",
        )
    Criterion.objects.filter(pk__in=[c.pk for c in removed]).delete()
    changed, new = [], []
    for position, given in enumerate(cleaned, start=1):
        criterion = existing.get(given["key"]) or Criterion(criteria_set=criteria_set, key=given["key"])
        criterion.position = position
        criterion.name, criterion.kind = given["name"], given["kind"]
        criterion.source, criterion.weight = given["source"], given["weight"]
        (changed if criterion.pk else new).append(criterion)
    Criterion.objects.bulk_update(changed, ["position", "name", "kind", "source", "weight"])
    Criterion.objects.bulk_create(new)


# Kota Malang's default criteria: the forum's judgement of urgency comes first, then reach and the city's priorities,
# then cost, the community's own share and how long residents have waited. Comparisons on Saaty's 1-9 scale.
DEMO_CRITERIA_NAME = "Kriteria Kota Malang"
DEMO_CRITERIA = [
    {"key": "urgensi", "name": "Tingkat kebutuhan mendesak", "source": "forum", "kind": "benefit"},
    {"key": "penerima_manfaat", "name": "Jumlah penerima manfaat", "source": "beneficiaries", "kind": "benefit"},
    {"key": "kesesuaian_rpjmd", "name": "Kesesuaian dengan prioritas RPJMD", "source": "forum", "kind": "benefit"},
    {"key": "biaya", "name": "Perkiraan biaya", "source": "estimated_cost", "kind": "cost"},
    {"key": "swadaya", "name": "Porsi swadaya masyarakat", "source": "community_share", "kind": "benefit"},
    {"key": "lama_diusulkan", "name": "Lama diusulkan (usulan ke-n)", "source": "times_proposed", "kind": "benefit"},
]
DEMO_AHP_MATRIX = [
    [1, 2, 2, 3, 3, 4],
    [1 / 2, 1, 1, 2, 2, 3],
    [1 / 2, 1, 1, 2, 2, 3],
    [1 / 3, 1 / 2, 1 / 2, 1, 1, 2],
    [1 / 3, 1 / 2, 1 / 2, 1, 1, 2],
    [1 / 4, 1 / 3, 1 / 3, 1 / 2, 1 / 2, 1],
]  # CR ≈ 0.006; weights ≈ 33 %, 19.5 %, 19.5 %, 10.7 %, 10.7 %, 6.4 %


def scoring_demo_criteria(*, cycle: PlanningCycle) -> CriteriaSet:
    """Kota Malang's default criteria for the cycle (created once), weighted by a consistent AHP matrix."""
    existing = CriteriaSet.objects.filter(cycle=cycle, name=DEMO_CRITERIA_NAME).first()
    if existing is not None:
        return existing
    return criteria_set_save(
        actor=None,
        cycle=cycle,
        name=DEMO_CRITERIA_NAME,
        method=Method.SAW,
        criteria=DEMO_CRITERIA,
        weight_source=WeightSource.AHP,
        ahp_matrix=DEMO_AHP_MATRIX,
    )


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
