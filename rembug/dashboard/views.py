"""The public front page and each person's dashboard."""

from __future__ import annotations

import hashlib
import json

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _

from .selectors import dashboard_cards


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/home.html")


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "dashboard/dashboard.html", {"cards": dashboard_cards(request.user)})


# --- the installable app (issue 13, point 2; decision 0032) ------------------------------------------------------

#: The files every page needs, kept by the service worker so the app opens without signal.
SHELL_FILES = (
    "rembug/css/rembug.css",
    "rembug/js/offline.js",
    "rembug/js/photo-upload.js",
    "rembug/favicon.svg",
    "rembug/icons/icon-192.png",
)


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, at the site's root so that it may serve every page (a worker's reach is its own
    folder unless `Service-Worker-Allowed` widens it). Its text names the shell files by their hashed static
    names, so each release installs a new worker and drops the old cache."""
    shell = [static(name) for name in SHELL_FILES]
    version = hashlib.sha256("\n".join(shell).encode()).hexdigest()[:12]
    response = render(
        request,
        "dashboard/sw.js",
        {
            "version": version,
            "shell_json": json.dumps(shell),
            "static_prefix_json": json.dumps(settings.STATIC_URL),
            "offline_url_json": json.dumps(reverse("offline")),
        },
        content_type="application/javascript; charset=utf-8",
    )
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"  # the browser checks for a new worker on each visit
    return response


def manifest(request: HttpRequest) -> JsonResponse:
    """The web app manifest: name, colours and icons (drawn from favicon.svg), so a phone can install Rembug."""
    data = {
        "name": "Rembug · e-Musrenbang",
        "short_name": "Rembug",
        "description": _("Rembug: perencanaan pembangunan bersama warga (e-Musrenbang)."),
        "lang": "id",
        "start_url": reverse("dashboard:dashboard"),
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5d3b",
        "icons": [
            {"src": static("rembug/icons/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("rembug/icons/icon-512.png"), "sizes": "512x512", "type": "image/png"},
            {"src": static("rembug/favicon.svg"), "sizes": "any", "type": "image/svg+xml"},
        ],
    }
    response = JsonResponse(data, content_type="application/manifest+json")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page it cannot fetch and has not kept: the person is offline."""
    return render(request, "dashboard/offline.html")
