"""History of everything that matters (docs/decisions/0015): who changed a ceiling, a stage window, a dictionary
item, an agency, a role or a draft meeting, when, and from what to what.

django-simple-history keeps a full copy of the row per change (``Historical<Model>``), written by the model's
save/delete signals in the same transaction as the change. This module adds the two things Rembug needs on top:

- the *actor*: services receive ``actor`` and run under :func:`recorded` (or :func:`acting`), so the record names
  the person even outside a request (management commands, the demo loader); an admin edit falls back to the
  request's user (``HistoryRequestMiddleware``);
- bulk writes, which bypass signals: :func:`bulk_create` and :func:`bulk_update` write the rows and their history.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

#: Every model whose changes are kept ("app_label.ModelName"); tests/test_history.py holds the same list.
TRACKED = (
    "accounts.RoleAssignment",
    "agencies.Agency",
    "budget.Ceiling",
    "cycles.PlanningCycle",
    "cycles.Stage",
    "forums.AttendanceCount",
    "forums.Attendee",
    "forums.Delegate",
    "forums.Meeting",
    "forums.MeetingItem",
    "forums.MinutesWording",
    "forums.OfficialCount",
    "forums.Signatory",
    "proposals.DictionaryItem",
    "regions.CommunityGroup",
    "regions.ProposerKind",
    "regions.Region",
    "vocabularies.Term",
)

_UNSET = object()
_actor: ContextVar[Any] = ContextVar("rembug_history_actor", default=_UNSET)

F = TypeVar("F", bound=Callable[..., Any])
M = TypeVar("M", bound=models.Model)


@contextmanager
def acting(actor) -> Iterator[None]:
    """Every change inside is recorded as made by ``actor`` (None: the system)."""
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def recorded(service: F) -> F:
    """Decorate a service taking ``actor=``: its writes (and those of services it calls) name that actor.

    Called without ``actor`` (an optional one left out), the enclosing service's actor or the request's user stays.
    """

    @functools.wraps(service)
    def wrapper(*args, **kwargs):
        if "actor" not in kwargs:
            return service(*args, **kwargs)
        with acting(kwargs["actor"]):
            return service(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


def history_user(instance=None, request=None, **kwargs):
    """simple-history's ``get_user``: the running service's actor, else the signed-in user of the request."""
    actor = _actor.get()
    if actor is not _UNSET:
        return actor if getattr(actor, "pk", None) is not None else None
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def tracked(**options) -> HistoricalRecords:
    """The history field every tracked model declares (``history = tracked()``)."""
    return HistoricalRecords(get_user=history_user, **options)


def bulk_create(model: type[M], objects: Sequence[M], **options) -> list[M]:
    """``Model.objects.bulk_create`` that also writes one history row per object (same transaction)."""
    if not objects:
        return []
    return bulk_create_with_history(list(objects), model, **options)


def bulk_update(model: type[M], objects: Sequence[M], fields: Sequence[str], **options) -> None:
    """``Model.objects.bulk_update`` that also writes one history row per object (same transaction)."""
    if objects:
        bulk_update_with_history(list(objects), model, list(fields), **options)


# --- reading: before and after --------------------------------------------------------------------------------------

#: Bookkeeping columns that change with every save and say nothing to a reader.
QUIET_FIELDS = frozenset({"version", "updated_at"})


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    old: Any
    new: Any


@dataclass(frozen=True)
class Entry:
    """One historical record in words: what it is about, who, when, what happened, and before → after."""

    record: Any
    subject: str
    changes: tuple[Change, ...]

    @property
    def who(self):
        return self.record.history_user

    @property
    def when(self):
        return self.record.history_date

    @property
    def kind(self) -> str:
        """+ created, ~ changed, - deleted."""
        return self.record.history_type

    @property
    def action(self) -> str:
        return {"+": _("dibuat"), "~": _("diubah"), "-": _("dihapus")}.get(self.kind, self.kind)


def _shown(record, field: models.Field, formats: Mapping[str, Callable[[Any], Any]]) -> Any:
    """The value as a reader knows it: a choice's label, a related object's name when it was fetched with it."""
    if field.is_relation and field.is_cached(record):
        value = getattr(record, field.name)
    else:
        value = getattr(record, field.attname)
        if field.choices and value not in (None, ""):
            value = dict(field.flatchoices).get(value, value)
    if value is not None and field.name in formats:
        return formats[field.name](value)
    return value


def entries(
    records: Iterable,
    *,
    subject: Callable[[Any], str] = str,
    formats: Mapping[str, Callable[[Any], Any]] | None = None,
    quiet: frozenset[str] = QUIET_FIELDS,
) -> list[Entry]:
    """The records (of any number of objects) with what each changed against the same object's previous record.

    ``records`` must come oldest first (``order_by("history_date", "history_id")``); the answer is newest first.
    No query per record: the previous one is taken from the list itself. ``subject(record)`` names the object
    ("Kelurahan Dinoyo"); ``formats`` turns a field's value into words (field name → function).
    """
    formats = formats or {}
    previous: dict[Any, Any] = {}
    answer: list[Entry] = []
    for record in records:
        fields = [f for f in record.instance_type._meta.concrete_fields if f.name not in quiet and not f.primary_key]
        before = previous.get(record.id)
        changes = []
        for field in fields:
            new = _shown(record, field, formats)
            old = _shown(before, field, formats) if before is not None else None
            if record.history_type == "-":  # what was removed
                changes.append(Change(field.name, str(field.verbose_name), new, None))
            elif record.history_type == "+" or (before is not None and old != new):
                changes.append(Change(field.name, str(field.verbose_name), old, new))
        answer.append(Entry(record, subject(record), tuple(changes)))
        previous[record.id] = record
    answer.reverse()
    return answer
