"""Reads on the replica, writes on the primary, and a writer reads its own writes (issue 14, point 5; dbrouter.py).

The rules are tested on the router and its middleware directly; `bench/replica_demo.py` proves them against a real
streaming replica of PostgreSQL. The settings test runs `manage.py` in a child process, as the settings are read once.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from rembug import dbrouter
from rembug.dbrouter import PIN_COOKIE, PrimaryReplicaRouter, ReadYourWritesMiddleware
from rembug.proposals.models import Proposal

REPO = Path(__file__).resolve().parent.parent
router = PrimaryReplicaRouter()


@pytest.fixture(autouse=True)
def replica_configured(monkeypatch):
    """As if DATABASE_REPLICA_URL were set: the alias exists for the router (no query is sent in these tests)."""
    monkeypatch.setattr(dbrouter, "_replica_configured", lambda: True)
    cache.clear()


def serve(request, view=None):
    """The request through the middleware; `view` runs inside it and returns where a proposal read would go."""
    seen = {}

    def inner(req):
        if view:
            view()
        seen["read"] = router.db_for_read(Proposal)
        return HttpResponse("ok")

    response = ReadYourWritesMiddleware(inner)(request)
    return seen["read"], response


def test_outside_a_request_reads_go_to_the_replica_and_writes_to_the_primary():
    assert router.db_for_read(Proposal) == "replica"
    assert router.db_for_write(Proposal) == "default"


@override_settings(REMBUG_READS_HEADER=True)
def test_a_get_reads_from_the_replica_and_says_so():
    where, response = serve(RequestFactory().get("/portal/"))
    assert where == "replica"
    assert response["X-Rembug-Reads"] == "primary=0 replica=1"
    assert PIN_COOKIE not in response.cookies


def test_the_reads_header_is_off_unless_asked_for():
    assert "X-Rembug-Reads" not in serve(RequestFactory().get("/portal/"))[1]


def test_a_post_reads_from_the_primary_from_its_first_query():
    where, _ = serve(RequestFactory().post("/usulan/baru/35.73.05.1011.03.001/"))
    assert where == "default"


def test_after_a_write_the_same_request_reads_from_the_primary_and_the_client_is_pinned():
    where, response = serve(RequestFactory().get("/x/"), view=lambda: router.db_for_write(Proposal))
    assert where == "default"
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["httponly"] and int(cookie["max-age"]) == dbrouter.pin_seconds()
    assert int(cookie.value) > time.time()


def test_the_next_request_of_a_browser_that_wrote_reads_from_the_primary_until_the_pin_expires():
    request = RequestFactory().get("/usulan/")
    request.COOKIES[PIN_COOKIE] = str(int(time.time()) + 5)
    assert serve(request)[0] == "default"
    request = RequestFactory().get("/usulan/")
    request.COOKIES[PIN_COOKIE] = str(int(time.time()) - 1)  # expired (or forged in the past)
    assert serve(request)[0] == "replica"
    request.COOKIES[PIN_COOKIE] = "not-a-time"
    assert serve(request)[0] == "replica"


def test_an_api_client_that_wrote_is_remembered_by_its_token_without_cookies():
    factory = RequestFactory()
    serve(factory.post("/api/v1/proposals/", HTTP_AUTHORIZATION="Bearer abc"), view=lambda: None)
    serve(factory.get("/x/", HTTP_AUTHORIZATION="Bearer abc"), view=lambda: router.db_for_write(Proposal))
    assert serve(factory.get("/api/v1/proposals/", HTTP_AUTHORIZATION="Bearer abc"))[0] == "default"
    assert serve(factory.get("/api/v1/proposals/", HTTP_AUTHORIZATION="Bearer other"))[0] == "replica"
    assert not any("abc" in key for key in cache._cache), "the credential itself is never a cache key"


def test_a_login_pins_the_new_session_it_hands_out():
    def login_view(req):
        router.db_for_write(Session)
        response = HttpResponse("ok")
        response.set_cookie("sessionid", "fresh-session")
        return response

    ReadYourWritesMiddleware(login_view)(RequestFactory().post("/masuk/"))
    request = RequestFactory().get("/")
    request.COOKIES["sessionid"] = "fresh-session"
    assert serve(request)[0] == "default"


@pytest.mark.django_db(transaction=True)
def test_reads_inside_a_transaction_go_to_the_primary():
    with transaction.atomic():
        assert router.db_for_read(Proposal) == "default"
    assert router.db_for_read(Proposal) == "replica"


def test_identity_and_lockout_state_is_never_read_stale():
    assert router.db_for_read(Session) == "default"
    from axes.models import AccessAttempt
    from knox.models import AuthToken

    assert router.db_for_read(AccessAttempt) == "default"
    assert router.db_for_read(AuthToken) == "default"


def test_select_for_update_is_a_write():
    qs = Proposal.objects.select_for_update()
    assert qs.db == "default"


def test_migrations_run_on_the_primary_only_and_relations_cross_aliases():
    assert router.allow_migrate("default", "proposals")
    assert not router.allow_migrate("replica", "proposals")
    assert router.allow_relation(object(), object())


def test_without_a_replica_everything_stays_on_default(monkeypatch):
    monkeypatch.setattr(dbrouter, "_replica_configured", lambda: False)
    assert serve(RequestFactory().get("/portal/"))[0] == "default"


def test_the_settings_add_the_replica_only_when_its_url_is_given(tmp_path):
    script = (
        "from django.conf import settings as s; "
        "print(sorted(s.DATABASES), getattr(s, 'DATABASE_ROUTERS', []), "
        "'rembug.dbrouter.ReadYourWritesMiddleware' in s.MIDDLEWARE, "
        "s.DATABASES.get('replica', {}).get('TEST', {}).get('MIRROR'))"
    )
    env = {"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "x", "REMBUG_VAR_DIR": str(tmp_path)}

    def run(**extra):
        return subprocess.run(
            [sys.executable, "manage.py", "shell", "-c", script],
            cwd=REPO,
            env=env | extra | {"PYTHONPATH": str(REPO)},
            capture_output=True,
            text=True,
            timeout=120,
        )

    plain = run()
    assert plain.stdout.strip().splitlines()[-1] == "['default'] [] False None", plain.stderr
    replica = run(DATABASE_REPLICA_URL=f"sqlite:///{tmp_path}/replica.sqlite3")
    assert replica.stdout.strip().splitlines()[-1] == (
        "['default', 'replica'] ['rembug.dbrouter.PrimaryReplicaRouter'] True default"
    ), replica.stderr
