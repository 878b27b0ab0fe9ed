"""The stages of a planning year and what each one allows, in one table (Permendagri 86/2017 order).

A write that belongs to the process names its Action; `services.require_stage_open` finds the stage that allows it
and refuses with a clear message when that stage is not open. Who may do it is a separate question (rules.py).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.accounts.roles import Role


class StageKind(models.TextChoices):
    REMBUG = "rembug", _("Rembug RT/RW/Pokmas")
    MUSRENBANG_KELURAHAN = "musrenbang_kelurahan", _("Musrenbang Kelurahan")
    MUSRENBANG_KECAMATAN = "musrenbang_kecamatan", _("Musrenbang Kecamatan")
    FORUM_OPD = "forum_opd", _("Forum Perangkat Daerah")
    MUSRENBANG_KOTA = "musrenbang_kota", _("Musrenbang Kota")
    IMPLEMENTATION = "implementation", _("Pelaksanaan")


class Action(models.TextChoices):
    PROPOSAL_EDIT = "proposal.edit", _("menyusun dan mengubah usulan")
    REMBUG_HOLD = "rembug.hold", _("mencatat dan menetapkan Rembug")
    PAPER_IMPORT = "rembug.import", _("mengunggah hasil Rembug dari kertas")
    CONDITION_SURVEY = "conditions.survey", _("mengisi survei kondisi wilayah")
    KELURAHAN_FORUM = "forum.kelurahan", _("menyelenggarakan Musrenbang Kelurahan")
    KECAMATAN_FORUM = "forum.kecamatan", _("menyelenggarakan Musrenbang Kecamatan")
    THEMATIC_FORUM = "forum.tematik", _("menyelenggarakan Musrenbang Tematik")
    VERIFY = "proposal.verify", _("memverifikasi usulan")
    CEILING_EDIT = "budget.ceiling", _("mengatur pagu indikatif")
    BUDGET_FIT = "budget.fit", _("menyesuaikan usulan dengan pagu indikatif")
    PROGRESS_REPORT = "delivery.report", _("melaporkan kemajuan pelaksanaan")


@dataclass(frozen=True)
class StageSpec:
    kind: StageKind
    allows: frozenset[str]
    #: What each role has to do while the stage is open: the dashboard's to-do list.
    tasks: dict[str, tuple[str, ...]] = field(default_factory=dict)


STAGES: tuple[StageSpec, ...] = (
    StageSpec(
        StageKind.REMBUG,
        allows=frozenset(
            {
                Action.PROPOSAL_EDIT,
                Action.REMBUG_HOLD,
                Action.PAPER_IMPORT,
                Action.CONDITION_SURVEY,
                Action.THEMATIC_FORUM,
            }
        ),
        tasks={
            Role.KETUA_RT: (
                _("Tulis usulan warga RT Anda, lengkap dengan lokasi dan foto."),
                _("Selenggarakan Rembug RT: catat kehadiran, sepakati urutan prioritas dan pendanaan."),
                _("Tetapkan hasil Rembug dan unduh Berita Acara."),
            ),
            Role.KETUA_RW: (
                _("Tulis usulan tingkat RW dan pantau Rembug RT di wilayah Anda."),
                _("Selenggarakan Rembug RW dan tetapkan hasilnya."),
            ),
            Role.KETUA_POKMAS: (_("Tulis usulan Pokmas dan tetapkan hasil rembugnya."),),
            Role.OPERATOR_KELURAHAN: (
                _("Pantau Rembug RT/RW/Pokmas di kelurahan Anda."),
                _("Unggah hasil Rembug yang diadakan di atas kertas."),
            ),
            Role.LURAH: (_("Pantau Rembug RT/RW/Pokmas di kelurahan Anda."),),
            Role.BAPPEDA: (_("Pantau kemajuan Rembug di seluruh kota."),),
        },
    ),
    StageSpec(
        StageKind.MUSRENBANG_KELURAHAN,
        allows=frozenset({Action.KELURAHAN_FORUM, Action.THEMATIC_FORUM}),
        tasks={
            Role.OPERATOR_KELURAHAN: (
                _("Gabungkan usulan RT/RW/Pokmas yang sama dan periksa lokasinya."),
                _("Selenggarakan Musrenbang Kelurahan dan tetapkan Berita Acaranya."),
            ),
            Role.LURAH: (_("Pimpin Musrenbang Kelurahan dan tandatangani Berita Acaranya."),),
            Role.LPMK: (_("Hadiri Musrenbang Kelurahan dan kawal usulan warga."),),
            Role.KETUA_RW: (_("Hadiri Musrenbang Kelurahan sebagai delegasi RW."),),
        },
    ),
    StageSpec(
        StageKind.MUSRENBANG_KECAMATAN,
        allows=frozenset({Action.KECAMATAN_FORUM}),
        tasks={
            Role.OPERATOR_KECAMATAN: (_("Gabungkan daftar usulan kelurahan dan selenggarakan Musrenbang Kecamatan."),),
            Role.CAMAT: (_("Pimpin Musrenbang Kecamatan dan tandatangani Berita Acaranya."),),
        },
    ),
    StageSpec(
        StageKind.FORUM_OPD,
        allows=frozenset({Action.VERIFY}),
        tasks={Role.VERIFIKATOR_OPD: (_("Verifikasi usulan yang diarahkan ke perangkat daerah Anda."),)},
    ),
    StageSpec(
        StageKind.MUSRENBANG_KOTA,
        # The pagu is set in the same stage the fit is run against it: once closed, both are the record.
        allows=frozenset({Action.CEILING_EDIT, Action.BUDGET_FIT}),
        tasks={Role.BAPPEDA: (_("Tetapkan pagu indikatif dan sesuaikan usulan dengan pagu."),)},
    ),
    StageSpec(
        StageKind.IMPLEMENTATION,
        allows=frozenset({Action.PROGRESS_REPORT}),
        tasks={Role.VERIFIKATOR_OPD: (_("Laporkan kemajuan pelaksanaan kegiatan."),)},
    ),
)

STAGE_SPECS: dict[str, StageSpec] = {spec.kind: spec for spec in STAGES}
STAGE_ORDER: dict[str, int] = {spec.kind: i for i, spec in enumerate(STAGES)}


def stages_allowing(action: str) -> list[StageKind]:
    return [spec.kind for spec in STAGES if action in spec.allows]
