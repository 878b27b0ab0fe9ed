from django.contrib import admin

from rembug.accounts.admin_mixins import CityScopedAdmin, CityScopedHistoryAdmin, ReadOnlyAdminMixin

from .models import DictionaryItem, Proposal, ProposalEvent


@admin.register(DictionaryItem)
class DictionaryItemAdmin(CityScopedHistoryAdmin):
    list_display = [
        "code",
        "name",
        "category",
        "agency",
        "unit",
        "unit_price",
        "authority",
        "active_from",
        "active_until",
    ]
    list_filter = ["field", "category", "authority"]
    search_fields = ["code", "name", "nomenclature_code"]
    list_select_related = ["agency"]
    autocomplete_fields = ["city", "agency"]


class ProposalEventInline(admin.TabularInline):
    model = ProposalEvent
    extra = 0
    can_delete = False
    readonly_fields = ["at", "actor", "kind", "from_status", "to_status", "reason", "data"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdminMixin, CityScopedAdmin):
    """Read-only in the admin: proposals change only through the services, which keep the history."""

    list_display = ["number", "title", "proposer_region", "status", "estimated_cost", "times_proposed"]
    list_filter = ["status", "field", "cycle__year"]
    search_fields = ["number", "title"]
    list_select_related = ["proposer_region"]
    show_full_result_count = False
    inlines = [ProposalEventInline]
