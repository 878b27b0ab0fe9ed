"""Django admin for Bappeda and city administrators, limited to their own city (superusers see every city).

The limit holds everywhere the admin touches data, not only in the list: every row shown, every choice offered
(select, raw-id and autocomplete fields alike), every list filter and every row saved (issue 9, "Proof of trust").
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404
from simple_history.admin import SimpleHistoryAdmin
from simple_history.utils import get_history_manager_for_model

from .scopes import staff_cities_of


def scoped_choices(admin_site: admin.AdminSite, request, related_model, queryset=None):
    """The rows of `related_model` a non-superuser may pick: what its own admin lets them see.

    The autocomplete JSON view already asks the related model's admin; plain selects and raw-id fields validate
    against this queryset too, so a hand-made POST with another city's id is refused like a bad choice.
    """
    related_admin = admin_site._registry.get(related_model)
    if related_admin is None:
        return queryset
    return related_admin.get_queryset(request)


class CityScopedChoicesMixin:
    """Foreign-key and many-to-many choices limited to the rows the staff member's admin shows them."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            scoped = scoped_choices(self.admin_site, request, db_field.related_model, kwargs.get("queryset"))
            if scoped is not None:
                kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if not request.user.is_superuser:
            scoped = scoped_choices(self.admin_site, request, db_field.related_model, kwargs.get("queryset"))
            if scoped is not None:
                kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ReadOnlyAdminMixin:
    """No add, change or delete in the admin: the rows are written only by the services, which keep the history
    (an admin edit would bypass the stage checks and leave no proposal event). Viewing stays as the admin allows."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class CityScopedInline(CityScopedChoicesMixin, admin.TabularInline):
    """An inline whose choices are limited like its parent's (the rows themselves follow the parent)."""


class CityScopedAdmin(CityScopedChoicesMixin, admin.ModelAdmin):
    """Rows whose `city_lookup` is not one of the staff member's cities are invisible and cannot be edited."""

    city_lookup = "city"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.city_lookup}__in": staff_cities_of(request.user)})

    def get_list_filter(self, request):
        """A filter on a related field lists only the related rows present in the (city's) list, never all."""
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [self._related_only(entry) for entry in filters]

    def _related_only(self, entry):
        if not isinstance(entry, str):
            return entry
        field = None
        model = self.model
        for part in entry.split("__"):
            field = model._meta.get_field(part)
            model = field.related_model if field.is_relation else None
            if model is None:
                break
        if field is not None and field.is_relation:
            return (entry, admin.RelatedOnlyFieldListFilter)
        return entry

    def save_model(self, request, obj, form, change) -> None:
        """The saved row must still be in the staff member's city; the admin's transaction undoes it if not."""
        super().save_model(request, obj, form, change)
        if not request.user.is_superuser and not self.get_queryset(request).filter(pk=obj.pk).exists():
            raise PermissionDenied


class CityScopedHistoryAdmin(SimpleHistoryAdmin, CityScopedAdmin):
    """The admin's "Riwayat" (history) of a city's rows: who changed what and when, before → after.

    Read-only (a revert would bypass the services), and limited to the staff member's cities like the rows
    themselves: the history of another city's row, even a deleted one, is not found.
    """

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{f"{self.city_lookup}__in": staff_cities_of(request.user)})

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        """One past version: shown only within the city, and never saved back."""
        if request.method != "GET":
            raise PermissionDenied
        history = get_history_manager_for_model(self.model)
        found = self.get_history_queryset(request, history, self.model._meta.pk.attname, unquote(object_id))
        if not found.filter(history_id=version_id).exists():
            raise Http404
        return super().history_form_view(request, object_id, version_id, extra_context)
