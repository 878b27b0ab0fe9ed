"""Django admin for Bappeda and city administrators, limited to their own city (superusers see every city)."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_manager_for_model

from .scopes import cities_of


class CityScopedAdmin(admin.ModelAdmin):
    """Rows whose `city_lookup` is not one of the staff member's cities are invisible and cannot be edited."""

    city_lookup = "city"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.city_lookup}__in": cities_of(request.user)})


class CityScopedHistoryAdmin(SimpleHistoryAdmin, CityScopedAdmin):
    """The admin's "Riwayat" (history) of a city's rows: who changed what and when, before → after.

    Read-only (a revert would bypass the services), and limited to the staff member's cities like the rows
    themselves: the history of another city's row, even a deleted one, is not found.
    """

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.city_lookup}__in": cities_of(request.user)})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One past version: shown only within the city, and never saved back."""
        if request.method != "GET":
            raise PermissionDenied
        history = get_history_manager_for_model(self.model)
        found = self.get_history_queryset(request, history, self.model._meta.pk.attname, unquote(object_id))
        if not found.filter(history_id=version_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)
