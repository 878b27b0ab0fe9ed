"""Vocabularies of proposals: the seed's four fields with their categories, funding sources, authority."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Field(models.TextChoices):
    """The four things a Rembug looks at (the seed article; Bimtek Kota Malang 2022)."""

    PUBLIC_FACILITIES = "sarana_umum", _("Sarana dan prasarana umum")
    PRIVATE_NEEDS = "kebutuhan_warga", _("Kebutuhan pribadi warga")
    SOCIAL_CULTURAL = "sosial_budaya", _("Sosial budaya")
    ECONOMIC = "ekonomi", _("Ekonomi")


class Category(models.TextChoices):
    JALAN = "jalan", _("Jalan")
    DRAINASE = "drainase", _("Drainase / gorong-gorong")
    MCK = "mck", _("MCK")
    AIR_BERSIH = "air_bersih", _("Air bersih")
    PERSAMPAHAN = "persampahan", _("Persampahan")
    PENDIDIKAN = "pendidikan", _("Pendidikan")
    KESEHATAN = "kesehatan", _("Kesehatan")
    BUDAYA = "budaya", _("Budaya")
    UMKM = "umkm", _("UMKM")
    KETERAMPILAN = "keterampilan", _("Keterampilan")
    PEMASARAN = "pemasaran", _("Pemasaran")
    LAINNYA = "lainnya", _("Lainnya")


CATEGORY_FIELD: dict[str, str] = {
    Category.JALAN: Field.PUBLIC_FACILITIES,
    Category.DRAINASE: Field.PUBLIC_FACILITIES,
    Category.MCK: Field.PUBLIC_FACILITIES,
    Category.AIR_BERSIH: Field.PRIVATE_NEEDS,
    Category.PERSAMPAHAN: Field.PRIVATE_NEEDS,
    Category.PENDIDIKAN: Field.SOCIAL_CULTURAL,
    Category.KESEHATAN: Field.SOCIAL_CULTURAL,
    Category.BUDAYA: Field.SOCIAL_CULTURAL,
    Category.UMKM: Field.ECONOMIC,
    Category.KETERAMPILAN: Field.ECONOMIC,
    Category.PEMASARAN: Field.ECONOMIC,
}


class Authority(models.TextChoices):
    KELURAHAN = "kelurahan", _("Kewenangan kelurahan")
    KOTA = "kota", _("Kewenangan kota")


class FundingSource(models.TextChoices):
    SWADAYA = "swadaya", _("Swadaya")
    DANA_KELURAHAN = "dana_kelurahan", _("Dana Kelurahan")
    APBD_KOTA = "apbd_kota", _("APBD Kota")
    APBD_PROVINSI = "apbd_provinsi", _("APBD Provinsi")
    APBN = "apbn", _("APBN")
    CSR = "csr", _("CSR")
    LAINNYA = "lainnya", _("Lainnya")


class DecisionReason(models.TextChoices):
    """Why a proposal is not accommodated, at any level (Musrenbang, agency, fit): one list, so every level's
    reasons can be read and counted together; "lainnya" needs a written reason."""

    NOT_AUTHORITY = "bukan_kewenangan", _("Bukan kewenangan daerah")
    ALREADY_FUNDED = "sudah_dianggarkan", _("Sudah dianggarkan/dikerjakan")
    NOT_FEASIBLE = "tidak_layak", _("Tidak layak secara teknis")
    LOCATION = "lokasi", _("Lokasi tidak sesuai atau belum jelas")
    OVER_CEILING = "melebihi_pagu", _("Melebihi pagu")
    DUPLICATE = "duplikasi", _("Sama dengan usulan lain")
    LOW_PRIORITY = "prioritas_rendah", _("Prioritas lebih rendah")
    OTHER = "lainnya", _("Lainnya")
