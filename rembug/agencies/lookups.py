"""Finding a city's agency from what a spreadsheet, form or API call wrote (issue 11 point 4, decision 0027).

SIPD writes "Kecamatan Klojen" and "Dinas Lingkungan Hidup"; people write "Kec. Klojen", "DLH" or "dlh ". One
matcher serves every import and API: it loads the city's agencies in one query and compares normalised text
against each agency's official name, short name, code and aliases. A text that fits two agencies is never
resolved silently.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence

from django.utils.translation import gettext as _

from rembug.errors import DomainError
from rembug.regions.models import Region

from .models import Agency

# Abbreviations written for the office words; expanded so "Kec. Klojen" and "Kecamatan Klojen" are one key.
_ABBREVIATIONS = {"kec": "kecamatan", "kel": "kelurahan", "ds": "desa", "&": "dan"}
_SEPARATORS = re.compile(r"[.,;:/()\-–—_]+")


def normalise(text: object) -> str:
    """The comparison key of a name: case, spacing, dots, commas and "Kec."/"Kel."/"Ds." abbreviations ignored."""
    value = unicodedata.normalize("NFKC", str(text or "")).casefold()
    value = value.replace("&", " & ")
    words = _SEPARATORS.sub(" ", value).split()
    return " ".join(_ABBREVIATIONS.get(word, word) for word in words)


class AgencyNotMatched(DomainError):
    """No agency, or more than one, answers to the text given; the message says which and what to do."""


class AgencyMatcher:
    """The city's agencies by every name they are known by; build once per import or request (one query)."""

    def __init__(self, city: Region | int, agencies: Iterable[Agency] | None = None) -> None:
        self.city = city  # a Region, or its id (the label is then read only for a message)
        if agencies is None:
            agencies = Agency.objects.filter(city=city)
        self.agencies: list[Agency] = list(agencies)
        self._by_key: dict[str, dict[int, Agency]] = {}
        for agency in self.agencies:
            for name in (agency.name, agency.short_name, agency.code, *(agency.aliases or [])):
                key = normalise(name)
                if key:
                    self._by_key.setdefault(key, {})[agency.pk] = agency

    def candidates(self, text: object) -> list[Agency]:
        """Every agency the text names (none, one, or several when an alias or code is shared)."""
        found = self._by_key.get(normalise(text), {})
        return sorted(found.values(), key=lambda agency: agency.short_name)

    def match(self, text: object) -> Agency | None:
        """The one agency the text names, or None when it names none or several (see `problem`)."""
        found = self.candidates(text)
        return found[0] if len(found) == 1 else None

    def problem(self, text: object) -> str:
        """Why `match` found nothing, in Indonesian, naming the value ("" when it matches one agency)."""
        found = self.candidates(text)
        if len(found) == 1:
            return ""
        city = self.city if isinstance(self.city, Region) else Region.objects.get(pk=self.city)
        return agency_problem(str(text or "").strip(), city=city, candidates=found)

    def get(self, text: object, *, field: str | None = None) -> Agency:
        """The one agency the text names; raises AgencyNotMatched with the message otherwise."""
        agency = self.match(text)
        if agency is None:
            raise AgencyNotMatched(self.problem(text), field=field)
        return agency


def agency_named(text: object, *, city: Region | int, allow_id: bool = False, field: str | None = None) -> Agency:
    """The city's one agency the text names (APIs: by name, short name, code or alias, or by id when allowed).

    Raises AgencyNotMatched naming the value when none or several answer. One query (two for the message).
    """
    matcher = AgencyMatcher(city)
    agency = matcher.match(text)
    if agency is None and allow_id and str(text).isdecimal():
        agency = next((a for a in matcher.agencies if a.pk == int(str(text))), None)
    if agency is None:
        raise AgencyNotMatched(matcher.problem(text), field=field)
    return agency


def agency_problem(value: str, *, city: Region, candidates: Sequence[Agency] = ()) -> str:
    """The message for a value that names no agency (suggest an alias) or several (list them, pick none)."""
    if candidates:
        return _(
            "“%(value)s” cocok dengan lebih dari satu perangkat daerah (%(names)s); tulis nama resmi atau "
            "singkatan salah satunya, atau hapus alias yang sama di salah satunya."
        ) % {"value": value, "names": ", ".join(f"{a.short_name} — {a.name}" for a in candidates)}
    if not value:
        return _("Perangkat daerah wajib diisi.")
    return _(
        "Perangkat daerah “%(value)s” tidak dikenal di %(city)s. Tulis nama resmi SIPD, singkatan atau kodenya; "
        "bila nama ini memang dipakai, minta Bappeda menambahkannya sebagai alias perangkat daerah tersebut."
    ) % {"value": value, "city": city.label}
