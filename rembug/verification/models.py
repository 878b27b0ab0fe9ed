"""Recommendations: what each verification level said about a proposal (volume, cost, note, decision, reason).

The national e-planning system keeps one recommendation per level that touched a proposal — kelurahan,
kecamatan, Bappeda, the agency (OPD) and the budget team (TAPD) — so a resident can read why it went where it went.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.proposals.choices import DecisionReason


class RecommendationLevel(models.TextChoices):
    KELURAHAN = "kelurahan", _("Musrenbang Kelurahan")
    KECAMATAN = "kecamatan", _("Musrenbang Kecamatan")
    BAPPEDA = "bappeda", _("Bappeda")
    OPD = "opd", _("Perangkat Daerah")
    TAPD = "tapd", _("TAPD")


class RecommendationDecision(models.TextChoices):
    """What one level's verification recommends for a proposal; DECISIONS_BY_LEVEL says which a level may give."""

    ACCEPT = "accept", _("Diterima")
    REJECT = "reject", _("Ditolak")
    REROUTE = "reroute", _("Dialihkan ke perangkat daerah lain")
    FORWARD = "forward", _("Diteruskan ke tingkat berikutnya")
    # Only the kelurahan level may fund (DECISIONS_BY_LEVEL): the label names it, as the forum's decision does.
    FUND_HERE = "fund_here", _("Didanai di kelurahan (Dana Kelurahan/swadaya)")
    NOT_ACCOMMODATED = "not_accommodated", _("Tidak diakomodasi")


#: The decisions each level can take (a kelurahan funds works itself; only the agencies and Bappeda re-route).
DECISIONS_BY_LEVEL: dict[str, frozenset[str]] = {
    RecommendationLevel.KELURAHAN: frozenset(
        {
            RecommendationDecision.FORWARD,
            RecommendationDecision.FUND_HERE,
            RecommendationDecision.NOT_ACCOMMODATED,
            RecommendationDecision.REJECT,
        }
    ),
    RecommendationLevel.KECAMATAN: frozenset(
        {RecommendationDecision.FORWARD, RecommendationDecision.NOT_ACCOMMODATED, RecommendationDecision.REJECT}
    ),
    RecommendationLevel.BAPPEDA: frozenset(
        {
            RecommendationDecision.ACCEPT,
            RecommendationDecision.REJECT,
            RecommendationDecision.REROUTE,
            RecommendationDecision.FORWARD,
        }
    ),
    RecommendationLevel.OPD: frozenset(
        {RecommendationDecision.ACCEPT, RecommendationDecision.REJECT, RecommendationDecision.REROUTE}
    ),
    RecommendationLevel.TAPD: frozenset(
        {RecommendationDecision.ACCEPT, RecommendationDecision.REJECT, RecommendationDecision.NOT_ACCOMMODATED}
    ),
}
#: Decisions that leave the proposal out: each needs a reason (the Berita Acara lists every one with its reason).
NEEDS_REASON = frozenset({RecommendationDecision.REJECT, RecommendationDecision.NOT_ACCOMMODATED})
#: The order levels are shown in, following the flow.
LEVEL_ORDER = {level: i for i, level in enumerate(RecommendationLevel.values)}


class Recommendation(models.Model):
    """One level's word on one proposal. Written once by a service, never updated or deleted."""

    proposal = models.ForeignKey(
        "proposals.Proposal", verbose_name=_("usulan"), on_delete=models.CASCADE, related_name="recommendations"
    )
    level = models.CharField(_("tingkat"), max_length=12, choices=RecommendationLevel.choices)
    # The agency that recommends (level "opd"), and where a re-routing sent the proposal.
    agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("perangkat daerah"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    to_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("dialihkan ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    volume = models.DecimalField(_("rekomendasi volume"), max_digits=12, decimal_places=2, null=True, blank=True)
    cost = models.PositiveBigIntegerField(_("rekomendasi biaya (Rp)"), null=True, blank=True)
    note = models.TextField(_("catatan"), blank=True)
    decision = models.CharField(_("keputusan"), max_length=20, choices=RecommendationDecision.choices)
    reason = models.CharField(_("alasan"), max_length=20, choices=DecisionReason.choices, blank=True)
    reason_text = models.TextField(_("uraian alasan"), blank=True)
    # The recommendation as SIPD wrote it, for one imported from a SIPD list (rembug.sipd): written back verbatim,
    # so a list goes to SIPD and comes back with the same cells. Empty for those recorded in Rembug.
    sipd_text = models.TextField(_("teks rekomendasi SIPD"), blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("oleh"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("waktu"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("rekomendasi")
        verbose_name_plural = _("rekomendasi")
        ordering = ["proposal", "at", "pk"]
        indexes = [models.Index(fields=["proposal", "level"])]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.level}: {self.decision}"

    @property
    def reason_label(self) -> str:
        """The reason as people read it: the listed reason, then the written one."""
        parts = [str(self.get_reason_display()) if self.reason else "", self.reason_text.strip()]
        return ": ".join(p for p in parts if p)
