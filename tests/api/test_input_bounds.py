"""Numbers no column can hold and JSON nested thousands deep are the client's mistakes: 400 naming the field.

The integer fields are read from the OpenAPI document, so a field added later is covered without a new test.
"""

from __future__ import annotations

import json

import pytest
from drf_spectacular.generators import SchemaGenerator
from knox.models import AuthToken

from tests.api.world import RT001, build_world

pytestmark = pytest.mark.django_db
HUGE = 10**20


@pytest.fixture
def world(person, region, cycle, malang):
    return build_world(person=person, region=region, cycle=cycle, city=malang)


def _schema() -> dict:
    return SchemaGenerator().get_schema(request=None, public=True)


def _integer_paths(schema: dict, node: dict, path: tuple = ()) -> list[tuple]:
    """Every place in a request body where an integer goes, as a path of keys ("*" for any key, 0 for a list)."""
    components = schema["components"]["schemas"]
    while "$ref" in node:
        node = components[node["$ref"].rsplit("/", 1)[-1]]
    for key in ("allOf", "oneOf", "anyOf"):
        if key in node:
            return [p for sub in node[key] for p in _integer_paths(schema, sub, path)]
    if node.get("type") == "integer":
        return [path]
    found = []
    for name, sub in node.get("properties", {}).items():
        found += _integer_paths(schema, sub, (*path, name))
    if isinstance(node.get("additionalProperties"), dict):
        found += _integer_paths(schema, node["additionalProperties"], (*path, "*"))
    if "items" in node:
        found += _integer_paths(schema, node["items"], (*path, 0))
    return found


def _body(path: tuple, value) -> object:
    """A body holding `value` at `path` (any key becomes "x", a list position becomes a one-item list)."""
    for key in reversed(path):
        value = [value] if key == 0 else {"x" if key == "*" else key: value}
    return value


def _write_operations(schema: dict):
    for url, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if method in ("post", "put", "patch") and "application/json" in content:
                for path in _integer_paths(schema, content["application/json"]["schema"]):
                    yield method, url, path


def _url(template: str, world) -> str:
    if template.endswith("/verify"):
        template = template.replace("{number}", world.forwarded.number)
    values = {
        "meeting_id": world.meeting.pk,
        "number": world.proposals[0].number,
        "cycle_id": world.cycle.pk,
        "kind": "rembug",
        "ceiling_id": world.ceiling.pk,
        "set_id": world.criteria_set.pk,
        "vote_id": world.vote.pk,
        "attendee_id": world.meeting.attendees.first().pk,
        "code": RT001,
        "id": 1,
        "pk": 1,
        "run_id": 1,
        "notification_id": 1,
    }
    for name, value in values.items():
        template = template.replace("{" + name + "}", str(value))
    return template


def test_every_integer_field_of_every_write_endpoint_refuses_a_number_too_big_with_400(client, person, world):
    schema = _schema()
    verifier = person("verifikator_opd", "35.73", agency="DPUPRPKP")
    tokens = {
        who: AuthToken.objects.create(user)[1]
        for who, user in [("chair", world.chair), ("bappeda", world.bappeda), ("verifier", verifier)]
    }
    checked, unreached = 0, []
    for method, template, path in _write_operations(schema):
        answers = []
        for token in tokens.values():
            response = getattr(client, method)(
                _url(template, world),
                json.dumps(_body(path, HUGE)),
                content_type="application/json",
                HTTP_AUTHORIZATION=f"Bearer {token}",
            )
            assert response.status_code < 500, (method, template, path, response.content)
            answers.append(response)
        named = [r for r in answers if r.status_code == 400 and str(path[0]) in r.json()]
        if named:
            checked += 1
        else:
            unreached.append((method, template, path, [r.status_code for r in answers]))
    assert not unreached, unreached
    assert checked >= 30


def test_json_nested_5000_deep_is_refused_with_400(client, world):
    client.force_login(world.chair)
    deep = "[" * 5000 + "]" * 5000
    for body in (deep, '{"version": ' + deep + "}"):
        response = client.patch(f"/api/v1/meetings/{world.meeting.pk}", body, content_type="application/json")
        assert response.status_code == 400, response.content
        assert "terlalu dalam" in response.json()["detail"]


def test_a_number_too_big_sent_as_a_form_field_is_refused_with_400_naming_it(client, world):
    client.force_login(world.bappeda)
    response = client.put(
        f"/api/v1/ceilings/{world.ceiling.pk}",
        f"amount={HUGE}&version=1",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 400 and "amount" in response.json(), response.content
    client.force_login(world.chair)
    response = client.post(
        "/api/v1/meetings", f"cycle={HUGE}&holder={RT001}", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400 and "cycle" in response.json(), response.content


def test_an_overflow_past_every_field_check_is_a_400_naming_the_number(rf):
    """The last line: whatever field forgot its bound, the database's overflow is not a server error."""
    from django.db import DataError
    from rest_framework.parsers import MultiPartParser
    from rest_framework.request import Request

    from rembug.api.errors import exception_handler

    request = Request(
        rf.post("/api/v1/x", {"name": "Rina", "beneficiaries": "3000000000"}), parsers=[MultiPartParser()]
    )
    for error in (
        OverflowError("Python int too large to convert to SQLite INTEGER"),
        DataError("integer out of range"),
    ):
        answer = exception_handler(error, {"request": request})
        assert answer.status_code == 400
        assert answer.data["code"] == "out_of_range" and answer.data["field"] == "beneficiaries"


def test_a_json_body_larger_than_the_upload_limit_is_refused_with_400(client, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    client.force_login(world.chair)
    body = json.dumps({"version": world.meeting.version, "agenda": "x" * 20_000})
    response = client.patch(f"/api/v1/meetings/{world.meeting.pk}", body, content_type="application/json")
    assert response.status_code == 400 and "terlalu besar" in response.json()["detail"]


def test_an_unknown_api_address_answers_json_404_and_a_web_one_a_page(client, world):
    client.force_login(world.chair)
    for url in ("/api/v1/meetings/-1", "/api/v1/activities/abc", "/api/v1/nothing-here"):
        response = client.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", url
        assert response.json()["code"] == "not_found"
    page = client.get("/rembug/-1/")
    assert page.status_code == 404 and page["Content-Type"].startswith("text/html")


def test_every_integer_form_field_of_every_write_endpoint_refuses_a_number_too_big(client, person, world):
    """The same numbers sent as form fields (no JSON parser in front): never a 500."""
    schema = _schema()
    verifier = person("verifikator_opd", "35.73", agency="DPUPRPKP")
    tokens = [AuthToken.objects.create(user)[1] for user in (world.chair, world.bappeda, verifier)]
    form = "application/x-www-form-urlencoded"
    answered = {}
    for url, operations in schema["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            if method not in ("post", "put", "patch") or form not in content:
                continue
            for path in _integer_paths(schema, content[form]["schema"]):
                if len(path) > 2 or (len(path) == 2 and path[1] != 0):
                    continue  # a form has no nested objects
                for token in tokens:
                    response = getattr(client, method)(
                        _url(url, world), f"{path[0]}={HUGE}", content_type=form, HTTP_AUTHORIZATION=f"Bearer {token}"
                    )
                    assert response.status_code < 500, (method, url, path, response.content)
                    body = response.json()
                    named = response.status_code == 400 and (path[0] in body or body.get("field") == path[0])
                    answered.setdefault((method, url, path[0]), set()).add(
                        "named" if named else str(response.status_code)
                    )
    assert len(answered) >= 30
    # Amounts and counts are refused by their own bound; ids, years and versions past any row are not found or
    # stale (409), never stored.
    bounded = {
        k: v
        for k, v in answered.items()
        if k[2] in ("amount", "budget_amount", "cost", "beneficiaries", "community_contribution", "percent")
    }
    assert len(bounded) >= 6 and all("named" in v for v in bounded.values()), bounded


def test_out_of_range_reads_ints_and_digit_strings_only():
    from rembug.bounds import MAX_INTEGER_32, out_of_range

    assert out_of_range(10**20) and out_of_range("-100000000000000000000") and out_of_range("9" * 5000)
    assert out_of_range("3000000000", MAX_INTEGER_32) and not out_of_range("3000000000")
    assert not any(out_of_range(v) for v in (True, 5, "²", "abc", "", None, 1e30))
