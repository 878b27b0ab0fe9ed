from django.contrib import admin

from rembug.accounts.admin_mixins import CityScopedAdmin, ReadOnlyAdminMixin

from .models import Recommendation


@admin.register(Recommendation)
class RecommendationAdmin(ReadOnlyAdminMixin, CityScopedAdmin):
    """Read-only: recommendations are written by the services together with the proposal's history."""

    city_lookup = "proposal__city"
    list_display = ["proposal", "level", "agency", "decision", "reason", "volume", "cost", "actor", "at"]
    list_filter = ["level", "decision", "reason"]
    search_fields = ["proposal__number", "proposal__title"]
    list_select_related = ["proposal", "agency", "actor"]
