from django.contrib import admin

from rembug.accounts.admin_mixins import CityScopedAdmin

from .models import CityPriority, Indicator, SurveyResponse


@admin.register(Indicator)
class IndicatorAdmin(CityScopedAdmin):
    """Bappeda edits the year's survey questions here (the pages and API read them)."""

    city_lookup = "cycle__city"
    list_display = ["code", "name", "field", "cycle", "position", "active"]
    list_filter = ["cycle", "field", "active"]
    list_select_related = ["cycle", "cycle__city"]
    search_fields = ["code", "name"]


@admin.register(CityPriority)
class CityPriorityAdmin(CityScopedAdmin):
    city_lookup = "cycle__city"
    list_display = ["theme", "weight", "cycle", "source_note"]
    list_filter = ["cycle"]
    list_select_related = ["cycle", "cycle__city"]


@admin.register(SurveyResponse)
class SurveyResponseAdmin(CityScopedAdmin):
    city_lookup = "cycle__city"
    list_display = ["region", "indicator", "score", "by", "at", "version"]
    list_filter = ["cycle", "indicator__field"]
    list_select_related = ["region", "indicator", "by"]
    raw_id_fields = ["region"]
    readonly_fields = ["by", "at", "version"]
    search_fields = ["region__code"]
