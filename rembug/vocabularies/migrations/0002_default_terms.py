"""Seed every existing city's lists with the default units, jenis usulan and jenis belanja, and add as units the
words its dictionary items and proposals already use, so every stored unit is a term of the city's list and no
form refuses a proposal it showed yesterday (issue 11, point 2)."""

import re
import unicodedata

from django.db import migrations

from rembug.vocabularies.defaults import DEFAULTS

_SUPERSCRIPTS = str.maketrans({"²": "2", "³": "3"})


def _normalized(text):
    text = unicodedata.normalize("NFKC", str(text or "")).translate(_SUPERSCRIPTS)
    return re.sub(r"\s+", " ", text).strip().casefold()


def seed(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    Term = apps.get_model("vocabularies", "Term")
    DictionaryItem = apps.get_model("proposals", "DictionaryItem")
    Proposal = apps.get_model("proposals", "Proposal")
    cities = set(Region.objects.filter(level__in=["kota", "kabupaten"]).values_list("pk", flat=True))
    cities |= set(DictionaryItem.objects.values_list("city_id", flat=True).distinct())
    used = {}
    for model in (DictionaryItem, Proposal):
        for city_id, unit in model.objects.values_list("city_id", "unit").distinct():
            if unit and unit.strip():
                used.setdefault(city_id, []).append(unit.strip())
    cities |= set(used)
    for city_id in sorted(cities):
        known = {}
        for term in Term.objects.filter(city_id=city_id):
            for word in [term.name, term.code, *(term.aliases or [])]:
                known.setdefault((term.vocabulary, _normalized(word)), term)
        rows = [(vocabulary, row) for vocabulary, rows in DEFAULTS.items() for row in rows]
        rows += [("satuan", (unit, "", ())) for unit in used.get(city_id, [])]
        for vocabulary, (name, code, aliases) in rows:
            keys = {_normalized(w) for w in (name, code, *aliases)} - {""}
            if any((vocabulary, key) in known for key in keys):
                continue
            term = Term.objects.create(city_id=city_id, vocabulary=vocabulary, name=name, code=code, aliases=list(aliases))
            known.update({(vocabulary, key): term for key in keys})


class Migration(migrations.Migration):
    dependencies = [
        ("vocabularies", "0001_initial"),
        ("proposals", "0006_sipd_fields_own_unit_and_amount"),
    ]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
