"""Criteria set by Bappeda, scores given by a forum, the suggestions computed from them, and the forum's votes.

A suggestion keeps a full copy of what it was computed from (criteria, weights, matrix), so the record explains
itself even after Bappeda changes the criteria. Nothing here writes a meeting's agreed order.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class Method(models.TextChoices):
    SAW = "saw", _("SAW (pembobotan sederhana)")
    TOPSIS = "topsis", _("TOPSIS (kedekatan dengan solusi ideal)")


class WeightSource(models.TextChoices):
    DIRECT = "direct", _("Bobot ditetapkan langsung")
    AHP = "ahp", _("AHP (perbandingan berpasangan)")


class CriterionKind(models.TextChoices):
    BENEFIT = "benefit", _("Manfaat (makin besar makin baik)")
    COST = "cost", _("Biaya (makin kecil makin baik)")


class CriterionSource(models.TextChoices):
    """Where a criterion's value comes from: a field of the proposal, or the forum's own 1–5 score."""

    ESTIMATED_COST = "estimated_cost", _("Perkiraan biaya usulan")
    BENEFICIARIES = "beneficiaries", _("Jumlah penerima manfaat")
    COMMUNITY_SHARE = "community_share", _("Porsi swadaya (swadaya ÷ biaya)")
    TIMES_PROPOSED = "times_proposed", _("Lama diusulkan (usulan ke-n)")
    FORUM = "forum", _("Nilai forum (1–5)")


class VoteKind(models.TextChoices):
    BORDA = "borda", _("Borda (mengurutkan)")
    APPROVAL = "approval", _("Persetujuan (memilih yang disetujui)")


class VoteStatus(models.TextChoices):
    OPEN = "open", _("Dibuka")
    CLOSED = "closed", _("Ditutup")


FORUM_SCORE_MIN = 1
FORUM_SCORE_MAX = 5


class CriteriaSet(models.Model):
    """A city's criteria for one planning year, with their weights (given directly or derived by AHP)."""

    cycle = models.ForeignKey(
        "cycles.PlanningCycle",
        verbose_name=_("tahun perencanaan"),
        on_delete=models.PROTECT,
        related_name="criteria_sets",
    )
    name = models.CharField(_("nama"), max_length=120)
    method = models.CharField(_("metode"), max_length=10, choices=Method.choices, default=Method.SAW)
    weight_source = models.CharField(
        _("sumber bobot"), max_length=10, choices=WeightSource.choices, default=WeightSource.DIRECT
    )
    ahp_matrix = models.JSONField(_("matriks perbandingan berpasangan"), null=True, blank=True)
    ahp_cr = models.FloatField(_("rasio konsistensi (CR)"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("kumpulan kriteria")
        verbose_name_plural = _("kumpulan kriteria")
        ordering = ["cycle", "pk"]
        constraints = [models.UniqueConstraint(fields=["cycle", "name"], name="uniq_criteria_set_name")]

    def __str__(self) -> str:
        return self.name

    @property
    def city_id(self) -> int:
        """For the city-scoped rules (is_city_planner_of)."""
        return self.cycle.city_id


class Criterion(models.Model):
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.CASCADE, related_name="criteria")
    position = models.PositiveSmallIntegerField(_("urutan"))
    key = models.SlugField(_("kode"), max_length=40)
    name = models.CharField(_("nama"), max_length=120)
    kind = models.CharField(_("jenis"), max_length=8, choices=CriterionKind.choices)
    weight = models.FloatField(
        _("bobot"),
        validators=[MinValueValidator(0)],
        help_text=_("Disimpan ternormalisasi: jumlah bobot semua kriteria = 1."),
    )
    source = models.CharField(_("sumber nilai"), max_length=20, choices=CriterionSource.choices)

    class Meta:
        verbose_name = _("kriteria")
        verbose_name_plural = _("kriteria")
        ordering = ["criteria_set", "position"]
        constraints = [
            models.UniqueConstraint(fields=["criteria_set", "key"], name="uniq_criterion_key"),
            models.CheckConstraint(condition=models.Q(weight__gte=0), name="criterion_weight_not_negative"),
        ]

    def __str__(self) -> str:
        return self.name


class ForumScore(models.Model):
    """The forum's 1–5 score of one proposal on one forum criterion (e.g. urgency, fit with RPJMD priorities)."""

    meeting = models.ForeignKey("forums.Meeting", on_delete=models.CASCADE, related_name="forum_scores")
    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.CASCADE, related_name="+")
    # PROTECT: a criterion a forum has scored is part of that forum's record and cannot silently vanish.
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="forum_scores")
    value = models.PositiveSmallIntegerField(
        _("nilai"), validators=[MinValueValidator(FORUM_SCORE_MIN), MaxValueValidator(FORUM_SCORE_MAX)]
    )

    class Meta:
        verbose_name = _("nilai forum")
        verbose_name_plural = _("nilai forum")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "proposal", "criterion"], name="uniq_forum_score"),
            models.CheckConstraint(
                condition=models.Q(value__gte=FORUM_SCORE_MIN, value__lte=FORUM_SCORE_MAX), name="forum_score_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.proposal_id}/{self.criterion_id}: {self.value}"


class Suggestion(models.Model):
    """A suggested order computed by SAW or TOPSIS; kept with the meeting's record, never applied by itself.

    `criteria` is a copy of the criteria used ([{key, name, source, kind, weight, used}]), `weights` and `kinds`
    the lists passed to the method (criteria not used are left out), `matrix` {proposal_id: [values]},
    `scores` {proposal_id: score} and `order` the proposal ids, best first.
    """

    meeting = models.ForeignKey("forums.Meeting", on_delete=models.CASCADE, related_name="suggestions")
    criteria_set = models.ForeignKey(CriteriaSet, on_delete=models.PROTECT, related_name="suggestions")
    criteria_set_version = models.PositiveIntegerField()
    method = models.CharField(_("metode"), max_length=10, choices=Method.choices)
    criteria = models.JSONField(default=list)
    weights = models.JSONField(default=list)
    kinds = models.JSONField(default=list)
    matrix = models.JSONField(default=dict)
    scores = models.JSONField(default=dict)
    order = models.JSONField(default=list)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("saran urutan")
        verbose_name_plural = _("saran urutan")
        ordering = ["meeting", "-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_method_display()} {self.created_at:%Y-%m-%d %H:%M}"

    def score_of(self, proposal_id: int) -> float:
        return self.scores[str(proposal_id)]


class Vote(models.Model):
    """A vote of the forum on its list; `proposal_ids` are the meeting's items when it opened, in the agreed order."""

    meeting = models.ForeignKey("forums.Meeting", on_delete=models.CASCADE, related_name="votes")
    kind = models.CharField(_("jenis"), max_length=10, choices=VoteKind.choices)
    status = models.CharField(
        _("status"), max_length=8, choices=VoteStatus.choices, default=VoteStatus.OPEN, editable=False
    )
    proposal_ids = models.JSONField(default=list, editable=False)
    opened_at = models.DateTimeField(auto_now_add=True)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("pemungutan suara")
        verbose_name_plural = _("pemungutan suara")
        ordering = ["meeting", "-opened_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["meeting"], condition=models.Q(status="open"), name="one_open_vote"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_status_display()})"


class Ballot(models.Model):
    """One attendee's ballot, entered by the chair or operator from paper or a show of hands.

    Borda: `ranking`, proposal ids best first (may be partial). Approval: `approved`, the proposal ids approved.
    Removing an attendee (entered by mistake) removes their ballot.
    """

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="ballots")
    attendee = models.ForeignKey("forums.Attendee", on_delete=models.CASCADE, related_name="+")
    ranking = models.JSONField(default=list, blank=True)
    approved = models.JSONField(default=list, blank=True)
    cast_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    cast_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("surat suara")
        verbose_name_plural = _("surat suara")
        ordering = ["vote", "pk"]
        constraints = [models.UniqueConstraint(fields=["vote", "attendee"], name="one_ballot_per_attendee")]

    def __str__(self) -> str:
        return f"{self.vote_id}/{self.attendee_id}"
