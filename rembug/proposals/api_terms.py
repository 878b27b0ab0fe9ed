"""API of the city's word lists (issue 11, point 3): city staff read them, Bappeda and the city's administrator
write them. Same services as the pages; a term is retired, never deleted."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.accounts.api import CITY_PARAM
from rembug.accounts.scopes import current_city
from rembug.regions.models import Region
from rembug.vocabularies.models import Term, Vocabulary
from rembug.vocabularies.services import term_create, term_retire, term_update


class TermSerializer(serializers.ModelSerializer):
    vocabulary_label = serializers.CharField(source="get_vocabulary_display")

    class Meta:
        model = Term
        fields = ["id", "vocabulary", "vocabulary_label", "code", "name", "aliases", "is_active", "version"]


class TermFilter(serializers.Serializer):
    vocabulary = serializers.ChoiceField(Vocabulary.choices, required=False, help_text="Daftar, mis. satuan.")
    q = serializers.CharField(required=False, max_length=100, help_text="Kata dalam nama, kode atau nama lain.")
    active = serializers.BooleanField(required=False, allow_null=True, default=None, help_text="Hanya yang aktif.")


class TermWriteRequest(serializers.Serializer):
    name = serializers.CharField(max_length=255)
    code = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    aliases = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, default=list, max_length=30
    )


class TermCreateRequest(TermWriteRequest):
    vocabulary = serializers.ChoiceField(Vocabulary.choices)


class TermUpdateRequest(TermWriteRequest):
    version = serializers.IntegerField(help_text="Versi yang Anda baca; versi usang ditolak (409 stale_version).")
    is_active = serializers.BooleanField(required=False, allow_null=True, default=None)


class RetireRequest(serializers.Serializer):
    version = serializers.IntegerField()


def _city(request) -> Region:
    city = current_city(request, explicit=request.query_params.get("city"))
    if city is None:
        raise NotFound(_("Akun ini tidak terikat pada kota/kabupaten mana pun."))
    return city


def _term(request, pk: int) -> Term:
    term = Term.objects.select_related("city").filter(pk=pk, city=_city(request)).first()
    if term is None:
        raise NotFound(_("Istilah tidak ditemukan."))
    return term


class TermListView(generics.ListAPIView):
    """The terms of the caller's city, by list, paginated; Bappeda adds one with POST."""

    serializer_class = TermSerializer
    permission_classes = [IsAuthenticated]

    @extend_schema(parameters=[TermFilter, CITY_PARAM], tags=["terms"], summary="The city's word lists")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        form = TermFilter(data=self.request.query_params)
        form.is_valid(raise_exception=True)
        given = form.validated_data
        terms = Term.objects.filter(city=_city(self.request)).order_by("vocabulary", "-is_active", "name")
        if given.get("vocabulary"):
            terms = terms.filter(vocabulary=given["vocabulary"])
        if given.get("active") is not None:
            terms = terms.filter(is_active=given["active"])
        if given.get("q"):
            q = given["q"]
            terms = terms.filter(Q(name__icontains=q) | Q(code__icontains=q) | Q(aliases__icontains=q))
        return terms

    @extend_schema(
        request=TermCreateRequest,
        responses={201: TermSerializer},
        parameters=[CITY_PARAM],
        tags=["terms"],
        summary="Add a term to one of the city's lists (Bappeda)",
    )
    def post(self, request):
        form = TermCreateRequest(data=request.data)
        form.is_valid(raise_exception=True)
        term = term_create(actor=request.user, city=_city(request), **form.validated_data)
        return Response(TermSerializer(term).data, status=status.HTTP_201_CREATED)


class TermView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(responses=TermSerializer, parameters=[CITY_PARAM], tags=["terms"], summary="One term")
    def get(self, request, pk: int):
        return Response(TermSerializer(_term(request, pk)).data)

    @extend_schema(
        request=TermUpdateRequest,
        responses=TermSerializer,
        parameters=[CITY_PARAM],
        tags=["terms"],
        summary="Rename a term, change its code or aliases, or bring it back (Bappeda; send the version you read)",
    )
    def patch(self, request, pk: int):
        term = _term(request, pk)
        form = TermUpdateRequest(data=request.data)
        form.is_valid(raise_exception=True)
        return Response(TermSerializer(term_update(actor=request.user, term=term, **form.validated_data)).data)


class TermRetireView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=RetireRequest,
        responses=TermSerializer,
        parameters=[CITY_PARAM],
        tags=["terms"],
        summary="No longer offer a term (Bappeda); records that name it keep it",
    )
    def post(self, request, pk: int):
        term = _term(request, pk)
        form = RetireRequest(data=request.data)
        form.is_valid(raise_exception=True)
        return Response(TermSerializer(term_retire(actor=request.user, term=term, **form.validated_data)).data)
