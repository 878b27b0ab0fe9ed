"""Turns domain errors into JSON answers with the same Indonesian message the web pages show."""

from __future__ import annotations

from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from rembug.errors import DomainError


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        body = {"detail": exc.message, "code": exc.code}
        if exc.field:
            body["field"] = exc.field
        if hasattr(exc, "errors"):  # a spreadsheet: every bad cell with its sheet, row and column
            body["errors"] = [str(e) for e in exc.errors]
        return Response(body, status=exc.status_code)
    return drf_exception_handler(exc, context)
