from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from .admin_mixins import CityScopedHistoryAdmin
from .models import RoleAssignment, User
from .scopes import cities_of


class RoleAssignmentInline(admin.TabularInline):
    model = RoleAssignment
    fk_name = "user"
    extra = 0
    autocomplete_fields = ["region", "agency", "group"]
    exclude = ["created_by"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    fieldsets = (*BaseUserAdmin.fieldsets, (_("Rembug"), {"fields": ("full_name", "phone")}))
    list_display = ["username", "full_name", "email", "is_active", "is_staff"]
    search_fields = ["username", "full_name", "email"]
    inlines = [RoleAssignmentInline]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(assignments__city__in=cities_of(request.user)).distinct()


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(CityScopedHistoryAdmin):
    list_display = ["user", "role", "region", "agency", "group", "is_active"]
    list_filter = ["role", "is_active"]
    search_fields = ["user__username", "user__full_name", "region__name", "region__code"]
    list_select_related = ["user", "region", "agency", "group"]
    autocomplete_fields = ["user", "region", "agency", "group"]
    exclude = ["created_by"]
