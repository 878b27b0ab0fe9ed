"""Query parameters several endpoints share, declared once for the OpenAPI document."""

from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter

#: The city an endpoint works in, for a caller with roles in several cities (docs/decisions/0021).
CITY_PARAM = OpenApiParameter(
    "city",
    str,
    required=False,
    description=(
        "Kode Kemendagri kota/kabupaten (mis. 35.73). Wajib bila akun berperan di beberapa kota dan belum memilih "
        "kota di situs web; bawaan: satu-satunya kota akun."
    ),
)
