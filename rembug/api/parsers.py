"""The JSON parser of the API: bounded in size, depth and numbers, so that bad input is a 400, never a 500.

Python's json module recurses once per nesting level, so a body nested thousands deep raises RecursionError
(a 500 in DRF's own parser); an integer of 20 digits parses fine and then overflows the database column.
"""

from __future__ import annotations

import json
import re

from django.conf import settings
from django.utils.translation import gettext as _
from rest_framework.exceptions import ParseError, ValidationError
from rest_framework.parsers import JSONParser

from rembug.bounds import MAX_INTEGER, out_of_range

#: No request of the API nests deeper than a few levels (scores: meeting → proposal → criterion).
MAX_DEPTH = 64


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
        raw = b"" if stream is None else stream.read(-1 if limit is None else limit + 1)
        if limit is not None and len(raw) > limit:
            raise ParseError(_("Isi permintaan terlalu besar (paling banyak %(size)s bita).") % {"size": limit})
        try:
            text = raw.decode((parser_context or {}).get("encoding") or settings.DEFAULT_CHARSET)
        except (UnicodeDecodeError, LookupError) as error:
            raise ParseError(_("JSON tidak sah: %(error)s") % {"error": error}) from error
        if _nesting(text) > MAX_DEPTH:
            raise ParseError(
                _("JSON bersarang terlalu dalam (paling banyak %(depth)s tingkat).") % {"depth": MAX_DEPTH}
            )
        try:
            data = json.loads(text, parse_constant=_refuse_constant) if text.strip() else None
        except (ValueError, RecursionError) as error:
            raise ParseError(_("JSON tidak sah: %(error)s") % {"error": error}) from error
        if data is None and not text.strip():
            raise ParseError(_("JSON tidak sah: isi permintaan kosong."))
        too_big = _first_too_big(data)
        if too_big is not None:
            raise ValidationError({too_big: [_("Angka terlalu besar (paling banyak %(max)s).") % {"max": MAX_INTEGER}]})
        return data


def _nesting(text: str) -> int:
    """The deepest nesting of brackets outside strings, counted without recursion."""
    depth = deepest = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


_STRINGS = re.compile(r'"(?:\\.|[^"\\])*"')
_BRACKETS = re.compile(r"[\[\]{}]")


def _refuse_constant(name: str):
    raise ValueError(_("%(name)s bukan angka JSON.") % {"name": name})


def _first_too_big(data, field: str = "non_field_errors") -> str | None:
    """The top-level field holding an integer no column can store, or None."""
    stack = [(data, field)]
    while stack:
        value, name = stack.pop()
        if isinstance(value, dict):
            stack.extend((v, name if name != "non_field_errors" else str(k)) for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, name) for v in value)
        elif isinstance(value, int) and out_of_range(value):
            return name
    return None
