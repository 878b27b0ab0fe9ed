"""The proposal form's choices of dictionary items."""

from __future__ import annotations

import pytest

from rembug.proposals.forms import ItemChoiceField
from rembug.proposals.models import DictionaryItem
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db


def test_an_item_is_offered_with_its_name_as_written_and_its_price_in_rupiah(malang):
    """The label turned every comma into a dot to format the price, names included ("Paving, jalan" → "Paving.")."""
    item = dictionary_item(malang, name="Paving blok, jalan lingkungan", unit="m2", unit_price=1_250_000)
    field = ItemChoiceField(queryset=DictionaryItem.objects.all())
    assert field.label_from_instance(item) == "Paving blok, jalan lingkungan — Rp1.250.000/m2"
