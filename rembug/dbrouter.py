"""Reads on a PostgreSQL read replica, writes on the primary, and a writer always reads its own writes (issue 14, 5).

Off unless DATABASE_REPLICA_URL is set (settings.py then adds the `replica` alias, this router and the middleware;
docs/scaling.md, docs/decisions/0034). A streaming replica is a little behind its primary, so a read goes to the
replica only when nothing says it must see the newest rows. It goes to the primary when:

- the request is not GET/HEAD/OPTIONS (a form post validates against what it is about to change);
- the request has written anything, or selected rows for update (from that moment on, for the rest of it);
- the client wrote within the last REMBUG_READ_YOUR_WRITES_SECONDS: a browser carries a short-lived cookie, and an
  API client is remembered by a hash of its credential in the shared cache (Redis in production);
- the read happens inside a transaction on the primary (a service reading what it is about to write);
- the model's app keeps state that must never be stale: sessions, the throttle cache, lockouts, tokens, 2FA.

Migrations run on the primary only; the replica receives them by replication.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.conf import settings
from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import HttpRequest, HttpResponse

REPLICA_ALIAS = "replica"
PIN_COOKIE = "rembug_primary"  # a cookie name, not a secret
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
# Apps whose rows are read to decide who the client is or whether it may go on: a stale answer logs a person out,
# lets a locked-out address try again or refuses a token just issued. One primary key lookup each; not worth it.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_cache", "axes", "knox", "otp_totp", "otp_static", "django_otp"})


@dataclass
class _RequestState:
    pinned: bool = False  # reads go to the primary
    wrote: bool = False  # something was written (or locked) during this request
    counts: dict[str, int] = field(default_factory=lambda: {DEFAULT_DB_ALIAS: 0, REPLICA_ALIAS: 0})


_state: ContextVar[_RequestState | None] = ContextVar("rembug_db_route", default=None)


def pin_seconds() -> int:
    """How long after a write a client keeps reading from the primary: longer than the replica's worst lag."""
    return int(getattr(settings, "REMBUG_READ_YOUR_WRITES_SECONDS", 10))


def route_counts() -> dict[str, int]:
    """Reads routed to each alias in the current request (the demo script prints them; empty outside requests)."""
    state = _state.get()
    return dict(state.counts) if state else {}


def _replica_configured() -> bool:
    return REPLICA_ALIAS in connections.databases


class PrimaryReplicaRouter:
    """Django's database router: the rules of the module docstring, nothing else."""

    def db_for_read(self, model, **hints) -> str:
        state = _state.get()
        alias = DEFAULT_DB_ALIAS
        if (
            _replica_configured()
            and model._meta.app_label not in PRIMARY_ONLY_APPS
            and not (state and (state.pinned or state.wrote))
            and not connections[DEFAULT_DB_ALIAS].in_atomic_block
        ):
            alias = REPLICA_ALIAS
        if state:
            state.counts[alias] = state.counts.get(alias, 0) + 1
        return alias

    def db_for_write(self, model, **hints) -> str:
        state = _state.get()
        if state:
            state.wrote = True
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool:
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db: str, app_label: str, model_name: str | None = None, **hints) -> bool:
        return db == DEFAULT_DB_ALIAS


def _credential_key(request: HttpRequest) -> str | None:
    """A cache key for the client's credential (API token or session), never the credential itself."""
    credential = request.headers.get("Authorization") or request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not credential:
        return None
    return "rembug:primary:" + hashlib.sha256(credential.encode()).hexdigest()


def _recently_wrote(request: HttpRequest) -> bool:
    until = request.COOKIES.get(PIN_COOKIE, "")
    if until.isdigit() and int(until) > time.time():
        return True
    key = _credential_key(request)
    return bool(key and cache.get(key))


class ReadYourWritesMiddleware:
    """Decides per request whether reads may use the replica, and remembers a client that wrote."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        state = _RequestState(pinned=request.method not in SAFE_METHODS or _recently_wrote(request))
        token = _state.set(state)
        try:
            response = self.get_response(request)
        finally:
            _state.reset(token)
        if getattr(settings, "REMBUG_READS_HEADER", False):  # for the bench: where this request's reads went
            primary, replica = state.counts.get(DEFAULT_DB_ALIAS, 0), state.counts.get(REPLICA_ALIAS, 0)
            response["X-Rembug-Reads"] = f"primary={primary} replica={replica}"
        if state.wrote:
            seconds = pin_seconds()
            response.set_cookie(
                PIN_COOKIE,
                str(int(time.time()) + seconds),
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            # The session cookie may be new (a login): remember the one the client will send next time.
            key = _credential_key(request)
            new_session = response.cookies.get(settings.SESSION_COOKIE_NAME)
            if new_session is not None and new_session.value:
                key = "rembug:primary:" + hashlib.sha256(new_session.value.encode()).hexdigest()
            if key:
                cache.set(key, 1, seconds)
        return response
