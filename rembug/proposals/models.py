"""Proposals (usulan), the city's proposal dictionary (kamus usulan), attachments and each proposal's history."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from rembug.history import tracked
from rembug.regions.kinds import proposer_label
from rembug.rupiah import rupiah

from .choices import Authority, Category, Field, FundingSource
from .lifecycle import Status


class DictionaryItem(models.Model):
    """A standard item a proposal must pick (kamus usulan): it routes the proposal to an agency and prices it."""

    city = models.ForeignKey(
        "regions.Region", verbose_name=_("kota/kabupaten"), on_delete=models.PROTECT, related_name="+"
    )
    code = models.CharField(_("kode"), max_length=30)
    name = models.CharField(_("nama kegiatan"), max_length=200)
    field = models.CharField(_("bidang"), max_length=20, choices=Field.choices)
    category = models.CharField(_("kategori"), max_length=20, choices=Category.choices)
    agency = models.ForeignKey("agencies.Agency", verbose_name=_("perangkat daerah"), on_delete=models.PROTECT)
    # SIPD's kamus has items without unit or price: then a proposal names its own unit and amount (issue 11).
    unit = models.CharField(_("satuan"), max_length=30, blank=True)
    unit_price = models.PositiveBigIntegerField(_("harga satuan (Rp)"), null=True, blank=True)
    authority = models.CharField(_("kewenangan"), max_length=10, choices=Authority.choices)
    nomenclature_code = models.CharField(
        _("kode nomenklatur"),
        max_length=40,
        blank=True,
        help_text=_("Kode program/kegiatan/sub-kegiatan (Kepmendagri 050-5889/2021)."),
    )
    # SIPD's own columns, each a term of the city's lists (rembug.vocabularies), and SIPD's id of the item.
    sipd_id = models.CharField(_("ID kamus SIPD"), max_length=40, blank=True)
    affair = models.ForeignKey(
        "vocabularies.Term", verbose_name=_("urusan"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    proposal_type = models.ForeignKey(
        "vocabularies.Term",
        verbose_name=_("jenis usulan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sipd_category = models.ForeignKey(
        "vocabularies.Term",
        verbose_name=_("kategori SIPD"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    spending_type = models.ForeignKey(
        "vocabularies.Term",
        verbose_name=_("jenis belanja"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    program = models.ForeignKey(
        "vocabularies.Term",
        verbose_name=_("program"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sub_activity = models.ForeignKey(
        "vocabularies.Term",
        verbose_name=_("sub kegiatan"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    output = models.ForeignKey(
        "vocabularies.Term",
        verbose_name=_("output"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.ForeignKey(
        "vocabularies.Term",
        verbose_name=_("outcome"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    active_from = models.PositiveSmallIntegerField(_("berlaku mulai tahun"))
    active_until = models.PositiveSmallIntegerField(_("berlaku sampai tahun"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    history = tracked()

    class Meta:
        verbose_name = _("kamus usulan")
        verbose_name_plural = _("kamus usulan")
        ordering = ["city", "field", "category", "name"]
        constraints = [models.UniqueConstraint(fields=["city", "code"], name="uniq_dictionary_code_per_city")]

    def __str__(self) -> str:
        return f"{self.name} ({self.unit})"

    def active_in(self, year: int) -> bool:
        return self.active_from <= year and (self.active_until is None or year <= self.active_until)


class Proposal(models.Model):
    cycle = models.ForeignKey(
        "cycles.PlanningCycle", verbose_name=_("tahun perencanaan"), on_delete=models.PROTECT, related_name="proposals"
    )
    city = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", editable=False)
    kelurahan = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="+", editable=False)
    number = models.CharField(_("nomor usulan"), max_length=40, unique=True, editable=False)
    sequence = models.PositiveIntegerField(editable=False)
    # The proposer (pengusul): its kind (a ProposerKind of the city), and an RT, RW or the kelurahan itself (region)
    # or a group of that kind — Pokmas, LPMK, PKK, … — with its region.
    proposer_kind = models.ForeignKey(
        "regions.ProposerKind",
        verbose_name=_("jenis pengusul"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    proposer_region = models.ForeignKey(
        "regions.Region", verbose_name=_("pengusul"), on_delete=models.PROTECT, related_name="+"
    )
    proposer_group = models.ForeignKey(
        "regions.CommunityGroup",
        verbose_name=_("Pokmas"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="proposals",
    )
    title = models.CharField(_("judul usulan"), max_length=200)
    problem = models.TextField(_("masalah"))
    idea = models.TextField(_("gagasan"))
    item = models.ForeignKey(DictionaryItem, verbose_name=_("kamus usulan"), on_delete=models.PROTECT)
    field = models.CharField(_("bidang"), max_length=20, choices=Field.choices, editable=False)
    # Volume and unit (koefisien) and the amount (anggaran) are the proposal's own, as in SIPD: the unit comes from
    # the city's unit list, the amount defaults to volume × the dictionary's price (kept in `unit_price` as the
    # reference verifiers compare with) and may differ.
    volume = models.DecimalField(_("volume"), max_digits=12, decimal_places=2)
    unit = models.CharField(_("satuan"), max_length=30)
    unit_price = models.PositiveBigIntegerField(_("harga satuan kamus (Rp)"), null=True, blank=True, editable=False)
    estimated_cost = models.PositiveBigIntegerField(_("anggaran (Rp)"))
    address = models.CharField(_("alamat/lokasi"), max_length=255)
    latitude = models.FloatField(_("lintang"), null=True, blank=True)
    longitude = models.FloatField(_("bujur"), null=True, blank=True)
    beneficiaries = models.PositiveIntegerField(_("jumlah penerima manfaat"), default=0)
    beneficiary_note = models.CharField(_("keterangan penerima manfaat"), max_length=255, blank=True)
    # The agency the dictionary item first routed the proposal to, and the one that finally took it (re-routing
    # in the Forum Perangkat Daerah changes only the latter): the national system keeps both.
    routed_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("perangkat daerah awal"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    final_agency = models.ForeignKey(
        "agencies.Agency",
        verbose_name=_("perangkat daerah akhir"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    funding_source = models.CharField(
        _("sumber dana utama"), max_length=20, choices=FundingSource.choices, default=FundingSource.APBD_KOTA
    )
    community_contribution = models.PositiveBigIntegerField(_("swadaya masyarakat (Rp)"), default=0)
    status = models.CharField(
        _("status"), max_length=24, choices=Status.choices, default=Status.DRAFT, editable=False, db_index=True
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("usulan tahun sebelumnya"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="carried_into",
        editable=False,
    )
    times_proposed = models.PositiveSmallIntegerField(_("usulan ke-"), default=1, editable=False)
    # SIPD's id of the proposal (ID Usulan), its date (Tanggal Usul) and note (Catatan), kept so the city's list
    # goes to SIPD and comes back without retyping; a second import of the same file updates by this id.
    sipd_id = models.CharField(_("ID usulan SIPD"), max_length=40, blank=True, editable=False)
    proposed_on = models.DateField(_("tanggal usul"), null=True, blank=True, editable=False)
    note = models.TextField(_("catatan"), blank=True)
    # A duplicate joined in a Musrenbang keeps pointing at the proposal it became part of.
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("digabung ke"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="merged_from",
        editable=False,
    )
    # Proposals of a Musrenbang Tematik carry its group, so the portal and the fit can show how each group fared.
    theme = models.CharField(_("tema"), max_length=12, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", editable=False
    )
    # A form's one-time token: sending the same form twice (a phone on a bad connection) creates one proposal.
    client_token = models.UUIDField(null=True, blank=True, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = _("usulan")
        verbose_name_plural = _("usulan")
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "kelurahan", "sequence"], name="uniq_proposal_sequence"),
            models.UniqueConstraint(
                fields=["previous"], condition=models.Q(previous__isnull=False), name="carried_over_once"
            ),
            # A planning year belongs to one city, so this is "unique per city and year".
            models.UniqueConstraint(
                fields=["cycle", "sipd_id"], condition=~models.Q(sipd_id=""), name="uniq_sipd_id_per_cycle"
            ),
        ]
        indexes = [
            models.Index(fields=["cycle", "proposer_region", "status"]),
            models.Index(fields=["city", "cycle", "status"]),
            models.Index(fields=["kelurahan", "cycle"]),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    @property
    def proposer_label(self) -> str:
        """ "RT 005", "Pokmas Sumber Rejeki", "PKK Kelurahan Dinoyo", "Kelurahan Dinoyo" (the kelurahan itself)."""
        return proposer_label(self.proposer_region, self.proposer_group if self.proposer_group_id else None)

    # The agency responsible now (docs/decisions/0007): the final one once re-routed in the Forum Perangkat Daerah,
    # else the one first routed to, else, for a row older than routing (routed_agency empty), its dictionary
    # item's agency. `selectors.responsible_agency_filter` / `responsible_agency_id` are its database twins.
    @property
    def agency_id(self) -> int | None:
        """Id of the agency responsible now (see the comment above); rules and forms compare with it."""
        return self.final_agency_id or self.routed_agency_id or (self.item.agency_id if self.item_id else None)

    @property
    def responsible_agency(self):
        """The agency responsible now (an `agencies.Agency` or None): the one recommendations are recorded for."""
        if self.final_agency_id:
            return self.final_agency
        if self.routed_agency_id:
            return self.routed_agency
        return self.item.agency if self.item_id else None


class FundingShare(models.Model):
    """How much of a proposal's cost each source carries; the shares add up to the cost when the Rembug agrees."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="funding")
    source = models.CharField(_("sumber dana"), max_length=20, choices=FundingSource.choices)
    amount = models.PositiveBigIntegerField(_("jumlah (Rp)"))

    class Meta:
        verbose_name = _("rencana pendanaan")
        verbose_name_plural = _("rencana pendanaan")
        constraints = [models.UniqueConstraint(fields=["proposal", "source"], name="uniq_funding_source")]

    def __str__(self) -> str:
        return f"{self.get_source_display()}: {rupiah(self.amount)}"


class AttachmentKind(models.TextChoices):
    PHOTO = "photo", _("Foto")
    DOCUMENT = "document", _("Dokumen")


def attachment_path(instance: Attachment, filename: str) -> str:
    return f"usulan/{instance.proposal.cycle.year}/{instance.proposal.number}/{filename}"


class Attachment(models.Model):
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="attachments")
    kind = models.CharField(_("jenis"), max_length=10, choices=AttachmentKind.choices)
    file = models.FileField(_("berkas"), upload_to=attachment_path)
    content_type = models.CharField(max_length=100)
    size = models.PositiveIntegerField()
    caption = models.CharField(_("keterangan"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)
    #: The phone's own id for one upload (decision 0032): a retried upload returns the file already stored.
    client_upload = models.UUIDField(null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = _("lampiran")
        verbose_name_plural = _("lampiran")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.caption or self.file.name

    # Files are served by id through a view that checks the proposal's permission, never from MEDIA_URL (0024).
    @property
    def file_url(self) -> str:
        return reverse("proposals:attachment_file", kwargs={"pk": self.pk})

    @property
    def thumb_url(self) -> str:
        return f"{self.file_url}?size=thumb"


EVENT_LABELS = {
    "created": _("Usulan ditulis"),
    "carried_over": _("Diusulkan kembali"),
    "edited": _("Usulan diubah"),
    "funding": _("Rencana pendanaan disepakati"),
    "attachment": _("Lampiran ditambahkan"),
    "transition": _("Status berubah"),
    "rerouted": _("Dialihkan ke perangkat daerah lain"),
    "activity_planned": _("Direncanakan sebagai kegiatan"),
    "activity_replanned": _("Rencana kegiatan diubah"),
    "imported": _("Diimpor dari SIPD"),
}


class ProposalEvent(models.Model):
    """One row per change of a proposal: who, when, what, why. Never updated or deleted."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20)  # one of EVENT_LABELS
    from_status = models.CharField(max_length=24, blank=True)
    to_status = models.CharField(max_length=24, blank=True)
    reason = models.TextField(blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("riwayat usulan")
        verbose_name_plural = _("riwayat usulan")
        ordering = ["proposal", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.proposal_id} {self.kind} {self.from_status}→{self.to_status}"

    @property
    def changes(self) -> list[tuple[str, str, str]]:
        """For an edit: (field, before, after) of each changed field, as the history shows them."""
        if self.kind != "edited":
            return []
        rows = []
        for name, pair in (self.data.get("changed") or {}).items():
            try:
                label = capfirst(Proposal._meta.get_field(name).verbose_name)
            except FieldDoesNotExist:
                label = name
            before, after = [*list(pair), "", ""][:2]
            rows.append((str(label), str(before), str(after)))
        return rows

    @property
    def label(self) -> str:
        """What happened, in words: the new status for a transition, else the kind of change."""
        if self.kind == "transition" and self.to_status in Status.values:
            return str(Status(self.to_status).label)
        if self.kind == "rerouted":
            return str(_("Dialihkan dari %(from)s ke %(to)s")) % {
                "from": self.data.get("from_agency") or "—",
                "to": self.data.get("to_agency") or "—",
            }
        return str(EVENT_LABELS.get(self.kind, self.kind))
