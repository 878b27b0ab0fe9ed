"""Writes of the guide: load the default content, copy a default page for a city, save an edited page."""

from __future__ import annotations

from django.db import transaction
from django.db.models import F

from .content import DEFAULT_FIELD_HELP, DEFAULT_PAGES
from .models import ChecklistItem, FieldHelp, GuidePage


def _set_items(page: GuidePage, items) -> None:
    page.items.all().delete()
    ChecklistItem.objects.bulk_create(
        [
            ChecklistItem(page=page, position=i, label=label, check_key=check, hint=hint)
            for i, (label, check, hint) in enumerate(items, start=1)
        ]
    )


@transaction.atomic
def guide_defaults_load() -> dict[str, int]:
    """Create the default pages and field help; refresh those nobody has edited yet. Safe to run again.

    A default a person changed in the admin (`updated_by` set) is kept as it is.
    """
    counts = {"created": 0, "updated": 0, "kept": 0, "help": 0}
    existing = {(p.role, p.stage): p for p in GuidePage.objects.filter(city__isnull=True)}
    for default in DEFAULT_PAGES:
        page = existing.get((default.role, default.stage))
        if page is None:
            page = GuidePage.objects.create(
                role=default.role, stage=default.stage, title=default.title, body=default.body
            )
            counts["created"] += 1
        elif page.updated_by_id is not None:
            counts["kept"] += 1
            continue
        elif (
            page.title != default.title
            or page.body != default.body
            or [(i.label, i.check_key, i.hint) for i in page.items.all()] != list(default.items)
        ):
            page.title, page.body, page.version = default.title, default.body, page.version + 1
            page.save(update_fields=["title", "body", "version", "updated_at"])
            counts["updated"] += 1
        else:
            continue
        _set_items(page, default.items)
    helps = {h.key: h for h in FieldHelp.objects.filter(city__isnull=True)}
    for key, text in DEFAULT_FIELD_HELP.items():
        found = helps.get(key)
        if found is None:
            FieldHelp.objects.create(key=key, text=text)
            counts["help"] += 1
        elif found.updated_by_id is None and found.text != text:
            found.text = text
            found.save(update_fields=["text", "updated_at"])
    return counts


@transaction.atomic
def guide_page_copy(*, actor, page: GuidePage, city) -> GuidePage:
    """The city's own copy of a default page, to edit (returns the city's page if it already has one)."""
    own = GuidePage.objects.filter(city=city, role=page.role, stage=page.stage).first()
    if own is not None:
        return own
    copy = GuidePage.objects.create(
        city=city, role=page.role, stage=page.stage, title=page.title, body=page.body, updated_by=actor
    )
    _set_items(copy, [(i.label, i.check_key, i.hint) for i in page.items.all()])
    return copy


def guide_page_touch(*, actor, page: GuidePage) -> None:
    """Record who changed a page (the admin calls it after saving); the version counts the edits."""
    GuidePage.objects.filter(pk=page.pk).update(version=F("version") + 1, updated_by=actor)
    page.refresh_from_db(fields=["version", "updated_by"])
