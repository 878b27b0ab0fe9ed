"""The admin of the reference data below accounts: the region tree, Pokmas and agencies (moved whole from
regions/admin.py and agencies/admin.py, issue 10 point 2). Their pages are limited to the staff member's own city,
which only accounts knows (docs/architecture.md: an app imports only the apps below it)."""

from django.contrib import admin

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
    list_display = ["short_name", "name", "code", "city", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["short_name", "name", "code"]
    list_select_related = ["city"]
    autocomplete_fields = ["city"]


@admin.register(Term)
class TermAdmin(ReadOnlyAdminMixin, CityScopedHistoryAdmin):
    """The city's word lists, read only here: Bappeda edits them on the "Daftar istilah" pages, whose services
    check that no two terms share a word and never delete a term in use."""

    list_display = ["name", "code", "vocabulary", "city", "is_active"]
    list_filter = ["vocabulary", "is_active"]
    search_fields = ["name", "code"]
    list_select_related = ["city"]
