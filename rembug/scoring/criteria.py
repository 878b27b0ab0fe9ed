"""Writes of a year's ranking criteria (Bappeda): the criteria and their weights, given directly or by AHP
pairwise comparisons, and the demo set of Kota Malang. The forum's scores, suggestions and votes: services.py.
"""

from __future__ import annotations

import math
import numbers
from collections.abc import Mapping, Sequence

from django.db import transaction
from django.utils.formats import number_format
from django.utils.text import slugify
from django.utils.translation import gettext as _

from rembug.cycles.models import PlanningCycle
from rembug.errors import DomainError, NotAllowed, StaleVersion
from rembug.ranking import CR_THRESHOLD, ahp_weights
from rembug.ranking.ahp import MAX_CRITERIA

from .models import (
    CriteriaSet,
    Criterion,
    CriterionKind,
    CriterionSource,
    Method,
    WeightSource,
)

AHP_METHOD = "eigenvector"


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
