"""Kelurahan staff keep their RW, RT, Pokmas and lembaga through the API too (issue 11 point 6): the same services
and rules as the pages (regions/keeping.py). A kelurahan the person does not keep is not found (404); a region or
group they see but may not change is refused (403); a stale `version` is 409."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from rembug.regions import keeping
from rembug.regions.models import VILLAGE_LEVELS, CommunityGroup, Level, Region
from rembug.regions.selectors import kelurahan_groups, kelurahan_tree


class KeptRegionSerializer(serializers.ModelSerializer):
    label = serializers.CharField()

    class Meta:
        model = Region
        fields = ["code", "name", "label", "level", "number", "is_active", "is_generated", "version"]


class KeptRwSerializer(KeptRegionSerializer):
    rt = KeptRegionSerializer(many=True)

    class Meta(KeptRegionSerializer.Meta):
        fields = [*KeptRegionSerializer.Meta.fields, "rt"]


class GroupSerializer(serializers.ModelSerializer):
    label = serializers.CharField(source="__str__")
    region = serializers.CharField(source="region.code")

    class Meta:
        model = CommunityGroup
        fields = ["id", "kind", "name", "label", "region", "focus", "is_active", "version"]


class KeptSerializer(serializers.Serializer):
    rw = KeptRwSerializer(many=True)
    groups = GroupSerializer(many=True)


class RegionAddRequest(serializers.Serializer):
    number = serializers.IntegerField(min_value=1, max_value=999, help_text="Nomor RW (di kelurahan) atau RT (di RW).")
    name = serializers.CharField(required=False, allow_blank=True, max_length=120)


class RegionChangeRequest(serializers.Serializer):
    version = serializers.IntegerField(help_text="Versi yang Anda baca; versi usang ditolak (409 stale_version).")
    name = serializers.CharField(required=False, max_length=120)
    number = serializers.IntegerField(required=False, min_value=1, max_value=999)
    is_active = serializers.BooleanField(required=False, help_text="false: nonaktifkan; true: aktifkan kembali.")


class GroupAddRequest(serializers.Serializer):
    region = serializers.CharField(max_length=40, help_text="Kode kelurahan/desa (Pokmas juga boleh kode RW).")
    kind = serializers.SlugField(max_length=30, help_text="Kode jenis kelompok kota: pokmas, lpmk, pkk, …")
    name = serializers.CharField(max_length=160)
    focus = serializers.CharField(required=False, allow_blank=True, max_length=160)


class GroupChangeRequest(serializers.Serializer):
    version = serializers.IntegerField()
    name = serializers.CharField(required=False, max_length=160)
    focus = serializers.CharField(required=False, allow_blank=True, max_length=160)
    is_active = serializers.BooleanField(required=False)


def _kept(request, code: str, levels) -> Region:
    region = Region.objects.select_related("parent").filter(code=code, level__in=levels).first()
    if region is None or not request.user.has_perm("regions.add_region", region):
        raise NotFound(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})
    return region


class KeptRegionsView(APIView):
    """A kelurahan's RW with their RT and its groups (retired ones too); POST adds an RW there, or an RT to an RW."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses=KeptSerializer, tags=["regions"], summary="The RW, RT and groups a kelurahan keeps")
    def get(self, request, code: str):
        kelurahan = _kept(request, code, VILLAGE_LEVELS)
        tree = [
            {**KeptRegionSerializer(rw).data, "rt": KeptRegionSerializer(rts, many=True).data}
            for rw, rts in kelurahan_tree(kelurahan)
        ]
        return Response({"rw": tree, "groups": GroupSerializer(kelurahan_groups(kelurahan), many=True).data})

    @extend_schema(
        request=RegionAddRequest,
        responses={201: KeptRegionSerializer},
        tags=["regions"],
        summary="Add an RW to a kelurahan or an RT to an RW",
    )
    def post(self, request, code: str):
        form = RegionAddRequest(data=request.data)  # a malformed body is named first, as in every endpoint
        form.is_valid(raise_exception=True)
        parent = _kept(request, code, (*VILLAGE_LEVELS, Level.RW))
        added = keeping.region_add(actor=request.user, parent=parent, **form.validated_data)
        return Response(KeptRegionSerializer(added).data, status=status.HTTP_201_CREATED)


class KeptRegionView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=RegionChangeRequest,
        responses=KeptRegionSerializer,
        tags=["regions"],
        summary="Rename, renumber, retire or bring back an RW/RT",
    )
    def patch(self, request, code: str):
        form = RegionChangeRequest(data=request.data)
        form.is_valid(raise_exception=True)
        region = Region.objects.select_related("parent").filter(code=code, level__in=(Level.RW, Level.RT)).first()
        if region is None:  # region codes are public facts: one that exists is seen, and refused if not one's own
            raise NotFound(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": code})
        if not request.user.has_perm("regions.change_region", region):
            raise PermissionDenied(_("Anda hanya dapat mengubah wilayah kelurahan Anda sendiri."))
        given = dict(form.validated_data)
        active = given.pop("is_active", None)
        if given.keys() - {"version"}:
            region = keeping.region_update(actor=request.user, region=region, **given)
            given["version"] = region.version
        if active is not None:
            region = keeping.region_set_active(
                actor=request.user, region=region, version=given["version"], active=active
            )
        return Response(KeptRegionSerializer(region).data)


class GroupAddView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=GroupAddRequest,
        responses={201: GroupSerializer},
        tags=["regions"],
        summary="Register a Pokmas or a lembaga of a kelurahan",
    )
    def post(self, request):
        form = GroupAddRequest(data=request.data)
        form.is_valid(raise_exception=True)
        given = dict(form.validated_data)
        region = Region.objects.filter(code=given.pop("region"), level__in=(*VILLAGE_LEVELS, Level.RW)).first()
        if region is None:
            raise serializers.ValidationError({"region": _("Kelurahan/desa atau RW tidak ditemukan.")})
        group = keeping.group_add(actor=request.user, region=region, **given)
        return Response(GroupSerializer(group).data, status=status.HTTP_201_CREATED)


class GroupView(APIView):
    permission_classes = [IsAuthenticated]

    @extend_schema(
        request=GroupChangeRequest,
        responses=GroupSerializer,
        tags=["regions"],
        summary="Rename, retire or bring back a Pokmas or lembaga",
    )
    def patch(self, request, pk: int):
        form = GroupChangeRequest(data=request.data)
        form.is_valid(raise_exception=True)
        group = CommunityGroup.objects.select_related("region").filter(pk=pk).first()
        if group is None or not request.user.has_perm("regions.change_communitygroup", group):
            raise NotFound(_("Kelompok tidak ditemukan."))
        given = dict(form.validated_data)
        active = given.pop("is_active", None)
        if given.keys() - {"version"}:
            group = keeping.group_update(actor=request.user, group=group, **given)
            given["version"] = group.version
        if active is not None:
            group = keeping.group_set_active(actor=request.user, group=group, version=given["version"], active=active)
        return Response(GroupSerializer(group).data)
