"""API pieces of a proposal that other apps' endpoints show too (the verification queue shows the deviation)."""

from __future__ import annotations

from rest_framework import serializers


class DeviationSerializer(serializers.Serializer):
    """How far the proposal's amount (anggaran) is from volume × the dictionary's price (issue 11, point 2)."""

    reference = serializers.IntegerField(help_text="Volume × harga satuan kamus (Rp).")
    difference = serializers.IntegerField(help_text="Anggaran − volume × harga satuan kamus (Rp).")
    percent = serializers.FloatField(allow_null=True, help_text="Selisih dalam persen.")
