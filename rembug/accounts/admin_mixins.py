"""Django admin for Bappeda and city administrators, limited to their own city (superusers see every city)."""

from __future__ import annotations

from django.contrib import admin

from .scopes import cities_of


class CityScopedAdmin(admin.ModelAdmin):
    """Rows whose `city_lookup` is not one of the staff member's cities are invisible and cannot be edited."""

    city_lookup = "city"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.city_lookup}__in": cities_of(request.user)})
