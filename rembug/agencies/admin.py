from django.contrib import admin

from rembug.accounts.admin_mixins import CityScopedHistoryAdmin

from .models import Agency


@admin.register(Agency)
class AgencyAdmin(CityScopedHistoryAdmin):
    list_display = ["short_name", "name", "code", "city", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["short_name", "name", "code"]
    list_select_related = ["city"]
    autocomplete_fields = ["city"]
