"""The city's word lists (issue 11, point 3): seeded with units and SIPD's kinds, edited by Bappeda on pages and
through the API, matched by alias, never deleted while in use, each city its own."""

from __future__ import annotations

import pytest

from rembug.errors import DomainError, NotAllowed, StaleVersion
from rembug.vocabularies.lookups import TermMatcher
from rembug.vocabularies.models import Term, Vocabulary
from rembug.vocabularies.services import term_create, term_retire, term_update, terms_ensure_defaults

pytestmark = pytest.mark.django_db


@pytest.fixture
def bappeda(person):
    return person("bappeda", "35.73")


def units(city) -> TermMatcher:
    return TermMatcher(city.pk, Vocabulary.UNIT)


def test_every_city_starts_with_the_units_and_sipds_kinds_and_a_second_seeding_adds_nothing(malang, batu):
    for city in (malang, batu):
        matcher = units(city)
        assert [matcher.get(w).name for w in ("m2", "M2", "meter persegi", "Orang", "Buah", "Paket", "OK")] == [
            "m²",
            "m²",
            "m²",
            "orang",
            "buah",
            "paket",
            "orang-kegiatan",
        ]
        assert TermMatcher(city.pk, Vocabulary.PROPOSAL_TYPE).get("sarpras").name == "SARPRAS"
        assert TermMatcher(city.pk, Vocabulary.SPENDING_TYPE).get("BHB").name == "Belanja Hibah"
    assert terms_ensure_defaults(city=malang) == 0


def test_a_unit_renamed_by_bappeda_is_not_added_again(malang, bappeda):
    meter = units(malang).get("m²")
    term_update(actor=bappeda, term=meter, version=meter.version, name="meter persegi", aliases=["m²", "m2"])
    assert terms_ensure_defaults(city=malang) == 0


def test_bappeda_adds_a_term_with_aliases_and_it_is_matched(malang, bappeda):
    term = term_create(actor=bappeda, city=malang, vocabulary="satuan", name="rim", aliases="Rim, rm")
    assert term.aliases == ["Rim", "rm"]
    assert units(malang).get("RM") == term
    assert term.history.count() == 1


def test_a_word_may_name_only_one_term_of_a_list(malang, bappeda):
    with pytest.raises(DomainError) as taken:
        term_create(actor=bappeda, city=malang, vocabulary="satuan", name="meter2", aliases=["m2"])
    assert taken.value.field == "aliases" and "m²" in taken.value.message


def test_an_edit_of_a_stale_version_is_refused(malang, bappeda):
    term = term_create(actor=bappeda, city=malang, vocabulary="program", name="Program Jalan", code="1.03.10")
    term_update(actor=bappeda, term=term, version=term.version, name="Program Jalan Lingkungan", code="1.03.10")
    with pytest.raises(StaleVersion):
        term_update(actor=bappeda, term=term, version=term.version, name="Program Lain")


def test_a_retired_term_is_no_longer_offered_but_stays_on_records(malang, bappeda):
    term = term_create(actor=bappeda, city=malang, vocabulary="satuan", name="karung")
    retired = term_retire(actor=bappeda, term=term, version=term.version)
    assert not retired.is_active and Term.objects.filter(pk=term.pk).exists()
    assert units(malang).find("karung") is None


def test_only_the_citys_planners_edit_its_lists(malang, person):
    for outsider in (person("ketua_rt", "35.73.05.1011.03.001"), person("bappeda", "35.79")):
        with pytest.raises(NotAllowed):
            term_create(actor=outsider, city=malang, vocabulary="satuan", name="karung")
    assert person("admin", "35.73").has_perm("vocabularies.manage_terms", Term(city=malang))


# --- pages ---------------------------------------------------------------------------------------------------------


def test_bappeda_adds_edits_and_retires_a_term_on_the_pages(client, malang, bappeda):
    client.force_login(bappeda)
    assert "Satuan" in client.get("/kamus/istilah/").text
    answer = client.post("/kamus/istilah/satuan/tambah/", {"name": "karung", "aliases": "krg, sak"})
    assert answer.status_code == 302
    term = Term.objects.get(city=malang, vocabulary="satuan", name="karung")
    listed = client.get("/kamus/istilah/satuan/", {"q": "sak"}).text
    assert "karung" in listed and "krg, sak" in listed
    answer = client.post(
        f"/kamus/istilah/ubah/{term.pk}/",
        {"name": "karung", "code": "", "aliases": "krg", "is_active": "on", "version": term.version},
    )
    assert answer.status_code == 302
    term.refresh_from_db()
    assert (term.aliases, term.version) == (["krg"], 2)
    assert client.post(f"/kamus/istilah/hentikan/{term.pk}/", {"version": term.version}).status_code == 302
    term.refresh_from_db()
    assert not term.is_active


def test_a_clash_is_shown_on_the_field(client, malang, bappeda):
    client.force_login(bappeda)
    answer = client.post("/kamus/istilah/satuan/tambah/", {"name": "M2"})
    assert answer.status_code == 200 and "sudah berarti istilah “m²”" in answer.text


def test_an_rt_chair_reads_the_lists_but_cannot_edit(client, malang, person):
    client.force_login(person("ketua_rt", "35.73.05.1011.03.001"))
    page = client.get("/kamus/istilah/satuan/")
    assert page.status_code == 200 and "m²" in page.text and "Tambah istilah" not in page.text
    assert client.get("/kamus/istilah/satuan/tambah/").status_code == 404
    term = units(malang).get("m2")
    assert client.get(f"/kamus/istilah/ubah/{term.pk}/").status_code == 404


def test_the_list_page_takes_a_bounded_number_of_queries(client, malang, bappeda, django_assert_max_num_queries):
    client.force_login(bappeda)
    client.get("/kamus/istilah/satuan/")
    for n in range(60):
        Term.objects.create(city=malang, vocabulary="program", name=f"Program {n}", aliases=[f"p{n}"])
    with django_assert_max_num_queries(12):
        page = client.get("/kamus/istilah/program/")
    assert page.status_code == 200 and "Halaman 1 dari 2" in page.text
    with django_assert_max_num_queries(12):
        assert client.get("/kamus/istilah/").status_code == 200


# --- API -----------------------------------------------------------------------------------------------------------


def test_city_staff_read_the_lists_through_the_api(client, malang, person, django_assert_max_num_queries):
    client.force_login(person("operator_kelurahan", "35.73.05.1011"))
    with django_assert_max_num_queries(10):
        answer = client.get("/api/v1/terms", {"vocabulary": "satuan", "q": "m2"})
    assert answer.status_code == 200
    assert [row["name"] for row in answer.json()["results"]] == ["m²"]
    assert client.post("/api/v1/terms", {"vocabulary": "satuan", "name": "karung"}).status_code == 403


def test_bappeda_writes_the_lists_through_the_api(client, malang, bappeda):
    client.force_login(bappeda)
    made = client.post(
        "/api/v1/terms",
        {"vocabulary": "jenis_usulan", "name": "Pemberdayaan Ekonomi", "code": "PE", "aliases": ["PEK"]},
        content_type="application/json",
    )
    assert made.status_code == 201, made.json()
    pk, version = made.json()["id"], made.json()["version"]
    renamed = client.patch(
        f"/api/v1/terms/{pk}",
        {"name": "Pemberdayaan Ekonomi Warga", "code": "PE", "aliases": ["PEK"], "version": version},
        content_type="application/json",
    )
    assert renamed.status_code == 200 and renamed.json()["version"] == version + 1
    stale = client.patch(f"/api/v1/terms/{pk}", {"name": "X", "version": version}, content_type="application/json")
    assert stale.status_code == 409
    clash = client.post("/api/v1/terms", {"vocabulary": "satuan", "name": "M2"}, content_type="application/json").json()
    assert clash["field"] == "name" and "m²" in clash["detail"]
    retired = client.post(f"/api/v1/terms/{pk}/retire", {"version": version + 1}, content_type="application/json")
    assert retired.status_code == 200 and retired.json()["is_active"] is False


def test_another_citys_term_is_not_found(client, batu, bappeda):
    client.force_login(bappeda)
    term = units(batu).get("m2")
    assert client.get(f"/api/v1/terms/{term.pk}").status_code == 404
