"""A forum's vote in the REST API: open it, cast ballots for attendees, close it, and read its tally by
stakeholder group. The criteria, scores and suggestions: api.py.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.forums.selectors import meeting_attendee

from .api import TAGS, meeting_or_404, valid_request
from .models import (
    Ballot,
    Vote,
    VoteKind,
)
from .selectors import (
    TALLY_GROUPS,
    GroupTally,
    meeting_votes,
    proposal_titles,
    vote_visible,
)
from .selectors import vote_tally as tally_of
from .services import ballot_cast, vote_close, vote_open


class PointsSerializer(serializers.Serializer):
    proposal_id = serializers.IntegerField()
    points = serializers.IntegerField(help_text="Poin Borda, atau jumlah yang menyetujui.")


class GroupTallySerializer(serializers.Serializer):
    group = serializers.CharField(
        help_text="semua, tokoh_masyarakat, perempuan, pemuda, lansia, difabel, kelompok_rentan"
    )
    label = serializers.CharField()
    ballot_count = serializers.IntegerField()
    top = serializers.IntegerField(allow_null=True, help_text="Usulan pilihan utama kelompok ini.")
    top_tied = serializers.BooleanField()
    results = PointsSerializer(many=True, help_text="Terbaik dahulu.")


class ProposalRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()


class TallySerializer(serializers.Serializer):
    ballot_count = serializers.IntegerField()
    results = PointsSerializer(many=True, help_text="Semua peserta, terbaik dahulu.")
    groups = GroupTallySerializer(many=True)
    proposals = ProposalRefSerializer(many=True)


class BallotSerializer(serializers.ModelSerializer):
    attendee_id = serializers.IntegerField()
    ranking = serializers.ListField(child=serializers.IntegerField())
    approved = serializers.ListField(child=serializers.IntegerField())

    class Meta:
        model = Ballot
        fields = ["id", "vote", "attendee_id", "ranking", "approved", "cast_at"]


class VoteSerializer(serializers.ModelSerializer):
    """`ballots` is null for viewers who do not hold the meeting: how each person voted stays with the chair."""

    proposal_ids = serializers.ListField(child=serializers.IntegerField())
    tally = serializers.SerializerMethodField()
    ballots = serializers.SerializerMethodField()

    class Meta:
        model = Vote
        fields = ["id", "meeting", "kind", "status", "proposal_ids", "opened_at", "closed_at", "tally", "ballots"]

    @extend_schema_field(TallySerializer)
    def get_tally(self, vote: Vote) -> dict:
        return _tally_answer(vote)

    @extend_schema_field(BallotSerializer(many=True, allow_null=True))
    def get_ballots(self, vote: Vote) -> list | None:
        if not self.context.get("holder"):
            return None
        return BallotSerializer(vote.ballots.order_by("pk"), many=True).data


def _tally_answer(vote: Vote) -> dict:
    tally = tally_of(vote)
    proposals = proposal_titles(tally.proposal_ids)

    def results(entry: GroupTally) -> list[dict]:
        return [{"proposal_id": pid, "points": points} for pid, points in entry.results()]

    groups = [
        {
            "group": entry.group,
            "label": entry.label,
            "ballot_count": entry.ballot_count,
            "top": entry.top,
            "top_tied": entry.top_tied,
            "results": results(entry),
        }
        for entry in (tally.groups[g] for g in TALLY_GROUPS)
    ]
    order = {pid: i for i, pid in enumerate(tally.proposal_ids)}
    return {
        "ballot_count": tally.ballot_count,
        "results": results(tally.overall),
        "groups": groups,
        "proposals": sorted(proposals, key=lambda p: order[p["id"]]),
    }


class VoteRequest(serializers.Serializer):
    kind = serializers.ChoiceField(VoteKind.choices)


class BallotRequest(serializers.Serializer):
    attendee_id = serializers.IntegerField()
    ranking = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Borda: id usulan, terbaik dahulu (boleh sebagian)."
    )
    approved = serializers.ListField(
        child=serializers.IntegerField(), required=False, help_text="Persetujuan: id usulan yang disetujui."
    )


def _vote(request, vote_id: int) -> Vote:
    vote = vote_visible(request.user, vote_id)
    if vote is None:
        raise NotFound(_("Pemungutan suara tidak ditemukan."))
    return vote


def _vote_answer(request, vote: Vote, code: int = status.HTTP_200_OK) -> Response:
    holder = request.user.has_perm("scoring.score_meeting", vote.meeting)
    return Response(VoteSerializer(vote, context={"holder": holder}).data, status=code)


class VoteListView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=VoteSerializer(many=True), tags=TAGS, summary="The meeting's votes, newest first")
    def get(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        holder = request.user.has_perm("scoring.score_meeting", meeting)
        votes = meeting_votes(meeting).select_related("meeting", "meeting__holder_region", "meeting__holder_group")
        return Response(VoteSerializer(votes, many=True, context={"holder": holder}).data)

    @extend_schema(
        request=VoteRequest,
        responses={201: VoteSerializer},
        tags=TAGS,
        summary="Open a Borda or approval vote on the meeting's list",
    )
    def post(self, request, meeting_id: int):
        meeting = meeting_or_404(request, meeting_id)
        vote = vote_open(actor=request.user, meeting=meeting, kind=valid_request(VoteRequest, request)["kind"])
        return _vote_answer(request, _vote(request, vote.pk), status.HTTP_201_CREATED)


class VoteDetailView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        responses=VoteSerializer, tags=TAGS, summary="A vote with its tallies, overall and per stakeholder group"
    )
    def get(self, request, vote_id: int):
        return _vote_answer(request, _vote(request, vote_id))


class BallotView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=BallotRequest,
        responses={201: BallotSerializer},
        tags=TAGS,
        summary="Enter (or replace) one attendee's ballot, from paper or a show of hands",
    )
    def post(self, request, vote_id: int):
        vote = _vote(request, vote_id)
        given = valid_request(BallotRequest, request)
        attendee = meeting_attendee(vote.meeting, given["attendee_id"])
        if attendee is None:
            raise serializers.ValidationError({"attendee_id": _("Hanya peserta Rembug ini yang dapat memberi suara.")})
        ballot = ballot_cast(
            actor=request.user,
            vote=vote,
            attendee=attendee,
            ranking=given.get("ranking"),
            approved=given.get("approved"),
        )
        return Response(BallotSerializer(ballot).data, status=status.HTTP_201_CREATED)


class VoteCloseView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(request=None, responses=VoteSerializer, tags=TAGS, summary="Close the vote; its tally is final")
    def post(self, request, vote_id: int):
        vote = _vote(request, vote_id)
        vote_close(actor=request.user, vote=vote)
        return _vote_answer(request, _vote(request, vote_id))
