"""Writes to the city's word lists: the defaults a city starts with, and Bappeda's additions, edits and retirements.

A term in use is never deleted (a dictionary item or proposal points at it): it is retired, so it is no longer
offered but every record that names it still reads the same.
"""

from __future__ import annotations

from collections.abc import Iterable
from types import SimpleNamespace

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from rembug import history
from rembug.errors import DomainError, NotAllowed, StaleVersion

from .defaults import DEFAULTS
from .lookups import AmbiguousTerm, TermMatcher, normalized
from .models import Term, Vocabulary

MAX_ALIASES = 30


def terms_ensure_defaults(*, city, extra_units: Iterable[str] = (), actor=None) -> int:
    """Add the default units, jenis usulan and jenis belanja a city lacks (and `extra_units`, words already in
    use); returns how many terms were added. Idempotent: a term Bappeda renamed or retired is matched by its
    aliases and left alone."""
    with history.acting(actor), transaction.atomic():
        existing = list(Term.objects.filter(city=city, vocabulary__in=[*DEFAULTS, Vocabulary.UNIT]))
        new: list[Term] = []
        for vocabulary, rows in DEFAULTS.items():
            new.extend(_missing(city, vocabulary, rows, existing + new))
        extras = [(text.strip(), "", ()) for text in extra_units if text and text.strip()]
        new.extend(_missing(city, Vocabulary.UNIT, extras, existing + new))
        history.bulk_create(Term, new)
    return len(new)


def _missing(city, vocabulary: str, rows, known: list[Term]) -> list[Term]:
    matcher = TermMatcher(city.pk, vocabulary, terms=[t for t in known if t.vocabulary == vocabulary])
    seen = set(matcher._index)
    missing = []
    for name, code, aliases in rows:
        keys = {normalized(name), normalized(code), *(normalized(a) for a in aliases)} - {""}
        if keys & seen:
            continue
        seen |= keys
        missing.append(Term(city=city, vocabulary=vocabulary, name=name, code=code, aliases=list(aliases)))
    return missing


def require_term_editor(actor, city) -> None:
    """Only the city's Bappeda or administrator edits its lists (rule `vocabularies.manage_terms`)."""
    if (
        actor is not None
        and actor.is_authenticated
        and actor.has_perm("vocabularies.manage_terms", SimpleNamespace(city_id=city.pk))
    ):
        return
    raise NotAllowed(
        _("Hanya Bappeda atau administrator %(city)s yang dapat mengubah daftar istilah kota ini.")
        % {"city": city.label}
    )


def _clean(*, city, vocabulary: str, name: str, code: str, aliases, exclude_pk: int | None) -> dict:
    if vocabulary not in Vocabulary.values:
        raise DomainError(_("Daftar tidak dikenal."), field="vocabulary")
    name = " ".join(str(name or "").split())
    code = " ".join(str(code or "").split())
    if not name:
        raise DomainError(_("Kolom ini wajib diisi."), field="name")
    if len(name) > 255:
        raise DomainError(_("Nama paling banyak 255 karakter."), field="name")
    if len(code) > 60:
        raise DomainError(_("Kode paling banyak 60 karakter."), field="code")
    if isinstance(aliases, str):
        aliases = aliases.replace("\n", ",").split(",")
    cleaned = list(dict.fromkeys(" ".join(str(a).split()) for a in aliases or () if str(a).strip()))
    if len(cleaned) > MAX_ALIASES or any(len(a) > 100 for a in cleaned):
        raise DomainError(
            _("Paling banyak %(max)d nama lain, masing-masing 100 karakter.") % {"max": MAX_ALIASES}, field="aliases"
        )
    others = Term.objects.filter(city=city, vocabulary=vocabulary).exclude(pk=exclude_pk)
    matcher = TermMatcher(city.pk, vocabulary, terms=others)
    for word, field in [(name, "name"), (code, "code"), *((a, "aliases") for a in cleaned)]:
        if not word:
            continue
        try:
            clash = matcher.find(word)
        except AmbiguousTerm as error:
            raise DomainError(str(error), field=field) from None
        if clash is not None:
            raise DomainError(
                _("“%(word)s” sudah berarti istilah “%(term)s” di daftar ini.") % {"word": word, "term": clash.name},
                field=field,
            )
    return {"name": name, "code": code, "aliases": cleaned}


@history.recorded
@transaction.atomic
def term_create(*, actor, city, vocabulary: str, name: str, code: str = "", aliases=()) -> Term:
    """A new term of one of the city's lists; its name, code and aliases may not name another term of the list."""
    require_term_editor(actor, city)
    values = _clean(city=city, vocabulary=vocabulary, name=name, code=code, aliases=aliases, exclude_pk=None)
    try:
        with transaction.atomic():
            return Term.objects.create(city=city, vocabulary=vocabulary, **values)
    except IntegrityError:
        raise DomainError(_("Istilah dengan nama ini sudah ada."), field="name") from None


@history.recorded
@transaction.atomic
def term_update(
    *, actor, term: Term, version: int, name: str, code: str = "", aliases=(), is_active: bool | None = None
) -> Term:
    """Rename a term, change its code or aliases, or bring a retired one back; a stale edit is refused.

    Renaming changes what is shown for every record that names the term (it is one word, written better)."""
    require_term_editor(actor, term.city)
    locked = Term.objects.select_for_update().select_related("city").get(pk=term.pk)
    if locked.version != version:
        raise StaleVersion(_("Istilah ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
    values = _clean(
        city=locked.city, vocabulary=locked.vocabulary, name=name, code=code, aliases=aliases, exclude_pk=locked.pk
    )
    if is_active is not None:
        values["is_active"] = bool(is_active)
    if all(getattr(locked, key) == value for key, value in values.items()):
        return locked
    for key, value in values.items():
        setattr(locked, key, value)
    locked.version += 1
    locked.save()
    return locked


@history.recorded
@transaction.atomic
def term_retire(*, actor, term: Term, version: int) -> Term:
    """No longer offer a term. It stays on the records that name it (never deleted), and can be brought back."""
    require_term_editor(actor, term.city)
    locked = Term.objects.select_for_update().get(pk=term.pk)
    if locked.version != version:
        raise StaleVersion(_("Istilah ini baru saja diubah orang lain. Muat ulang halaman lalu coba lagi."))
    if locked.is_active:
        locked.is_active = False
        locked.version += 1
        locked.save(update_fields=["is_active", "version"])
    return locked


def terms_add_missing(*, city, vocabulary: str, names: Iterable[tuple[str, str]]) -> tuple[dict[str, Term], int]:
    """The terms named by (name, code) pairs, creating those the list lacks (a SIPD file feeding the city's list);
    returns {normalized name or code: term} and how many were added. The caller holds the transaction and checks
    the actor may edit the city's lists."""
    matcher = TermMatcher(city.pk, vocabulary, terms=Term.objects.filter(city=city, vocabulary=vocabulary))
    added: dict[str, Term] = {}  # the new terms by normalized name and code
    found: dict[str, Term] = {}
    new: list[Term] = []
    for name, code in names:
        name = " ".join(str(name or "").split())[:255]
        code = " ".join(str(code or "").split())[:60]
        key = normalized(code or name)
        if not key or key in found:
            continue
        term = (
            (matcher.find(code) if code else None)
            or matcher.find(name)
            or added.get(normalized(code))
            or added.get(normalized(name))
        )
        if term is None:
            term = Term(city=city, vocabulary=vocabulary, name=name or code, code=code)
            new.append(term)
            added.update({k: term for k in (normalized(code), normalized(name)) if k})
        found[key] = term
    history.bulk_create(Term, new)
    if any(term.pk is None for term in new):  # a database that returns no ids from a bulk insert
        by_name = {t.name: t for t in Term.objects.filter(city=city, vocabulary=vocabulary)}
        found = {key: by_name[term.name] if term.pk is None else term for key, term in found.items()}
    return found, len(new)
