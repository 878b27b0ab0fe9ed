"""Regions in the REST API: the children of a region, for cascading pickers and integrations."""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny

from .models import Region
from .selectors import region_children


class RegionSerializer(serializers.ModelSerializer):
    class Meta:
        model = Region
        fields = ["code", "name", "level"]


class RegionListView(generics.ListAPIView):
    """Children of a region (`?parent=35.73` → its kecamatan); without `parent`, the provinces."""

    serializer_class = RegionSerializer
    permission_classes = [AllowAny]

    @extend_schema(
        parameters=[OpenApiParameter("parent", str, description="Kode wilayah induk, mis. 35.73", required=False)],
        tags=["regions"],
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        parent = self.request.query_params.get("parent") or None
        children = region_children(parent)
        if children is None:
            raise NotFound(_("Wilayah dengan kode %(code)s tidak ditemukan.") % {"code": parent})
        return children
