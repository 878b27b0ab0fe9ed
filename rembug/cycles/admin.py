from django.contrib import admin

from rembug.accounts.admin_mixins import CityScopedHistoryAdmin

from .models import PlanningCycle, Stage


class StageInline(admin.TabularInline):
    model = Stage
    extra = 0


@admin.register(PlanningCycle)
class PlanningCycleAdmin(CityScopedHistoryAdmin):
    list_display = ["year", "city", "priority_quota"]
    list_select_related = ["city"]
    inlines = [StageInline]
    autocomplete_fields = ["city"]
