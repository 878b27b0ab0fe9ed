"""History of everything that matters (docs/decisions/0015): the list of tracked models, the actor, the transaction.

Each app's tests prove that its services (and the admin, where it edits) write who, when, before and after.
"""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.utils import timezone
from simple_history.models import registered_models

from rembug import history
from rembug.agencies.models import Agency

pytestmark = pytest.mark.django_db

#: Written out here on purpose: dropping `history = tracked()` from any of these models must fail a test.
EXPECTED = {
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
}


def before_after(record) -> dict[str, tuple]:
    """field → (old, new) of a historical record against the same object's previous one.

    Every column is compared: simple-history's ``diff_against`` leaves out non-editable ones (a meeting's status).
    """
    previous = record.prev_record
    assert previous is not None, "a change needs a record before it"
    editable = {c.field: (c.old, c.new) for c in record.diff_against(previous).changes}
    every = {
        f.name: (getattr(previous, f.attname), getattr(record, f.attname))
        for f in record.tracked_fields
        if getattr(previous, f.attname) != getattr(record, f.attname)
    }
    assert {name: every[name] for name in editable} == {
        name: (getattr(old, "pk", old), getattr(new, "pk", new)) for name, (old, new) in editable.items()
    }
    return every


def recent(record, start: datetime.datetime) -> bool:
    return start <= record.history_date <= timezone.now()


def test_every_model_that_matters_keeps_its_history():
    tracked = {model._meta.label for model in registered_models.values()}
    assert tracked == EXPECTED
    assert set(history.TRACKED) == EXPECTED
    for label in EXPECTED:
        model = next(m for m in registered_models.values() if m._meta.label == label)
        fields = {f.name for f in model.history.model._meta.fields}
        assert {"history_user", "history_date", "history_type"} <= fields
        # The whole row is kept, not only the columns that changed.
        assert {f.attname for f in model._meta.concrete_fields} <= {f.attname for f in model.history.model._meta.fields}


def test_history_is_written_in_the_same_transaction_as_the_change(malang):
    agency = Agency.objects.filter(city=malang).first()
    count = agency.history.count()
    with pytest.raises(RuntimeError), transaction.atomic():
        agency.name = "Dibatalkan"
        agency.save()
        assert agency.history.count() == count + 1
        raise RuntimeError("the change is rolled back")
    assert agency.history.count() == count


def test_the_actor_of_a_service_outside_a_request_is_the_one_recorded(person, malang):
    planner = person("bappeda", "35.73")
    agency = Agency.objects.filter(city=malang).first()
    with history.acting(planner):
        agency.name = "Nama baru"
        agency.save()
    with history.acting(None):  # the system (a management command, the demo loader)
        agency.name = "Nama lain"
        agency.save()
    newest, before = agency.history.all()[:2]
    assert before.history_user == planner and newest.history_user is None


def test_entries_say_what_changed_newest_first(person, malang):
    planner = person("bappeda", "35.73")
    start = timezone.now()
    agency = Agency.objects.create(city=malang, short_name="BARU", code="9.99", name="Dinas Baru")
    with history.acting(planner):
        agency.name = "Dinas Lebih Baru"
        agency.save()
        agency.delete()
    changed, created = history.entries(Agency.history.filter(short_name="BARU").order_by("history_date", "history_id"))[
        1:
    ]
    assert created.kind == "+" and created.who is None and recent(created.record, start)
    assert {c.field: c.new for c in created.changes}["name"] == "Dinas Baru"
    assert changed.kind == "~" and changed.who == planner
    assert [(c.field, c.old, c.new) for c in changed.changes] == [("name", "Dinas Baru", "Dinas Lebih Baru")]


def admin_form_data(response) -> dict:
    """What the admin's change form would send back unchanged (its fields and inline formsets)."""

    def put(data: dict, form) -> None:
        for name in form.fields:
            value = form[name].value()
            if value is False or value is None:
                continue
            data[form.add_prefix(name)] = value.pk if hasattr(value, "pk") else value

    data: dict = {}
    put(data, response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        put(data, formset.management_form)
        for form in formset.forms:
            put(data, form)
    return data


def test_a_service_called_without_its_optional_actor_keeps_the_enclosing_one(person, malang, tmp_path):
    from rembug.agencies.services import agencies_load

    planner = person("bappeda", "35.73")
    listing = tmp_path / "opd.csv"
    listing.write_text("short_name,code,name\nLAIN,9.98,Badan Lain\n", encoding="utf-8")
    with history.acting(planner):
        agencies_load(city=malang, csv_path=listing)
    assert Agency.objects.get(city=malang, short_name="LAIN").history.get().history_user == planner
