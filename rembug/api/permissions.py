"""DRF permission classes that ask the named rules (rules.py of each app), so the API and the pages agree."""

from __future__ import annotations

from rest_framework.permissions import BasePermission


def rule(perm: str, *, object_level: bool = True) -> type[BasePermission]:
    """Permission class checking `perm` (with the object where DRF has one)."""

    class RulePermission(BasePermission):
        message = "Anda tidak berwenang melakukan tindakan ini."

        def has_permission(self, request, view) -> bool:
            return object_level or request.user.has_perm(perm)

        def has_object_permission(self, request, view, obj) -> bool:
            return request.user.has_perm(perm, obj)

    RulePermission.__name__ = f"Rule_{perm.replace('.', '_')}"
    return RulePermission
