from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from rembug.accounts.admin_mixins import CityScopedHistoryAdmin, ReadOnlyAdminMixin
from rembug.errors import DomainError
from rembug.regions.models import Level
from rembug.uploads import clean_photo

from .models import Meeting, MinutesWording
from .wording import PLACEHOLDER_HELP


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, CityScopedHistoryAdmin):
    """Read-only: a finalized meeting never changes, and drafts change only through the services."""

    list_display = ["__str__", "status", "held_on", "revision", "finalized_at"]
    list_filter = ["status", "kind", "cycle__year"]
    search_fields = ["holder_region__code", "place", "chair_name"]
    list_select_related = ["holder_region", "holder_group", "cycle"]
    exclude = ["minutes_pdf", "list_xlsx"]


class MinutesWordingForm(forms.ModelForm):
    class Meta:
        model = MinutesWording
        fields = [
            "city",
            "kind",
            "letterhead",
            "logo",
            "considerations",
            "clauses",
            "closing",
            "signatory_titles",
            "number_pattern",
        ]

    def clean_logo(self):
        """The logo goes through the photo checks (type, size, re-encoded without metadata) like any upload."""
        logo = self.cleaned_data.get("logo")
        if not logo or logo == self.initial.get("logo") or not hasattr(logo, "read"):
            return logo
        try:
            return clean_photo(logo, field="logo").content
        except DomainError as error:
            raise ValidationError(error.message) from error

    def clean_city(self):
        city = self.cleaned_data["city"]
        if city.level not in (Level.KOTA, Level.KABUPATEN):
            raise ValidationError(_("Pilih kota atau kabupaten."))
        return city


@admin.register(MinutesWording)
class MinutesWordingAdmin(CityScopedHistoryAdmin):
    """Bappeda words its city's Berita Acara here; rows of other cities are invisible (CityScopedAdmin)."""

    form = MinutesWordingForm
    list_display = ["__str__", "kind", "version", "updated_at"]
    list_filter = ["kind"]
    readonly_fields = ["version", "updated_at", "placeholders"]

    @admin.display(description=_("Isian yang dapat dipakai"))
    def placeholders(self, obj=None) -> str:
        return PLACEHOLDER_HELP
