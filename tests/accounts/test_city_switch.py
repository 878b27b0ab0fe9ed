"""The city a page works in (docs/decisions/0021, issue 10 "One home for each rule").

Six pages took "the" city of a person as the lowest city id (`sorted(cities_of(user))[0]`): a Bappeda planner of
Kota Malang who also plans for Kota Batu could never reach Batu's dictionary, proposals or API. Now the only city
of a person is theirs; with several, the header's city switch chooses, and the API takes `?city=`.
"""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from knox.models import AuthToken

from rembug.accounts.scopes import CITY_SESSION_KEY, current_city_id
from rembug.accounts.services import role_assign
from rembug.cycles.selectors import today
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.errors import CityNotChosen, DomainError
from tests.factories import dictionary_item

pytestmark = pytest.mark.django_db


@pytest.fixture
def planner(person, batu):
    """Perencana Bappeda of Kota Malang who also plans for Kota Batu."""
    user = person("bappeda", "35.73")
    role_assign(actor=None, user=user, role="bappeda", region=batu)
    return user


@pytest.fixture
def as_planner(client, planner):
    client.force_login(planner)
    return client


@pytest.fixture
def items(malang, batu):
    return dictionary_item(malang, name="Paving Malang"), dictionary_item(batu, name="Paving Batu")


def _request(user, session: dict | None = None):
    request = RequestFactory().get("/")
    request.user, request.session = user, session if session is not None else {}
    return request


def choose(client, city, next_url: str = "/dasbor/"):
    return client.post("/akun/kota/", {"city": city.pk, "next": next_url})


def test_batu_has_the_higher_id_so_the_old_rule_always_chose_malang(malang, batu):
    assert malang.pk < batu.pk  # the page tests below would prove nothing otherwise


# --- the rule, once -------------------------------------------------------------------------------------------------


def test_a_person_with_one_city_works_in_it_without_choosing(person, malang):
    assert current_city_id(_request(person("bappeda", "35.73"))) == malang.pk


def test_a_person_without_a_role_has_no_city(django_user_model):
    assert current_city_id(_request(django_user_model.objects.create_user("tanpa-peran"))) is None


def test_a_person_with_two_cities_must_choose(planner):
    with pytest.raises(CityNotChosen):
        current_city_id(_request(planner))


def test_the_chosen_city_counts_only_if_the_person_has_a_role_there(planner, batu):
    assert current_city_id(_request(planner, {CITY_SESSION_KEY: batu.pk})) == batu.pk
    with pytest.raises(CityNotChosen):
        current_city_id(_request(planner, {CITY_SESSION_KEY: -1}))


def test_a_page_serving_fewer_cities_needs_no_choice(planner, malang, batu):
    """Delivery follows only the cities a person plans for: one of them is theirs whatever the switch says."""
    assert current_city_id(_request(planner, {CITY_SESSION_KEY: batu.pk}), among={malang.pk}) == malang.pk


def test_an_api_caller_names_the_city_by_its_code(planner, batu):
    assert current_city_id(_request(planner), explicit="35.79") == batu.pk
    with pytest.raises(DomainError) as refused:
        current_city_id(_request(planner), explicit="35.07")
    assert refused.value.field == "city"


# --- the switch -----------------------------------------------------------------------------------------------------


def test_a_person_with_two_cities_sees_the_city_switch_in_the_header(as_planner):
    page = as_planner.get("/dasbor/").content.decode()
    assert 'action="/akun/kota/"' in page
    assert "Kota Malang" in page and "Kota Batu" in page


def test_a_person_with_one_city_sees_no_city_switch(client, person):
    client.force_login(person("bappeda", "35.73"))
    assert 'action="/akun/kota/"' not in client.get("/dasbor/").content.decode()


def test_choosing_a_city_goes_back_to_the_page(as_planner, batu, planner):
    response = choose(as_planner, batu, next_url="/usulan/")
    assert (response.status_code, response["Location"]) == (302, "/usulan/")
    assert as_planner.session[CITY_SESSION_KEY] == batu.pk


def test_a_city_without_a_role_cannot_be_chosen(client, person, batu):
    client.force_login(person("bappeda", "35.73"))
    response = choose(client, batu)
    assert response.status_code == 400
    assert "Anda tidak memiliki peran di kota/kabupaten itu." in response.content.decode()
    assert CITY_SESSION_KEY not in client.session


def test_the_switch_refuses_a_post_without_the_csrf_token(planner, batu):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(planner)
    assert choose(client, batu).status_code == 403


def test_a_page_that_needs_a_city_asks_to_choose_first(as_planner, items):
    response = as_planner.get("/kamus/")
    assert response.status_code == 302
    assert response["Location"] == "/akun/kota/?next=/kamus/"
    assert "Pilih kota" in as_planner.get(response["Location"]).content.decode()


# --- the pages that took the lowest city id -------------------------------------------------------------------------


def test_after_choosing_batu_the_dictionary_page_shows_batus_items(as_planner, batu, items):
    choose(as_planner, batu)
    page = as_planner.get("/kamus/").content.decode()
    assert "Paving Batu" in page and "Paving Malang" not in page


def test_after_choosing_batu_the_proposal_list_shows_batus_planning_year(as_planner, malang, batu, cycle):
    day = today()
    cycle_create(city=batu, year=cycle.year + 1, schedule=demo_schedule(cycle.year + 1, day))
    choose(as_planner, malang)
    assert f"Usulan {cycle.year}" in as_planner.get("/usulan/").content.decode()
    choose(as_planner, batu)
    assert f"Usulan {cycle.year + 1}" in as_planner.get("/usulan/").content.decode()


def test_after_choosing_batu_the_dictionary_file_of_the_api_is_batus(as_planner, batu, items):
    choose(as_planner, batu)
    response = as_planner.get("/api/v1/dictionary.xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="kamus-usulan-35.79.xlsx"'


def test_an_api_token_with_two_cities_names_the_city(client, planner, items):
    token = AuthToken.objects.create(planner)[1]
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    unnamed = client.get("/api/v1/dictionary.xlsx", **auth)
    assert unnamed.status_code == 400
    assert unnamed.json()["field"] == "city"
    named = client.get("/api/v1/dictionary.xlsx", {"city": "35.79"}, **auth)
    assert named["Content-Disposition"] == 'attachment; filename="kamus-usulan-35.79.xlsx"'
    assert client.get("/api/v1/dictionary.xlsx", {"city": "35.07"}, **auth).status_code == 400
