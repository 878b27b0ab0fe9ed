"""Turns domain errors into JSON answers with the same Indonesian message the web pages show."""

from __future__ import annotations

from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent
from django.db import DataError
from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults
from rest_framework import status
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from rembug.bounds import MAX_INTEGER_32, out_of_range
from rembug.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        if hasattr(exc, "errors"):  # a spreadsheet: every bad cell with its sheet, row and column
            body["errors"] = [str(e) for e in exc.errors]
        return Response(body, status=exc.status_code)
    if isinstance(exc, RequestDataTooBig | TooManyFieldsSent):
        # Django refuses a body past DATA_UPLOAD_MAX_MEMORY_SIZE (or too many form fields): answer it in JSON.
        set_rollback()
        return Response(
            {"detail": _("Isi permintaan terlalu besar."), "code": "too_large"}, status=status.HTTP_400_BAD_REQUEST
        )
    if isinstance(exc, OverflowError | DataError):
        # The last line: a value a field let through but the column cannot hold (SQLite: OverflowError,
        # PostgreSQL: NumericValueOutOfRange) is the client's mistake, not a server error.
        set_rollback()
        body = {"detail": _("Nilai di luar batas yang dapat disimpan."), "code": "out_of_range"}
        field = _field_out_of_range(context.get("request"))
        if field:
            body["field"] = field
        return Response(body, status=status.HTTP_400_BAD_REQUEST)
    return drf_exception_handler(exc, context)


def _field_out_of_range(request) -> str | None:
    """The request's field whose number no 32-bit column holds: the likely culprit of an overflow."""
    data = getattr(request, "data", None) if request is not None else None
    items = data.items() if hasattr(data, "items") else ()
    for name, value in items:
        values = value if isinstance(value, list | tuple) else [value]
        if any(out_of_range(v, MAX_INTEGER_32) for v in values):
            return str(name)
    return None


def not_found(request, exception=None):
    """handler404: an address under /api/ that matches no endpoint answers JSON, as every API error does."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Alamat API tidak ditemukan."), "code": "not_found"}, status=404)
    return defaults.page_not_found(request, exception)


def bad_request(request, exception=None):
    """handler400: a request Django refuses before any view (e.g. too many form fields) is JSON under /api/."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("Permintaan tidak sah."), "code": "bad_request"}, status=400)
    return defaults.bad_request(request, exception)
