"""Ranking in the REST API: Bappeda's criteria, a forum's scores, suggested orders, votes and their tallies.

The same services and rules as the pages. A meeting (or vote) the user may not view does not exist for them (404);
one they may view but not hold is refused by the service (403). Ballots are entered by whoever holds the meeting;
who voted how is shown only to them, everyone else sees the tallies.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.generics import get_object_or_404
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.cycles.models import PlanningCycle
from rembug.forums.models import Meeting
from rembug.forums.selectors import meeting_visible

from .criteria import criteria_set_save
from .models import (
    FORUM_SCORE_MAX,
    FORUM_SCORE_MIN,
    CriteriaSet,
    Criterion,
    CriterionKind,
    CriterionSource,
    Method,
    Suggestion,
    WeightSource,
)
from .saaty import parse_saaty_value
from .selectors import (
    criteria_set_by_id,
    criteria_sets_of,
    meeting_forum_scores,
    meeting_suggestions,
)
from .services import forum_scores_set, suggestion_compute

TAGS = ["ranking"]


# --- answers --------------------------------------------------------------------------------------------------------


class CriterionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Criterion
        fields = ["id", "position", "key", "name", "kind", "weight", "source"]


class CriteriaSetSerializer(serializers.ModelSerializer):
    criteria = CriterionSerializer(many=True)
    ahp_matrix = serializers.ListField(child=serializers.ListField(child=serializers.FloatField()), allow_null=True)

    class Meta:
        model = CriteriaSet
        fields = ["id", "cycle", "name", "method", "weight_source", "ahp_matrix", "ahp_cr", "version", "criteria"]


class SuggestionCriterionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    key = serializers.CharField()
    name = serializers.CharField()
    source = serializers.ChoiceField(CriterionSource.choices)
    kind = serializers.ChoiceField(CriterionKind.choices)
    weight = serializers.FloatField(help_text="Bobot ternormalisasi dari kumpulan kriteria saat saran dihitung.")
    used = serializers.BooleanField(help_text="False: semua usulan bernilai 0 pada kriteria ini, jadi tidak dipakai.")


class SuggestionRowSerializer(serializers.Serializer):
    proposal_id = serializers.IntegerField()
    suggested_rank = serializers.IntegerField()
    score = serializers.FloatField()
    values = serializers.ListField(
        child=serializers.FloatField(), help_text="Nilai pada kriteria yang dipakai, urut seperti `weights`."
    )


class SuggestionSerializer(serializers.ModelSerializer):
    criteria = SuggestionCriterionSerializer(many=True)
    weights = serializers.ListField(child=serializers.FloatField())
    kinds = serializers.ListField(child=serializers.ChoiceField(CriterionKind.choices))
    order = serializers.ListField(child=serializers.IntegerField(), help_text="Id usulan, saran terbaik dahulu.")
    rows = serializers.SerializerMethodField()

    class Meta:
        model = Suggestion
        fields = [
            "id",
            "meeting",
            "criteria_set",
            "criteria_set_version",
            "method",
            "criteria",
            "weights",
            "kinds",
            "order",
            "rows",
            "created_at",
        ]

    @extend_schema_field(SuggestionRowSerializer(many=True))
    def get_rows(self, suggestion: Suggestion) -> list[dict]:
        return [
            {
                "proposal_id": pid,
                "suggested_rank": rank,
                "score": suggestion.score_of(pid),
                "values": suggestion.matrix[str(pid)],
            }
            for rank, pid in enumerate(suggestion.order, start=1)
        ]


class ForumScoresSerializer(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.DictField(child=serializers.IntegerField()),
        help_text="Id usulan → id kriteria forum → nilai 1–5.",
    )


# --- requests -------------------------------------------------------------------------------------------------------


@extend_schema_field({"oneOf": [{"type": "number"}, {"type": "string", "example": "1/3"}]})
class SaatyValueField(serializers.Field):
    """A pairwise comparison: a number, or text ("1/3", "1,5") as forums write them on paper; read as the page does."""

    def to_internal_value(self, data) -> float:
        try:
            return parse_saaty_value(data)
        except ValueError:
            raise serializers.ValidationError(_("Isi dengan angka, mis. 3, 1,5 atau 1/3.")) from None

    def to_representation(self, value) -> float:
        return value


class CriterionRequest(serializers.Serializer):
    key = serializers.SlugField(max_length=40, required=False, help_text="Kode; bawaan: dari nama.")
    name = serializers.CharField(max_length=120)
    source = serializers.ChoiceField(CriterionSource.choices)
    kind = serializers.ChoiceField(
        CriterionKind.choices, required=False, help_text="Bawaan: biaya untuk perkiraan biaya, manfaat untuk yang lain."
    )
    weight = serializers.FloatField(
        min_value=0, required=False, default=0, help_text="Untuk bobot langsung; dinormalisasi sehingga jumlahnya 1."
    )


class CriteriaSetRequest(serializers.Serializer):
    name = serializers.CharField(max_length=120)
    method = serializers.ChoiceField(Method.choices, default=Method.SAW)
    weight_source = serializers.ChoiceField(WeightSource.choices, default=WeightSource.DIRECT)
    ahp_matrix = serializers.ListField(
        child=serializers.ListField(child=SaatyValueField()),
        required=False,
        allow_null=True,
        help_text="Untuk AHP: baris i dibanding kolom j, skala Saaty 1–9; CR harus ≤ 0,10.",
    )
    criteria = CriterionRequest(many=True)


class CriteriaSetUpdateRequest(CriteriaSetRequest):
    version = serializers.IntegerField(help_text="Versi yang Anda baca; versi usang ditolak (409 stale_version).")


class ForumScoresRequest(serializers.Serializer):
    scores = serializers.DictField(
        child=serializers.DictField(
            child=serializers.IntegerField(min_value=FORUM_SCORE_MIN, max_value=FORUM_SCORE_MAX, allow_null=True)
        ),
        help_text="Id usulan → id kriteria forum → nilai 1–5 (null menghapus nilai).",
    )


class SuggestionRequest(serializers.Serializer):
    criteria_set = serializers.IntegerField(required=False, help_text="Bawaan: kumpulan kriteria pertama tahun ini.")
    method = serializers.ChoiceField(Method.choices, required=False, help_text="Bawaan: metode kumpulan kriteria.")


def valid_request(form_class, request) -> dict:
    form = form_class(data=request.data)
    form.is_valid(raise_exception=True)
    return dict(form.validated_data)


def meeting_or_404(request, meeting_id: int) -> Meeting:
    meeting = meeting_visible(request.user, meeting_id)
    if meeting is None:
        raise NotFound(_("Rembug tidak ditemukan."))
    return meeting


def _criteria_set_answer(criteria_set: CriteriaSet, code: int = status.HTTP_200_OK) -> Response:
    return Response(CriteriaSetSerializer(criteria_set).data, status=code)


# --- criteria (Bappeda) ---------------------------------------------------------------------------------------------


class CriteriaSetListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=CriteriaSetSerializer(many=True), tags=TAGS, summary="The ranking criteria of a planning year"
    )
    def get(self, request, cycle_id: int):
        cycle = get_object_or_404(PlanningCycle, pk=cycle_id)
        if not request.user.has_perm("scoring.view_criteria", cycle):
            raise NotFound(_("Tahun perencanaan tidak ditemukan."))
        return Response(CriteriaSetSerializer(criteria_sets_of(cycle), many=True).data)

    @extend_schema(
        request=CriteriaSetRequest,
        responses={201: CriteriaSetSerializer},
        tags=TAGS,
        summary="Set ranking criteria and weights (direct or AHP) — Bappeda of the city",
    )
    def post(self, request, cycle_id: int):
        cycle = get_object_or_404(PlanningCycle, pk=cycle_id)
        if not request.user.has_perm("scoring.view_criteria", cycle):
            raise NotFound(_("Tahun perencanaan tidak ditemukan."))
        given = valid_request(CriteriaSetRequest, request)
        criteria_set = criteria_set_save(actor=request.user, cycle=cycle, **given)
        return _criteria_set_answer(criteria_set, status.HTTP_201_CREATED)


class CriteriaSetDetailView(APIView):
    permission_classes = [IsAuthenticated]

    def _get(self, set_id: int) -> CriteriaSet:
        criteria_set = criteria_set_by_id(set_id)
        if criteria_set is None:
            raise Http404
        return criteria_set

    @extend_schema(responses=CriteriaSetSerializer, tags=TAGS, summary="A criteria set with its weights")
    def get(self, request, set_id: int):
        criteria_set = self._get(set_id)
        if not request.user.has_perm("scoring.view_criteria", criteria_set.cycle):
            raise NotFound(_("Kumpulan kriteria tidak ditemukan."))
        return _criteria_set_answer(criteria_set)

    @extend_schema(
        request=CriteriaSetUpdateRequest,
        responses=CriteriaSetSerializer,
        tags=TAGS,
        summary="Replace a criteria set's criteria and weights — Bappeda of the city",
    )
    def put(self, request, set_id: int):
        criteria_set = self._get(set_id)
        if not request.user.has_perm("scoring.view_criteria", criteria_set.cycle):
            raise NotFound(_("Kumpulan kriteria tidak ditemukan."))
        given = valid_request(CriteriaSetUpdateRequest, request)
        saved = criteria_set_save(actor=request.user, cycle=criteria_set.cycle, criteria_set=criteria_set, **given)
        return _criteria_set_answer(saved)


# --- the forum ------------------------------------------------------------------------------------------------------


class ForumScoresView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=ForumScoresSerializer, tags=TAGS, summary="The forum's 1–5 scores of its proposals")
    def get(self, request, meeting_id: int):
        return Response({"scores": meeting_forum_scores(meeting_or_404(request, meeting_id))})

    @extend_schema(
        request=ForumScoresRequest,
        responses=ForumScoresSerializer,
        tags=TAGS,
        summary="Enter the forum's scores (only while the meeting is a draft)",
    )
    def put(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        forum_scores_set(
            actor=request.user, meeting=meeting, scores=valid_request(ForumScoresRequest, request)["scores"]
        )
        return Response({"scores": meeting_forum_scores(meeting)})


class SuggestionListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=SuggestionSerializer(many=True),
        tags=TAGS,
        summary="Suggested orders computed for the meeting, newest first",
    )
    def get(self, request, meeting_id: int):
        return Response(SuggestionSerializer(meeting_suggestions(meeting_or_404(request, meeting_id)), many=True).data)

    @extend_schema(
        request=SuggestionRequest,
        responses={201: SuggestionSerializer},
        tags=TAGS,
        summary="Compute a suggested order (SAW/TOPSIS); the agreed order does not change",
    )
    def post(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        given = valid_request(SuggestionRequest, request)
        criteria_set = None
        if given.get("criteria_set") is not None:
            criteria_set = criteria_set_by_id(given["criteria_set"], cycle_id=meeting.cycle_id)
            if criteria_set is None:
                raise serializers.ValidationError(
                    {"criteria_set": _("Kumpulan kriteria tidak ditemukan pada tahun perencanaan ini.")}
                )
        suggestion = suggestion_compute(
            actor=request.user, meeting=meeting, criteria_set=criteria_set, method=given.get("method")
        )
        return Response(SuggestionSerializer(suggestion).data, status=status.HTTP_201_CREATED)
