"""Bahasa Indonesia unless the person chose otherwise with the language switch (standing rule 3).

Django's LocaleMiddleware would follow the browser's Accept-Language, and many phones in Indonesia are set to
English; residents and RT chairs should still meet the Indonesian interface first.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import translation


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.allowed = {code for code, _ in settings.LANGUAGES}

    def __call__(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in self.allowed else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response


class OutOfRangeMiddleware:
    """The last line behind the forms' bounds: a number the database cannot hold is the sender's mistake (400).

    Every number field carries a bound (rembug/bounds.py); should one be missed, SQLite raises OverflowError and
    PostgreSQL NumericValueOutOfRange, which would otherwise be a server error page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        from django.db import DataError
        from django.http import HttpResponseBadRequest
        from django.utils.translation import gettext as _

        if isinstance(exception, OverflowError | DataError):
            return HttpResponseBadRequest(
                _("Angka yang diisi terlalu besar. Kembali, periksa isian, lalu coba lagi."),
                content_type="text/plain; charset=utf-8",
            )
        return None


class TextGZipMiddleware:
    """Gzip text answers (pages, JSON, GeoJSON, CSV) for phones on metered data; see docs/decisions/0025.

    Django's GZipMiddleware pads every answer with random bytes (Heal The BREACH) and Django masks the CSRF token
    afresh in every answer, so a page's secrets cannot be read off its compressed size. Answers that show a
    one-time secret (the authenticator key, the sign-in pages) are `no-store` and are sent uncompressed anyway.
    Images, PDFs and spreadsheets are compressed already; static files are WhiteNoise's (precompressed).
    """

    TEXT_TYPES = frozenset(
        {
            "application/json",
            "application/geo+json",
            "application/vnd.oai.openapi+json",
            "application/javascript",
            "application/xml",
            "image/svg+xml",
        }
    )

    def __init__(self, get_response):
        from django.middleware.gzip import GZipMiddleware

        self.get_response = get_response
        self.gzip = GZipMiddleware(get_response)

    def __call__(self, request):
        response = self.get_response(request)
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not (content_type.startswith("text/") or content_type in self.TEXT_TYPES):
            return response
        if "no-store" in response.get("Cache-Control", ""):
            return response
        return self.gzip.process_response(request, response)


class RequestSizeMiddleware:
    """A request body over REMBUG_MAX_REQUEST_BYTES is refused before it is read, with a page (or JSON for the
    page's script) in the person's language saying what to do, never a bare server error (issue 13, point 1).

    Django bounds form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not files; each upload is checked again by
    rembug.uploads (8 MB a photo). This bound keeps one form with many photos from holding a worker for minutes.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from django.conf import settings

        limit = getattr(settings, "REMBUG_MAX_REQUEST_BYTES", 0)
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if limit and length > limit:
            return self._too_large(request, length, limit)
        return self.get_response(request)

    @staticmethod
    def _too_large(request, length: int, limit: int):
        from django.http import HttpResponse, JsonResponse
        from django.template.loader import render_to_string
        from django.utils.translation import gettext as _

        message = _(
            "Kiriman terlalu besar (%(size)s MB; paling besar %(limit)s MB). Kirim foto satu per satu, atau "
            "perkecil fotonya dulu."
        ) % {"size": f"{length / 1048576:.1f}", "limit": limit // 1048576}
        if request.headers.get("X-Rembug-Async") == "1" or request.path.startswith("/api/"):
            return JsonResponse({"ok": False, "error": message, "detail": message}, status=413)
        return HttpResponse(render_to_string("413.html", {"message": message}), status=413)
