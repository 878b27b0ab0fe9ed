from django.contrib import admin

from rembug.accounts.admin_mixins import CityScopedHistoryAdmin, ReadOnlyAdminMixin

from .models import Meeting


@admin.register(Meeting)
class MeetingAdmin(ReadOnlyAdminMixin, CityScopedHistoryAdmin):
    """Read-only: a finalized meeting never changes, and drafts change only through the services."""

    list_display = ["__str__", "status", "held_on", "revision", "finalized_at"]
    list_filter = ["status", "kind", "cycle__year"]
    search_fields = ["holder_region__code", "place", "chair_name"]
    list_select_related = ["holder_region", "holder_group", "cycle"]
    exclude = ["minutes_pdf", "list_xlsx"]
