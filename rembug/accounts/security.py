"""Who is knocking: the client's address behind the configured proxies, and the lockout that follows failures.

One rule for the address (the same as DRF's NUM_PROXIES): X-Forwarded-For is believed only for the hops added by
the REMBUG_TRUSTED_PROXIES proxies we run; anything a client writes in that header itself is ignored.
"""

from __future__ import annotations

from django.conf import settings
from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from rest_framework.throttling import ScopedRateThrottle


def client_ip(request: HttpRequest) -> str:
    """The address that connected to our outermost trusted proxy, or the socket peer when there is no proxy."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.REMBUG_TRUSTED_PROXIES
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if proxies <= 0 or not forwarded:
        return remote
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    # Each trusted proxy appends the address it saw; the one `proxies` from the right was added by the outermost.
    return hops[-min(proxies, len(hops))] if hops else remote


def cooloff_minutes() -> int:
    return max(1, round(settings.AXES_COOLOFF_TIME.total_seconds() / 60))


def lockout_message() -> str:
    """What a locked-out person is told, with how long to wait (the cool-off is configurable)."""
    return _(
        "Terlalu banyak percobaan masuk yang gagal untuk akun ini dari alamat Anda. Coba lagi %(n)d menit lagi."
    ) % {"n": cooloff_minutes()}


def lockout_response(request: HttpRequest, original_response=None, credentials: dict | None = None) -> HttpResponse:
    """The locked-out page (web login and admin), in the site's layout; 429 like any other rate limit."""
    context = {"failure_limit": settings.AXES_FAILURE_LIMIT, "minutes": cooloff_minutes(), "message": lockout_message()}
    return render(request, "registration/locked_out.html", context, status=429)


class SharedScopedRateThrottle(ScopedRateThrottle):
    """DRF's scoped throttle counting in the database cache, shared by every worker process (not per process)."""

    cache = caches["throttle"]
