"""The admin asks for the second step too: a user with an authenticator device needs a verified session.

The gate in middleware.py already sends such a session to the code page; this is the admin's own check, so the
admin stays closed even if that gate is ever bypassed or removed.
"""

from __future__ import annotations

from django.contrib.admin import AdminSite
from django.http import HttpRequest

from . import twofactor


class TwoStepAdminSite(AdminSite):
    def has_permission(self, request: HttpRequest) -> bool:
        if not super().has_permission(request):
            return False
        user = request.user
        return user.is_verified() or not twofactor.has_two_factor(user)
