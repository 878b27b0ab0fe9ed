"""The dictionary prices every proposal: each change of an item (import, CSV or admin) is kept with its author."""

import pytest
from django.utils import timezone

from rembug.proposals.dictionary import dictionary_export_xlsx, dictionary_import_xlsx, dictionary_load_csv
from rembug.proposals.models import DictionaryItem
from tests.test_history import admin_form_data, before_after, recent

from .test_dictionary import edited, row_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(malang):
    dictionary_load_csv(city=malang)
    return malang


@pytest.fixture
def bappeda(person):
    return person("bappeda", "35.73")


def test_an_excel_import_records_each_changed_and_new_item_with_the_planner(loaded, bappeda):
    xlsx = dictionary_export_xlsx(city=loaded)
    start = timezone.now()
    changed = edited(
        xlsx,
        {f"G{row_of(xlsx, 'JLN-01')}": 165_000},
        append=["JLN-99", "Paving baru", "sarana_umum", "jalan", "DPUPRPKP", "m²", 1, "kota", "", 2025, None],
    )
    result = dictionary_import_xlsx(actor=bappeda, city=loaded, file=changed)
    assert (result.created, result.updated) == (1, 1)
    paving = DictionaryItem.objects.get(city=loaded, code="JLN-01").history.first()
    assert paving.history_type == "~" and paving.history_user == bappeda and recent(paving, start)
    assert before_after(paving)["unit_price"] == (150_000, 165_000)
    (new,) = DictionaryItem.objects.get(city=loaded, code="JLN-99").history.all()
    assert new.history_type == "+" and new.history_user == bappeda and new.name == "Paving baru"
    # Unchanged items get no record.
    assert DictionaryItem.objects.get(city=loaded, code="JLN-03").history.count() == 1


def test_an_admin_edit_of_an_item_names_the_staff_member(client, loaded, bappeda):
    item = DictionaryItem.objects.get(city=loaded, code="JLN-01")
    client.force_login(bappeda)
    url = f"/admin/proposals/dictionaryitem/{item.pk}/change/"
    data = admin_form_data(client.get(url))
    data["unit_price"] = 170_000
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    latest = item.history.first()
    assert latest.history_user == bappeda and before_after(latest)["unit_price"] == (150_000, 170_000)
    page = client.get(f"/admin/proposals/dictionaryitem/{item.pk}/history/")
    assert page.status_code == 200 and "170000" in page.text.replace(".", "").replace(",", "")
