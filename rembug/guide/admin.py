"""The guide as content: a city's planners edit their city's pages and field help; the defaults are shown to them
read-only (with an action to copy one for their city); superusers edit the defaults."""

from __future__ import annotations

from django.contrib import admin, messages
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from rembug.regions.models import Region

from .models import ChecklistItem, FieldHelp, GuidePage
from .selectors import planner_cities
from .services import guide_page_copy, guide_page_touch


class GuideContentAdmin(admin.ModelAdmin):
    """The city's rows and the defaults are listed; only the city's own rows can be changed (object-level rules)."""

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("city")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(Q(city_id__in=planner_cities(request.user)) | Q(city__isnull=True))

    def _perm(self, request, action, obj=None) -> bool:
        return request.user.has_perm(f"guide.{action}_{self.opts.model_name}", obj)

    def has_add_permission(self, request):
        return self._perm(request, "add")

    def has_change_permission(self, request, obj=None):
        return self._perm(request, "change", obj)

    def has_delete_permission(self, request, obj=None):
        return self._perm(request, "delete", obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "city" and not request.user.is_superuser:
            kwargs["queryset"] = Region.objects.filter(pk__in=planner_cities(request.user))
            kwargs["required"] = True
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 1
    fields = ["position", "label", "check_key", "hint"]

    # The steps follow the page: whoever may change the page may change its checklist.
    def has_add_permission(self, request, obj=None):
        return request.user.has_perm("guide.change_guidepage", obj)

    def has_change_permission(self, request, obj=None):
        return request.user.has_perm("guide.change_guidepage", obj)

    def has_delete_permission(self, request, obj=None):
        return request.user.has_perm("guide.change_guidepage", obj)

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("guide.view_guidepage", obj)


@admin.register(GuidePage)
class GuidePageAdmin(GuideContentAdmin):
    list_display = ["title", "role", "stage", "city", "version", "updated_at"]
    list_filter = ["stage", "role", ("city", admin.EmptyFieldListFilter)]
    search_fields = ["title", "body"]
    fields = ["city", "role", "stage", "title", "body", "version", "updated_by", "updated_at"]
    readonly_fields = ["version", "updated_by", "updated_at"]
    inlines = [ChecklistItemInline]
    actions = ["copy_for_my_city"]

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        guide_page_touch(actor=request.user, page=form.instance)

    @admin.action(description=_("Salin panduan bawaan untuk kota saya"))
    def copy_for_my_city(self, request, queryset):
        cities = Region.objects.filter(pk__in=planner_cities(request.user))
        copied = 0
        for page in queryset.filter(city__isnull=True).prefetch_related("items"):
            for city in cities:
                guide_page_copy(actor=request.user, page=page, city=city)
                copied += 1
        self.message_user(
            request,
            ngettext("%(n)d halaman disalin.", "%(n)d halaman disalin.", copied) % {"n": copied},
            messages.SUCCESS,
        )

    def get_actions(self, request):
        actions = super().get_actions(request)
        if not planner_cities(request.user):
            actions.pop("copy_for_my_city", None)
        return actions


@admin.register(FieldHelp)
class FieldHelpAdmin(GuideContentAdmin):
    list_display = ["key", "city", "text", "updated_at"]
    list_filter = [("city", admin.EmptyFieldListFilter)]
    search_fields = ["key", "text"]
    readonly_fields = ["updated_by", "updated_at"]

    def save_model(self, request, obj, form, change):
        obj.updated_by = request.user
        super().save_model(request, obj, form, change)
