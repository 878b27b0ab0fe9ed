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
