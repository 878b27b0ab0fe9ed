"""Matching what people and files write to the city's terms: one place, used by every form, import and API.

"m2", "M2", " m² " and "meter persegi" (an alias) all name the term "m²"; a word that names nothing is an error
that lists the allowed terms — a unit is never changed silently (issue 11, point 2).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _

from .models import Term, Vocabulary

_SPACES = re.compile(r"\s+")
_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3"})


def normalized(text: str) -> str:
    """The form two writings of one word share: case, spacing, superscripts and accents do not matter."""
    text = unicodedata.normalize("NFKC", str(text or "")).translate(_SUPERSCRIPTS)
    return _SPACES.sub(" ", text).strip().casefold()


class UnknownTerm(ValueError):
    """A word that matches none of a list's terms; its message names the allowed ones."""


class AmbiguousTerm(ValueError):
    """A word that is a name or alias of more than one term of a list."""


class TermMatcher:
    """The active terms of one of a city's lists, loaded once (one query) and matched by name, code or alias."""

    def __init__(self, city_id: int, vocabulary: str, terms: Iterable[Term] | None = None) -> None:
        self.vocabulary = Vocabulary(vocabulary)
        if terms is None:
            terms = Term.objects.filter(city_id=city_id, vocabulary=vocabulary, is_active=True).order_by("name")
        self.terms = list(terms)
        self._index: dict[str, list[Term]] = {}
        for term in self.terms:
            keys = {normalized(term.name), *(normalized(a) for a in term.aliases or ())}
            if term.code:
                keys.add(normalized(term.code))
            for key in keys - {""}:
                self._index.setdefault(key, []).append(term)

    def find(self, text: str) -> Term | None:
        """The term `text` names, or None when it names none; raises AmbiguousTerm when it names several."""
        found = self._index.get(normalized(text), [])
        unique = {t.pk: t for t in found}
        if len(unique) > 1:
            names = ", ".join(sorted(t.name for t in unique.values()))
            raise AmbiguousTerm(
                _("“%(text)s” dapat berarti beberapa %(list)s: %(names)s.")
                % {"text": text, "list": self.vocabulary.label.lower(), "names": names}
            )
        return next(iter(unique.values()), None)

    def get(self, text: str) -> Term:
        """The term `text` names; raises UnknownTerm naming the allowed terms (or AmbiguousTerm)."""
        term = self.find(text)
        if term is None:
            raise UnknownTerm(self.unknown_message(text))
        return term

    def unknown_message(self, text: str) -> str:
        allowed = ", ".join(t.name for t in self.terms[:40]) or "—"
        if len(self.terms) > 40:
            allowed += ", …"
        return _("%(list)s “%(text)s” tidak dikenal. Pilihan: %(allowed)s.") % {
            "list": self.vocabulary.label,
            "text": text,
            "allowed": allowed,
        }
