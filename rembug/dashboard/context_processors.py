"""Navigation shown on every page, from the person's roles (no query when signed out)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from rembug.notifications.selectors import unread_count
from rembug.sipd.selectors import may_use_sipd


def navigation(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    signed_in = bool(user and user.is_authenticated)
    return {
        "nav_signed_in": signed_in,
        "nav_is_staff": signed_in and user.is_staff,
        "map_tiles": settings.REMBUG_MAP_TILES,
        # Counted only when a page shows it (one COUNT query), never for anonymous visitors.
        "nav_unread": SimpleLazyObject(lambda: unread_count(user)) if signed_in else 0,
        # Kelurahan, kecamatan and city staff exchange their lists with SIPD (the person's roles, already loaded).
        "nav_sipd": SimpleLazyObject(lambda: may_use_sipd(user)) if signed_in else False,
    }
