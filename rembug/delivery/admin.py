from django.contrib import admin

from rembug.accounts.admin_mixins import CityScopedAdmin, ReadOnlyAdminMixin

from .models import Activity, ProgressReport


class ReadOnlyAdmin(ReadOnlyAdminMixin, CityScopedAdmin):
    """Read-only: activities and reports are written by the services, together with the proposal's history."""


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = [
        "proposal",
        "agency",
        "budget_year",
        "budget_amount",
        "starts_on",
        "ends_on",
        "percent_done",
        "status",
    ]
    list_filter = ["status", "budget_year"]
    search_fields = ["proposal__number", "proposal__title"]
    list_select_related = ["proposal", "agency"]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    city_lookup = "activity__city"
    list_display = ["activity", "reported_on", "percent", "actor", "created_at"]
    search_fields = ["activity__proposal__number"]
    list_select_related = ["activity", "activity__proposal", "actor"]
