from django.contrib import admin

from rembug.accounts.admin_mixins import CityScopedAdmin

from .models import CommunityGroup, Region


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
