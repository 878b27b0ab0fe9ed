"""Meetings that agree lists: the Rembug of an RT, RW or Pokmas (and, later, the Musrenbang forums).

A finalized meeting never changes: its minutes (Berita Acara) are stored with their checksum, and a correction
is a new revision linked to it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked
from rembug.proposals.choices import DecisionReason


class MeetingKind(models.TextChoices):
    REMBUG_RT = "rembug_rt", _("Rembug RT")
    REMBUG_RW = "rembug_rw", _("Rembug RW")
    REMBUG_POKMAS = "rembug_pokmas", _("Rembug Pokmas")
    TEMATIK = "tematik", _("Musrenbang Tematik")
    MUSRENBANG_KELURAHAN = "musrenbang_kelurahan", _("Musrenbang Kelurahan")
    MUSRENBANG_KECAMATAN = "musrenbang_kecamatan", _("Musrenbang Kecamatan")


REMBUG_KINDS = (MeetingKind.REMBUG_RT, MeetingKind.REMBUG_RW, MeetingKind.REMBUG_POKMAS)
#: Forums that decide on lists agreed below them (merge, fund here, forward, or not accommodated).
UPPER_KINDS = (MeetingKind.MUSRENBANG_KELURAHAN, MeetingKind.MUSRENBANG_KECAMATAN)


class Theme(models.TextChoices):
    """Groups of the Musrenbang Tematik, as Kota Malang holds them."""

    ANAK = "anak", _("Anak")
    PEREMPUAN = "perempuan", _("Perempuan")
    LANSIA = "lansia", _("Lansia")
    DIFABEL = "difabel", _("Penyandang disabilitas")
    PEMUDA = "pemuda", _("Pemuda")


class ForumDecision(models.TextChoices):
    """What a Musrenbang forum agrees for one item of its list (DECISION_TARGET maps it to the proposal's status)."""

    FUND_HERE = "fund_here", _("Didanai di kelurahan (Dana Kelurahan/swadaya)")
    FORWARD = "forward", _("Diteruskan ke tingkat berikutnya")
    NOT_ACCOMMODATED = "not_accommodated", _("Tidak diakomodasi")


class MeetingStatus(models.TextChoices):
    DRAFT = "draft", _("Draf")
    FINALIZED = "finalized", _("Ditetapkan")
    SUPERSEDED = "superseded", _("Diganti revisi")


class Gender(models.TextChoices):
    FEMALE = "P", _("Perempuan")
    MALE = "L", _("Laki-laki")


class AgeGroup(models.TextChoices):
    CHILD = "anak", _("Anak (di bawah 16)")
    YOUTH = "pemuda", _("Pemuda (16–30)")
    ADULT = "dewasa", _("Dewasa (31–59)")
    ELDERLY = "lansia", _("Lansia (60 ke atas)")


class Stakeholder(models.TextChoices):
    """Groups the seed names as stakeholders of participatory planning (Bimtek Kota Malang 2022)."""

    TOKOH = "tokoh_masyarakat", _("Tokoh masyarakat")
    PEREMPUAN = "perempuan", _("Perempuan")
    PEMUDA = "pemuda", _("Pemuda")
    LANSIA = "lansia", _("Lansia")
    DIFABEL = "difabel", _("Difabel")
    RENTAN = "kelompok_rentan", _("Kelompok rentan")
    LAINNYA = "lainnya", _("Lainnya")


class OfficialCategory(models.TextChoices):
    """The official unsur a participant attends for, as the Berita Acara counts them (beside the social groups)."""

    DPRD = "dprd", _("Anggota DPRD")
    PERANGKAT_DAERAH = "perangkat_daerah", _("Perangkat daerah")
    PERANGKAT_KECAMATAN = "perangkat_kecamatan", _("Perangkat kecamatan")
    PERANGKAT_KELURAHAN = "perangkat_kelurahan", _("Perangkat kelurahan/desa")
    DELEGASI = "delegasi_rt_rw", _("Delegasi RT/RW")
    LPMK = "lpmk_bkm", _("LPMK/BKM")
    PKK = "pkk", _("PKK")
    TOKOH_MASYARAKAT = "tokoh_masyarakat", _("Tokoh masyarakat")
    TOKOH_AGAMA = "tokoh_agama", _("Tokoh agama")
    LEMBAGA = "lembaga", _("Organisasi/lembaga kemasyarakatan")
    WARGA = "warga", _("Warga/lainnya")


class Meeting(models.Model):
    cycle = models.ForeignKey("cycles.PlanningCycle", on_delete=models.PROTECT, related_name="meetings")
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", editable=False)
    # The kelurahan of the meeting; empty for a Musrenbang Kecamatan.
    kelurahan = models.ForeignKey(
        "regions.Region", null=True, blank=True, on_delete=models.PROTECT, related_name="+", editable=False
    )
    kind = models.CharField(_("jenis"), max_length=24, choices=MeetingKind.choices)
    theme = models.CharField(_("tema"), max_length=12, choices=Theme.choices, blank=True)
    holder_region = models.ForeignKey(
        "regions.Region", verbose_name=_("wilayah"), on_delete=models.PROTECT, related_name="+"
    )
    holder_group = models.ForeignKey(
        "regions.CommunityGroup",
        verbose_name=_("Pokmas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    held_on = models.DateField(_("tanggal"), null=True, blank=True)
    starts_at = models.TimeField(_("pukul"), null=True, blank=True)
    # The Berita Acara's number: given while a draft, or made from the city's pattern when finalized.
    number = models.CharField(_("nomor berita acara"), max_length=80, blank=True)
    # Notulen: the points raised, in order, one short text each (printed in the Berita Acara).
    notes = models.JSONField(_("notulen"), default=list, blank=True)
    place = models.CharField(_("tempat"), max_length=200, blank=True)
    chair_name = models.CharField(_("pimpinan rapat"), max_length=150, blank=True)
    agenda = models.TextField(_("agenda"), blank=True)
    order_method = models.TextField(
        _("cara menyepakati urutan"),
        blank=True,
        help_text=_("Mis. musyawarah mufakat, dibantu saran urutan SAW dan pemungutan suara peserta."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.DRAFT, editable=False
    )
    revision_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="revised_by", editable=False
    )
    revision = models.PositiveSmallIntegerField(default=0, editable=False)
    correction_reason = models.TextField(_("alasan koreksi"), blank=True, editable=False)
    finalized_at = models.DateTimeField(null=True, blank=True, editable=False)
    finalized_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    minutes_pdf = models.FileField(upload_to="berita-acara/", blank=True, editable=False)
    minutes_sha256 = models.CharField(max_length=64, blank=True, editable=False)
    list_xlsx = models.FileField(upload_to="berita-acara/", blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    # The tamper-evident seal (forums/records.py): the record's place in its city's chain and the hashes.
    chain_seq = models.PositiveIntegerField(null=True, blank=True, editable=False)
    previous_hash = models.CharField(max_length=64, blank=True, editable=False)
    record_hash = models.CharField(_("kode rekaman"), max_length=64, blank=True, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("rembug")
        verbose_name_plural = _("rembug")
        ordering = ["-cycle__year", "holder_region__code"]
        constraints = [
            # Per holder and year: one meeting in force and at most one draft (its revision); superseded ones stay.
            models.UniqueConstraint(
                fields=["cycle", "holder_region", "kind", "theme", "status"],
                condition=models.Q(holder_group__isnull=True) & ~models.Q(status="superseded"),
                name="one_forum_per_holder",
            ),
            models.UniqueConstraint(
                fields=["cycle", "holder_group", "status"],
                condition=models.Q(holder_group__isnull=False) & ~models.Q(status="superseded"),
                name="one_rembug_per_pokmas",
            ),
            models.UniqueConstraint(fields=["city", "chain_seq"], name="one_record_per_chain_place"),
        ]
        indexes = [models.Index(fields=["kelurahan", "cycle", "status"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.holder_label} {self.cycle.year}"

    @property
    def holder_label(self) -> str:
        return str(self.holder_group) if self.holder_group_id else self.holder_region.label

    @property
    def is_frozen(self) -> bool:
        return self.status != MeetingStatus.DRAFT


class Attendee(models.Model):
    """A named participant. Only what the minutes need; no phone number is asked (UU 27/2022)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="attendees")
    name = models.CharField(_("nama"), max_length=150)
    gender = models.CharField(_("jenis kelamin"), max_length=1, choices=Gender.choices)
    age_group = models.CharField(_("kelompok umur"), max_length=8, choices=AgeGroup.choices)
    groups = models.JSONField(_("kelompok pemangku kepentingan"), default=list, blank=True)
    position = models.CharField(_("jabatan/unsur"), max_length=120, blank=True)
    category = models.CharField(
        _("unsur resmi"), max_length=20, choices=OfficialCategory.choices, default=OfficialCategory.WARGA
    )
    # The entry form's one-time token: a double tap on a slow phone adds the person once.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("peserta")
        verbose_name_plural = _("peserta")
        ordering = ["meeting", "pk"]

    def __str__(self) -> str:
        return self.name


class AttendanceCount(models.Model):
    """People counted but not named, for sensitive groups (e.g. 3 difabel) — counts instead of names."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="counts")
    group = models.CharField(_("kelompok"), max_length=20, choices=Stakeholder.choices)
    count = models.PositiveSmallIntegerField(_("jumlah"))
    history = tracked()

    class Meta:
        verbose_name = _("jumlah peserta tanpa nama")
        verbose_name_plural = _("jumlah peserta tanpa nama")
        constraints = [models.UniqueConstraint(fields=["meeting", "group"], name="uniq_count_per_group")]

    def __str__(self) -> str:
        return f"{self.get_group_display()}: {self.count}"


class OfficialCount(models.Model):
    """People counted per official unsur without names (e.g. 2 anggota DPRD): counts instead of names stay possible
    (UU 27/2022)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="official_counts")
    category = models.CharField(_("unsur resmi"), max_length=20, choices=OfficialCategory.choices)
    count = models.PositiveSmallIntegerField(_("jumlah"))
    history = tracked()

    class Meta:
        verbose_name = _("jumlah peserta menurut unsur")
        verbose_name_plural = _("jumlah peserta menurut unsur")
        constraints = [models.UniqueConstraint(fields=["meeting", "category"], name="uniq_official_count")]

    def __str__(self) -> str:
        return f"{self.get_category_display()}: {self.count}"


class Signatory(models.Model):
    """A signature block of the Berita Acara: the chair and representatives; at kecamatan the Camat (with NIP)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="signatories")
    title = models.CharField(_("jabatan"), max_length=120)
    name = models.CharField(_("nama"), max_length=150, blank=True)
    nip = models.CharField(_("NIP"), max_length=18, blank=True)
    order = models.PositiveSmallIntegerField(_("urutan"))
    history = tracked()

    class Meta:
        verbose_name = _("penanda tangan")
        verbose_name_plural = _("penanda tangan")
        ordering = ["meeting", "order"]
        constraints = [models.UniqueConstraint(fields=["meeting", "order"], name="uniq_signatory_order")]

    def __str__(self) -> str:
        return f"{self.title}: {self.name}"


class MeetingItem(models.Model):
    """A proposal on the meeting's agreed list, at its rank (1 = highest priority)."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="items")
    proposal = models.ForeignKey("proposals.Proposal", on_delete=models.PROTECT, related_name="meeting_items")
    rank = models.PositiveSmallIntegerField(_("peringkat"))
    within_quota = models.BooleanField(_("dalam kuota"), default=True, editable=False)
    # In the Musrenbang Kelurahan/Kecamatan: what the forum decided for the item, and why.
    decision = models.CharField(_("keputusan"), max_length=20, choices=ForumDecision.choices, blank=True)
    reason = models.CharField(_("alasan"), max_length=20, choices=DecisionReason.choices, blank=True)
    reason_text = models.CharField(_("keterangan alasan"), max_length=300, blank=True)
    history = tracked()

    class Meta:
        verbose_name = _("usulan dalam rembug")
        verbose_name_plural = _("usulan dalam rembug")
        ordering = ["meeting", "rank"]
        constraints = [models.UniqueConstraint(fields=["meeting", "proposal"], name="uniq_item_per_meeting")]

    def __str__(self) -> str:
        return f"{self.rank}. {self.proposal_id}"


class DelegateMandate(models.TextChoices):
    """What the delegates are sent to do: a fixed list, because a free-text box was where chairs typed phone
    numbers and NIK that then went into the printed Berita Acara (decision 0013)."""

    CARRY = "mengawal", _("Menyampaikan dan mengawal usulan prioritas di forum berikutnya")
    CARRY_AND_REPORT = "mengawal_melapor", _("Mengawal usulan dan melaporkan hasilnya kepada warga")
    SPEAK = "juru_bicara", _("Juru bicara wilayah di forum berikutnya")


class Delegate(models.Model):
    """A participant elected to carry the list to the next forum (Musrenbang Kelurahan).

    Only structured facts are kept: which attendee, the group they represent (unsur) and the mandate.
    """

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="delegates")
    attendee = models.ForeignKey(Attendee, on_delete=models.CASCADE, related_name="+")
    role = models.CharField(_("unsur"), max_length=20, choices=Stakeholder.choices, default=Stakeholder.LAINNYA)
    mandate = models.CharField(
        _("mandat"), max_length=20, choices=DelegateMandate.choices, default=DelegateMandate.CARRY
    )
    history = tracked()

    class Meta:
        verbose_name = _("delegasi")
        verbose_name_plural = _("delegasi")
        constraints = [models.UniqueConstraint(fields=["meeting", "attendee"], name="uniq_delegate")]

    def __str__(self) -> str:
        return str(self.attendee)


class MinutesWording(models.Model):
    """A city's wording of the Berita Acara (decision 0028): edited by Bappeda in the admin, no code change.

    `kind` empty is the city's wording for every forum without its own row; without any row the built-in wording
    (forums/wording.py) is used. Texts may hold placeholders such as {jumlah_usulan}; unknown ones stay as typed.
    """

    city = models.ForeignKey(
        "regions.Region", verbose_name=_("kota/kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("jenis forum"), max_length=24, choices=MeetingKind.choices, blank=True)
    letterhead = models.TextField(
        _("kop surat"), blank=True, help_text=_("Satu baris per baris kop; kosong: nama pemerintah kota dan wilayah.")
    )
    logo = models.ImageField(_("logo"), upload_to="kop/", blank=True)
    considerations = models.TextField(_("pertimbangan"), blank=True)
    clauses = models.TextField(
        _("butir kesepakatan"), blank=True, help_text=_("Satu butir per baris; dicetak sebagai KESATU, KEDUA, …")
    )
    closing = models.TextField(_("kalimat penutup"), blank=True)
    signatory_titles = models.TextField(
        _("jabatan penanda tangan"),
        blank=True,
        help_text=_("Satu jabatan per baris, dipakai bila forum belum mengisinya."),
    )
    number_pattern = models.CharField(
        _("pola nomor"), max_length=80, blank=True, help_text=_("Mis. {seq}/BA/{kode_kelurahan}/{tahun}.")
    )
    version = models.PositiveIntegerField(_("versi"), default=1, editable=False)
    updated_at = models.DateTimeField(auto_now=True)
    history = tracked()

    class Meta:
        verbose_name = _("teks berita acara")
        verbose_name_plural = _("teks berita acara")
        ordering = ["city", "kind"]
        constraints = [models.UniqueConstraint(fields=["city", "kind"], name="uniq_minutes_wording")]

    def __str__(self) -> str:
        return f"{self.city} — {self.get_kind_display() or _('semua forum')}"

    def save(self, *args, **kwargs):
        if self.pk:
            self.version += 1
        super().save(*args, **kwargs)
