"""Proof 2: Schemathesis fuzzes every operation of the OpenAPI document, as an RT chair and as Bappeda.

Every generated call must answer without a server error, with a status code, content type and body that the
document describes. The calls run in-process against the WSGI application on the test database, which holds a
small city year (tests/api/world.py) whose ids the path parameters are drawn from, so calls touch real objects.
"""

from __future__ import annotations

import copy

import pytest
import schemathesis
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from drf_spectacular.generators import SchemaGenerator
from hypothesis import HealthCheck, given, settings
from hypothesis.errors import Unsatisfiable
from knox.models import AuthToken
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from rembug.notifications.models import Notification
from tests.api.world import RT001, build_world

pytestmark = pytest.mark.django_db
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def world(person, region, cycle, malang, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return build_world(person=person, region=region, cycle=cycle, city=malang)


@pytest.fixture
def wsgi_app():
    """Django's WSGI application, kept inside the test's transaction (as the test client does)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield WSGIHandler()
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def _path_values(world) -> dict[str, list]:
    """Real ids for each path parameter, and one that does not exist (the 404 answer is fuzzed too)."""
    return {
        "meeting_id": [world.meeting.pk, 999_999],
        "number": [world.proposals[0].number, world.forwarded.number, "X-0000"],
        "cycle_id": [world.cycle.pk, 999_999],
        "kind": ["rembug", "musrenbang_kelurahan", "nope"],
        "ceiling_id": [world.ceiling.pk, 999_999],
        "set_id": [world.criteria_set.pk, 999_999],
        "vote_id": [world.vote.pk, 999_999],
        "attendee_id": [world.meeting.attendees.first().pk, 999_999],
        "code": [RT001, "35.73.05.1011", "0"],
        "dataset": ["proposals", "forums", "nope"],
        "fmt": ["csv", "json", "xlsx", "pdf"],
        "notification_id": [*Notification.objects.values_list("pk", flat=True)[:2], 999_999],
    }


def _document(world) -> dict:
    document = copy.deepcopy(SchemaGenerator().get_schema(request=None, public=True))
    values = _path_values(world)
    for operations in document["paths"].values():
        for operation in operations.values():
            for parameter in operation.get("parameters", []) if isinstance(operation, dict) else []:
                if parameter.get("in") == "path" and parameter["name"] in values:
                    parameter["schema"] = {**parameter["schema"], "enum": values[parameter["name"]]}
    return document


def _fuzz_operation(operation, headers: dict, examples: int, mode: GenerationMode) -> int:
    """Up to `examples` generated calls of one operation, each validated; returns how many were made."""
    made = 0

    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=examples,
        derandomize=True,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
        print_blob=True,
    )
    def run(case):
        nonlocal made
        made += 1
        case.call_and_validate(headers=headers, checks=CHECKS)

    run()
    return made


def fuzz(world, wsgi_app, *, examples: dict[GenerationMode, int]) -> dict[str, int]:
    """Run every operation with up to `examples[mode]` generated cases per user and mode; returns the calls per user.

    Positive cases follow the document; negative ones break it on purpose (each must be refused with a 4xx
    the document lists, never a server error).
    """
    schema = schemathesis.openapi.from_dict(_document(world))
    schema.app = wsgi_app
    calls: dict[str, int] = {}
    failures: list[str] = []
    for who, user in [("chair", world.chair), ("bappeda", world.bappeda)]:
        # Identity: the WSGI transport, unlike an HTTP client, does not undo gzip (tests/test_compression.py).
        headers = {"Authorization": f"Bearer {AuthToken.objects.create(user)[1]}", "Accept-Encoding": "identity"}
        calls[who] = 0
        for result in schema.get_all_operations():
            operation = result.ok()
            for mode, count in examples.items():
                try:
                    calls[who] += _fuzz_operation(operation, headers, count, mode)
                except Unsatisfiable:  # nothing of this operation can be made invalid (no parameters, no body)
                    continue
                except (Exception, BaseExceptionGroup) as error:  # every operation runs; all failures are reported
                    failures.append(f"{who} {mode.value} {operation.label}: {error}")
    assert not failures, "\n\n".join(failures)
    return calls


def test_the_api_answers_a_few_hundred_generated_calls_by_its_document(world, wsgi_app):
    calls = fuzz(world, wsgi_app, examples={GenerationMode.POSITIVE: 2, GenerationMode.NEGATIVE: 1})
    print("generated calls:", calls)
    assert sum(calls.values()) >= 300, calls


@pytest.mark.long
def test_the_api_answers_5000_generated_calls_by_its_document(world, wsgi_app):
    calls = fuzz(world, wsgi_app, examples={GenerationMode.POSITIVE: 40, GenerationMode.NEGATIVE: 10})
    print("generated calls:", calls)
    assert sum(calls.values()) >= 5000, calls
