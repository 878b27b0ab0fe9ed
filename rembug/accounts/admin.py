"""People and their roles in the Django admin, for a city's Bappeda and administrators (docs/decisions/0010).

A non-superuser never sees or sets the privileged fields (superuser, staff, groups, permissions), manages only
people whose every role lies in their own city, and grants or ends roles only through the role service.
"""

from __future__ import annotations

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from rembug.errors import DomainError

from . import reference_admin  # noqa: F401 -- registers the admins of regions, Pokmas and agencies
from .admin_mixins import CityScopedHistoryAdmin, CityScopedInline, ReadOnlyAdminMixin
from .models import RoleAssignment, User
from .scopes import staff_cities_of
from .services import role_assign, role_revoke

#: Only a superuser sees or changes these: each one is a way above one's own city.
PRIVILEGED_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")


class RoleAssignmentInline(ReadOnlyAdminMixin, CityScopedInline):
    """The person's roles, read-only here: roles are given and ended on the role page, through the role service."""

    model = RoleAssignment
    fk_name = "user"
    extra = 0
    fields = ["role", "region", "agency", "group", "is_active", "created_at"]
    readonly_fields = fields
    can_delete = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("region", "agency", "group")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(city__in=staff_cities_of(request.user))


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Rembug"), {"fields": ("full_name", "phone", "grant_role")}))
    readonly_fields = ["grant_role"]
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleAssignmentInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(assignments__city__in=staff_cities_of(request.user)).distinct()

    @admin.display(description=_("Peran"))
    def grant_role(self, obj: User) -> str:
        if obj is None or obj.pk is None:
            return "—"
        url = reverse("admin:accounts_roleassignment_add") + f"?user={obj.pk}"
        return format_html('<a href="{}">{}</a>', url, _("Beri peran baru"))

    def _without_privileges(self, fieldsets):
        return [
            (name, {**options, "fields": [f for f in options["fields"] if f not in PRIVILEGED_FIELDS]})
            for name, options in fieldsets
        ]

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        return fieldsets if request.user.is_superuser else self._without_privileges(fieldsets)

    def get_list_display(self, request):
        shown = super().get_list_display(request)
        return shown if request.user.is_superuser else [f for f in shown if f not in PRIVILEGED_FIELDS]

    def get_list_filter(self, request):
        return super().get_list_filter(request) if request.user.is_superuser else ["is_active"]

    def may_manage(self, request, user: User) -> bool:
        """A city's staff manage a person only if every role the person holds (ever) is in one of their cities.

        Superusers, and people who also hold a role elsewhere (another city's staff, say), are above them.
        """
        if request.user.is_superuser:
            return True
        if user.is_superuser:
            return False
        theirs = set(RoleAssignment.objects.filter(user=user).values_list("city_id", flat=True))
        return bool(theirs) and theirs <= staff_cities_of(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or self.may_manage(request, obj))

    def has_delete_permission(self, request, obj=None) -> bool:
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or self.may_manage(request, obj))

    def response_add(self, request, obj, post_url_continue=None):
        """A new account has no role yet, so it is in no city: its creator goes straight on to give the first one."""
        if request.user.is_superuser or "_addanother" in request.POST:
            return super().response_add(request, obj, post_url_continue)
        self.message_user(request, _("Akun %(name)s dibuat. Beri peran pertamanya.") % {"name": obj.username})
        return HttpResponseRedirect(reverse("admin:accounts_roleassignment_add") + f"?user={obj.pk}")

    def save_model(self, request, obj, form, change) -> None:
        """Refused outright if a privileged field changed, whatever the form carried (the fields are not in it)."""
        if not request.user.is_superuser:
            before = User.objects.filter(pk=obj.pk).values(*PRIVILEGED_FIELDS[:2]).first() if obj.pk else None
            before = before or {"is_superuser": False, "is_staff": False}
            if any(getattr(obj, f) != before[f] for f in PRIVILEGED_FIELDS[:2]):
                raise PermissionDenied
            if change and not self.may_manage(request, obj):
                raise PermissionDenied
        super().save_model(request, obj, form, change)


class RoleAssignmentForm(forms.ModelForm):
    """Checks the grant the way the role service will (accounts.assign_role), so a refusal is a form message."""

    actor: User | None = None

    class Meta:
        model = RoleAssignment
        fields = ["user", "role", "region", "agency", "group", "is_active"]

    def _post_clean(self):
        super()._post_clean()
        # Model.clean() needs the fields set on the instance, so the permission check runs after it.
        if not self.errors:
            self.clean_grant()

    def clean_grant(self) -> None:
        instance = self.instance
        if self.actor is not None and not self.actor.has_perm("accounts.assign_role", instance):
            self.add_error(None, _("Anda tidak berwenang memberi atau mencabut peran ini di wilayah ini."))


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(CityScopedHistoryAdmin):
    """Roles are given with `role_assign` and ended with `role_revoke` (who, when, inside whose region)."""

    form = RoleAssignmentForm
    list_display = ["user", "role", "region", "agency", "group", "is_active", "created_by"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "region__name", "region__code"]
    list_select_related = ["user", "region", "agency", "group", "created_by"]
    autocomplete_fields = ["user", "region", "agency", "group"]
    exclude = ["created_by"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if db_field.name == "user" and not request.user.is_superuser:
            # A new account (no role ever, no privilege) is in no city yet: any city's staff may give its first role.
            newcomers = User.objects.filter(assignments__isnull=True, is_superuser=False, is_staff=False)
            field.queryset = User.objects.filter(Q(pk__in=field.queryset.values("pk")) | Q(pk__in=newcomers))
        return field

    def get_readonly_fields(self, request, obj=None):
        # A role once given is not moved: end it and give a new one, so the record says who held what.
        return ["user", "role", "region", "agency", "group"] if obj is not None else []

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # ending a role keeps its row (role_revoke); only the services decide what is removed

    def save_model(self, request, obj, form, change) -> None:
        try:
            if not change:
                saved = role_assign(
                    actor=request.user,
                    user=obj.user,
                    role=obj.role,
                    region=obj.region,
                    agency=obj.agency,
                    group=obj.group,
                )
                obj.pk = saved.pk
            elif "is_active" in form.changed_data:
                if obj.is_active:
                    role_assign(
                        actor=request.user,
                        user=obj.user,
                        role=obj.role,
                        region=obj.region,
                        agency=obj.agency,
                        group=obj.group,
                    )
                else:
                    role_revoke(actor=request.user, assignment=obj)
        except DomainError as error:  # NotAllowed included: the form checked first, so this is a race
            raise PermissionDenied(str(error)) from error
        if not request.user.is_superuser and not self.get_queryset(request).filter(pk=obj.pk).exists():
            raise PermissionDenied
