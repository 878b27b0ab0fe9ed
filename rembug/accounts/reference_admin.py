"""The admin of the reference data below accounts: the region tree, Pokmas and agencies (moved whole from
regions/admin.py and agencies/admin.py, issue 10 point 2). Their pages are limited to the staff member's own city,
which only accounts knows (docs/architecture.md: an app imports only the apps below it)."""

from django.contrib import admin

from rembug.agencies.forms import AgencyAdminForm
from rembug.agencies.models import Agency
from rembug.regions.models import CommunityGroup, Region
from rembug.vocabularies.models import Term

from .admin_mixins import CityScopedAdmin, CityScopedHistoryAdmin, ReadOnlyAdminMixin


@admin.register(Region)
class RegionAdmin(CityScopedAdmin):
    """A city's staff see their own city's regions only: every region choice in the admin comes from here."""

    list_display = ["code", "name", "level", "postal_code", "is_generated"]
    list_filter = ["level", "is_generated"]
    search_fields = ["code", "name"]
    readonly_fields = ["parent", "city"]
    exclude = ["boundary"]
    show_full_result_count = False  # counting 90,000+ rows on every page is waste


@admin.register(CommunityGroup)
class CommunityGroupAdmin(CityScopedAdmin):
    list_display = ["name", "kind", "region", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "region__name"]
    list_select_related = ["region"]
    autocomplete_fields = ["region"]


@admin.register(Agency)
class AgencyAdmin(CityScopedHistoryAdmin):
    """Bappeda keeps each agency's official SIPD name, short name and aliases here: every import matches them
    (decision 0027). Kecamatan and kelurahan offices carry the region they serve."""

    form = AgencyAdminForm
    list_display = ["short_name", "name", "code", "region", "city", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["short_name", "name", "code"]
    list_select_related = ["city", "region"]
    autocomplete_fields = ["city", "region"]

    def save_model(self, request, obj, form, change) -> None:
        if change and form.has_changed():
            obj.version += 1  # a record two people may edit: the services' version guard sees the admin's edit
        super().save_model(request, obj, form, change)


@admin.register(Term)
class TermAdmin(ReadOnlyAdminMixin, CityScopedHistoryAdmin):
    """The city's word lists, read only here: Bappeda edits them on the "Daftar istilah" pages, whose services
    check that no two terms share a word and never delete a term in use."""

    list_display = ["name", "code", "vocabulary", "city", "is_active"]
    list_filter = ["vocabulary", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["city"]
