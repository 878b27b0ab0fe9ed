"""Proof of trust 1: the permissions matrix.

Every web page and API operation (walked from the URL resolver) × every role and the anonymous visitor × three
areas (own, another kelurahan of the same city, another city). Each route has exactly one entry in ROUTES saying how
to reach its object in each area, which methods to try, and who may (through the app's named rules where it has
them). Allowed calls must not be refused; refused calls must get exactly the project's refusal (web: 404 for what the
person may not see, the login page for visitors; API: 401 for visitors, 404 for what is not theirs to see, 403 for
what they see but may not change), show none of the object's data, and change nothing. A route added without an
entry here fails `test_every_route_has_an_entry`. The Django admin is proved in tests/accounts/test_admin_security.py.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from rembug.accounts.roles import Role
from rembug.accounts.rules import ASSIGNABLE_BY
from rembug.accounts.scopes import assignments_of, cities_of
from rembug.accounts.twofactor import is_two_factor_staff
from rembug.forums.services import may_hold
from rembug.guide.models import GuidePage  # noqa: F401  (the guide's pages exist for every role and stage)

from .world import AREAS, ROLES, Area, World, build_world

# ---------------------------------------------------------------------------------------------------------------
# Who may: small checks over (user, area) built from the named rules.

Check = Callable[[object, Area], bool]


def perm(name: str, get: Callable[[Area], object]) -> Check:
    """The app's named rule on the area's object."""
    return lambda user, area: user.has_perm(name, get(area))


def holds(get: Callable[[Area], object]) -> Check:
    """Who may run the forum (forums.services.may_hold: the rule of its kind)."""
    return lambda user, area: may_hold(user, get(area))


def area_blind(check: Check) -> Check:
    """Mark a check that does not look at the area's record (a list, a form of one's own)."""
    check.area_blind = True
    return check


def roles(*names: str) -> Check:
    """For pages that are not about one record: the roles that use them."""
    return area_blind(lambda user, area: any(a.role in names for a in assignments_of(user)))


def own_inbox(user, area: Area) -> bool:
    return area.notification is not None and user.is_authenticated and area.notification.recipient_id == user.pk


def city_wide(check: Check) -> Check:
    """Mark a check on a record of the whole city (its planning year): the two Kota Malang areas share it."""
    check.city_wide = True
    return check


AUTH: Check = area_blind(lambda user, area: user.is_authenticated)
PUBLIC = None  # no check at all: visitors included


@dataclass(frozen=True)
class Op:
    """One HTTP method on a route: `see` — may the person know the object exists (else 404 / login / 401);
    `act` — may they do it (else 403 on the API; web views refuse with 404 through `see`)."""

    method: str
    see: Check | None
    act: Check | None = None
    body: Callable[[Area], dict] | None = None
    #: The area's marker that must not be in a refused answer (see Area.markers).
    marker: str | None = None
    #: Statuses an allowed call may answer (default: GET 200, others anything but a refusal or a server error).
    ok: tuple[int, ...] | None = None


@dataclass(frozen=True)
class Route:
    kwargs: Callable[[Area], dict] = lambda area: {}
    ops: tuple[Op, ...] = ()
    #: False: the route names no object of an area (a list, a form): it is tried once, from the own area.
    scoped: bool = True
    query: Callable[[Area], str] = lambda area: ""
    format: str = "multipart"  # API bodies: "json" or "multipart"


def get(see, **kw) -> Op:
    return Op("GET", see, **kw)


def post(see, **kw) -> Op:
    return Op("POST", see, **kw)


# Objects of an area.
draft = lambda a: a.draft  # noqa: E731
queued = lambda a: a.queued  # noqa: E731
accommodated = lambda a: a.accommodated  # noqa: E731
rembug = lambda a: a.rembug  # noqa: E731
final = lambda a: a.final  # noqa: E731
kel_forum = lambda a: a.kel_forum  # noqa: E731
cycle = lambda a: a.cycle  # noqa: E731

SEE_DRAFT = perm("proposals.view_proposal", draft)
EDIT_DRAFT = perm("proposals.change_proposal", draft)
SEE_REMBUG = perm("forums.view_meeting", rembug)
HOLD_REMBUG = holds(rembug)
SEE_FINAL = perm("forums.view_meeting", final)
MANAGE_BUDGET = city_wide(perm("budget.manage_budget", cycle))
MANAGE_CYCLE = city_wide(perm("cycles.manage_cycle", cycle))
VERIFIES_QUEUED = perm("proposals.verify_proposal", queued)
FOLLOWS_ACTIVITY = perm("delivery.follow_activity", lambda a: a.activity)
GAP = city_wide(perm("conditions.view_gap", cycle))
SURVEY = perm("conditions.enter_survey", lambda a: a.rt)
CRITERIA = city_wide(perm("scoring.manage_criteria", cycle))
SEE_CRITERIA = city_wide(perm("scoring.view_criteria", cycle))
PLANNER = roles(Role.BAPPEDA, Role.ADMIN)
VERIFIER = roles(Role.VERIFIKATOR_OPD)
KEL_STAFF = roles(Role.OPERATOR_KELURAHAN, Role.LURAH)
APPOINTER = roles(*ASSIGNABLE_BY)
NOBODY = area_blind(lambda user, area: False)
SIPD_EXPORTERS = roles(
    Role.OPERATOR_KELURAHAN, Role.LURAH, Role.OPERATOR_KECAMATAN, Role.CAMAT, Role.BAPPEDA, Role.ADMIN
)
SIPD_IMPORTERS = roles(Role.OPERATOR_KELURAHAN, Role.LURAH, Role.BAPPEDA, Role.ADMIN)


def _term_of(area: Area):
    """A unit of the area's city (Kota Malang's for both of its areas, Kota Batu's for the other city)."""
    from rembug.vocabularies.models import Term

    term, _created = Term.objects.get_or_create(city=area.city, vocabulary="satuan", name="matriks")
    return term


SEES_TERMS: Check = city_wide(lambda user, area: user.is_authenticated and area.city.pk in cities_of(user))
EDIT_TERMS: Check = city_wide(lambda user, area: user.has_perm("vocabularies.manage_terms", _term_of(area)))
KEEPS_KEL = perm("regions.add_region", lambda a: a.kelurahan)
KEEPS_RW = perm("regions.change_region", lambda a: a.rw)
ADDS_GROUP = perm("regions.add_communitygroup", lambda a: a.kelurahan)
KEEPS_GROUP = perm("regions.change_communitygroup", lambda a: a.group)


def _rw_now(area) -> dict:
    rw = type(area.rw).objects.get(pk=area.rw.pk)
    return {"number": rw.number, "version": rw.version}


def _group_now(area) -> dict:
    return {"version": type(area.group).objects.get(pk=area.group.pk).version}


def _unscoped(kwargs=lambda a: {}, **kw) -> Route:
    return Route(kwargs=kwargs, scoped=False, **kw)


# ---------------------------------------------------------------------------------------------------------------
# The table: one entry per named route. Route names are "namespace:name" as reverse() takes them.

ROUTES: dict[str, Route] = {
    # Pages for everyone.
    "dashboard:home": _unscoped(ops=(get(PUBLIC),)),
    "login": _unscoped(ops=(get(PUBLIC, ok=(200, 302)),)),  # the signed-in go on to their dashboard
    "logout": _unscoped(ops=(post(PUBLIC, ok=(302,)),)),
    # The code step after the password: without a pending sign-in it sends the visitor back to the login page.
    "login-code": _unscoped(ops=(get(PUBLIC, ok=(200, 302)),)),
    # Two-step sign-in is offered to city and agency staff only (accounts/twofactor.py).
    "accounts:two-factor": _unscoped(ops=(get(AUTH, act=area_blind(lambda u, a: is_two_factor_staff(u))),)),
    # The city switch (decision 0021): any signed-in person; a city without a role of theirs is a form error (400).
    "accounts:city-switch": _unscoped(
        ops=(get(AUTH), post(AUTH, body=lambda a: {"city": a.cycle.city_id, "next": "/"}, ok=(302, 400)))
    ),
    # The installable app (decision 0032): the service worker, the manifest and the offline page are the same
    # for everyone and name no record.
    "service-worker": _unscoped(ops=(get(PUBLIC),)),
    "manifest": _unscoped(ops=(get(PUBLIC),)),
    "offline": _unscoped(ops=(get(PUBLIC),)),
    # Kelurahan staff keep their RW, RT, Pokmas and lembaga (issue 11 point 6).
    "accounts:regions": Route(kwargs=lambda a: {"code": a.kelurahan.code}, ops=(get(KEEPS_KEL),)),
    "accounts:region_add": Route(
        kwargs=lambda a: {"code": a.kelurahan.code}, ops=(post(KEEPS_KEL, ok=(302,), body=lambda a: {"number": "77"}),)
    ),
    "accounts:region_edit": Route(
        kwargs=lambda a: {"code": a.rw.code},
        ops=(get(KEEPS_RW), post(KEEPS_RW, ok=(302,), body=lambda a: {"name": "Baru", **_rw_now(a)})),
    ),
    "accounts:region_status": Route(
        kwargs=lambda a: {"code": a.rw.code},
        ops=(post(KEEPS_RW, ok=(302,), body=lambda a: {"active": "0", "version": _rw_now(a)["version"]}),),
    ),
    "accounts:group_add": Route(
        kwargs=lambda a: {"code": a.kelurahan.code},
        ops=(post(ADDS_GROUP, ok=(302,), body=lambda a: {"kind": "pkk", "name": "PKK Matriks"}),),
    ),
    "accounts:group_edit": Route(
        kwargs=lambda a: {"pk": a.group.pk},
        ops=(get(KEEPS_GROUP), post(KEEPS_GROUP, ok=(302,), body=lambda a: {"name": "Pokmas Baru", **_group_now(a)})),
    ),
    "accounts:group_status": Route(
        kwargs=lambda a: {"pk": a.group.pk},
        ops=(post(KEEPS_GROUP, ok=(302,), body=lambda a: {"active": "0", **_group_now(a)}),),
    ),
    "region-boundary": _unscoped(kwargs=lambda a: {"code": a.kelurahan.code}, ops=(get(PUBLIC),)),
    "public:search": _unscoped(ops=(get(PUBLIC),)),
    "public:proposal": Route(kwargs=lambda a: {"number": a.queued.number}, ops=(get(PUBLIC),)),
    "portal:index": _unscoped(ops=(get(PUBLIC),)),
    "portal:data": _unscoped(ops=(get(PUBLIC),)),
    "portal:data_file": _unscoped(kwargs=lambda a: {"dataset": "usulan", "fmt": "csv"}, ops=(get(PUBLIC),)),
    "portal:forum": Route(kwargs=lambda a: {"pk": a.final.pk}, ops=(get(PUBLIC),)),
    "portal:area": Route(kwargs=lambda a: {"code": a.kelurahan.code}, ops=(get(PUBLIC),)),
    "portal:area_points": Route(kwargs=lambda a: {"code": a.kelurahan.code}, ops=(get(PUBLIC),)),
    "portal:area_boundaries": Route(kwargs=lambda a: {"code": a.kelurahan.code}, ops=(get(PUBLIC),)),
    # The signed-in person's own pages.
    "dashboard:dashboard": _unscoped(ops=(get(AUTH),)),
    "guide:index": _unscoped(ops=(get(AUTH),)),
    "guide:page": _unscoped(kwargs=lambda a: {"role": "ketua_rt", "stage": "rembug"}, ops=(get(AUTH),)),
    "notifications:inbox": _unscoped(ops=(get(AUTH),)),
    "notifications:read_all": _unscoped(ops=(post(AUTH, ok=(302,)),)),
    "notifications:open": Route(kwargs=lambda a: {"pk": a.notification.pk}, ops=(post(own_inbox, ok=(302,)),)),
    "notifications:read": Route(kwargs=lambda a: {"pk": a.notification.pk}, ops=(post(own_inbox, ok=(302,)),)),
    "dictionary:list": _unscoped(ops=(get(AUTH),)),
    "dictionary:download": _unscoped(ops=(get(AUTH),)),
    # The city's word lists: read by everyone signed in, edited by the city's planners (issue 11, point 3).
    "dictionary:terms": _unscoped(ops=(get(AUTH),)),
    "dictionary:term-list": _unscoped(kwargs=lambda a: {"vocabulary": "satuan"}, ops=(get(AUTH),)),
    "dictionary:term-add": _unscoped(
        kwargs=lambda a: {"vocabulary": "satuan"},
        ops=(get(PLANNER), post(PLANNER, body=lambda a: {"name": "matriks-baru"})),
    ),
    "dictionary:term-edit": Route(
        kwargs=lambda a: {"pk": _term_of(a).pk},
        ops=(
            get(EDIT_TERMS),
            post(EDIT_TERMS, body=lambda a: {"name": _term_of(a).name, "version": _term_of(a).version}),
        ),
    ),
    "dictionary:term-retire": Route(
        kwargs=lambda a: {"pk": _term_of(a).pk},
        ops=(post(EDIT_TERMS, body=lambda a: {"version": _term_of(a).version}, ok=(302,)),),
    ),
    # Proposals.
    "proposals:list": _unscoped(ops=(get(AUTH),)),
    "proposals:create_pick": Route(
        query=lambda a: f"proposer={a.rt.code}", ops=(get(perm("proposals.add_proposal", lambda a: a.rt), ok=(302,)),)
    ),
    "proposals:create": Route(
        kwargs=lambda a: {"proposer_key": a.rt.code},
        ops=(get(perm("proposals.add_proposal", lambda a: a.rt)), post(perm("proposals.add_proposal", lambda a: a.rt))),
    ),
    "proposals:detail": Route(kwargs=lambda a: {"number": a.draft.number}, ops=(get(SEE_DRAFT, marker="draft"),)),
    "proposals:edit": Route(
        kwargs=lambda a: {"number": a.draft.number},
        ops=(get(EDIT_DRAFT, marker="draft"), post(EDIT_DRAFT, marker="draft")),
    ),
    "proposals:attachments": Route(
        kwargs=lambda a: {"number": a.draft.number}, ops=(post(EDIT_DRAFT, marker="draft", ok=(302,)),)
    ),
    # One photo sent by the page's script (decision 0032); without a file the allowed answer is a 400 in JSON.
    "proposals:photo_upload": Route(
        kwargs=lambda a: {"number": a.draft.number}, ops=(post(EDIT_DRAFT, marker="draft", ok=(400,)),)
    ),
    # Files by id, checked like the page that shows them (decision 0024).
    "proposals:attachment_file": Route(
        kwargs=lambda a: {"pk": a.attachment.pk}, query=lambda a: "size=thumb", ops=(get(SEE_DRAFT),)
    ),
    "proposals:carry_over": Route(
        kwargs=lambda a: {"number": a.draft.number},
        ops=(post(perm("proposals.carry_over_proposal", draft), marker="draft", ok=(302,)),),
    ),
    # Forums: the Rembug of an RT (open), of an RW (finalized), the Musrenbang Kelurahan.
    "forums:for_holder": Route(
        kwargs=lambda a: {"holder_key": a.rt.code},
        ops=(
            get(perm("forums.hold_meeting", lambda a: a.rt), ok=(200, 302)),
            post(perm("forums.hold_meeting", lambda a: a.rt)),
        ),
    ),
    "forums:paper": _unscoped(ops=(get(KEL_STAFF),)),
    "forums:for_region": Route(
        kwargs=lambda a: {"code": a.kelurahan.code},
        ops=(get(perm("forums.hold_kelurahan_forum", lambda a: a.kelurahan), ok=(200, 302)),),
    ),
    "forums:decide": Route(kwargs=lambda a: {"pk": a.kel_forum.pk}, ops=(post(holds(kel_forum), ok=(302,)),)),
    "forums:merge": Route(kwargs=lambda a: {"pk": a.kel_forum.pk}, ops=(post(holds(kel_forum), ok=(302,)),)),
    "forums:detail": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(get(SEE_REMBUG, marker="attendee"),)),
    "forums:move": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(post(HOLD_REMBUG, ok=(302,)),)),
    "forums:sync_items": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(post(HOLD_REMBUG, ok=(302,)),)),
    "forums:attendance": Route(
        kwargs=lambda a: {"pk": a.rembug.pk},
        ops=(get(HOLD_REMBUG, marker="attendee"), post(HOLD_REMBUG, marker="attendee")),
    ),
    "forums:funding": Route(
        kwargs=lambda a: {"pk": a.rembug.pk, "number": a.draft.number},
        ops=(get(HOLD_REMBUG, marker="draft"), post(HOLD_REMBUG, marker="draft")),
    ),
    "forums:delegates": Route(
        kwargs=lambda a: {"pk": a.rembug.pk},
        ops=(get(HOLD_REMBUG, marker="attendee"), post(HOLD_REMBUG, marker="attendee")),
    ),
    "forums:finalize": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(post(HOLD_REMBUG, ok=(302,)),)),
    "forums:revise": Route(kwargs=lambda a: {"pk": a.final.pk}, ops=(post(holds(final), ok=(302,)),)),
    "forums:minutes_pdf": Route(kwargs=lambda a: {"pk": a.final.pk}, ops=(get(SEE_FINAL),)),
    "forums:minutes": Route(
        kwargs=lambda a: {"pk": a.rembug.pk},
        ops=(get(HOLD_REMBUG, marker="attendee"), post(HOLD_REMBUG, marker="attendee")),
    ),
    "forums:attendance_sheet": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(get(SEE_REMBUG),)),
    "forums:list_xlsx": Route(kwargs=lambda a: {"pk": a.final.pk}, ops=(get(SEE_FINAL),)),
    # Ranking in the forums.
    "scoring:criteria": _unscoped(ops=(get(CRITERIA), post(CRITERIA))),
    "scoring:meeting": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(get(SEE_REMBUG, marker="draft"),)),
    "scoring:scores": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(post(HOLD_REMBUG, ok=(302,)),)),
    "scoring:suggest": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(post(HOLD_REMBUG, ok=(302,)),)),
    "scoring:apply": Route(
        kwargs=lambda a: {"pk": a.rembug.pk},
        ops=(
            post(
                HOLD_REMBUG, ok=(302,), body=lambda a: {"suggestion": a.suggestion.pk, "version": _meeting_version(a)}
            ),
        ),
    ),
    "scoring:vote_open": Route(kwargs=lambda a: {"pk": a.rembug.pk}, ops=(post(HOLD_REMBUG, ok=(302,)),)),
    "scoring:ballot": Route(
        kwargs=lambda a: {"pk": a.rembug.pk, "vote_id": a.vote.pk},
        ops=(post(HOLD_REMBUG, ok=(302,), body=lambda a: {"attendee": a.attendee.pk, f"rank_{a.draft.pk}": "1"}),),
    ),
    "scoring:vote_close": Route(
        kwargs=lambda a: {"pk": a.rembug.pk, "vote_id": a.vote.pk}, ops=(post(HOLD_REMBUG, ok=(302,)),)
    ),
    # Forum Perangkat Daerah.
    "verification:queue": _unscoped(ops=(get(VERIFIER),)),
    "verification:review": Route(
        kwargs=lambda a: {"number": a.queued.number}, ops=(get(VERIFIES_QUEUED, marker="queued"),)
    ),
    "verification:accept": Route(
        kwargs=lambda a: {"number": a.queued.number}, ops=(post(VERIFIES_QUEUED, marker="queued"),)
    ),
    "verification:reject": Route(
        kwargs=lambda a: {"number": a.queued.number}, ops=(post(VERIFIES_QUEUED, marker="queued"),)
    ),
    "verification:reroute": Route(
        kwargs=lambda a: {"number": a.queued.number}, ops=(post(VERIFIES_QUEUED, marker="queued"),)
    ),
    # Musrenbang Kota: ceilings and the budget fit.
    "budget:home": _unscoped(ops=(get(PLANNER, ok=(200, 302)),)),
    "budget:ceilings": Route(kwargs=lambda a: {"cycle_id": a.cycle.pk}, ops=(get(MANAGE_BUDGET), post(MANAGE_BUDGET))),
    "budget:ceiling_update": Route(
        kwargs=lambda a: {"cycle_id": a.cycle.pk, "pk": a.ceiling.pk}, ops=(post(MANAGE_BUDGET),)
    ),
    "budget:ceiling_remove": Route(
        kwargs=lambda a: {"cycle_id": a.cycle.pk, "pk": a.ceiling.pk}, ops=(post(MANAGE_BUDGET, ok=(302,)),)
    ),
    "budget:history": Route(kwargs=lambda a: {"cycle_id": a.cycle.pk}, ops=(get(MANAGE_BUDGET),)),
    "accounts:people": _unscoped(ops=(get(APPOINTER), post(APPOINTER, ok=(200, 302)))),
    # An assignment outside everyone's region (none has this id): 404 for all, the page's own list decides.
    "accounts:people_revoke": _unscoped(kwargs=lambda a: {"pk": 99999}, ops=(post(NOBODY),)),
    "cycles:home": _unscoped(ops=(get(PLANNER, ok=(302,)),)),
    "cycles:schedule": Route(kwargs=lambda a: {"cycle_id": a.cycle.pk}, ops=(get(MANAGE_CYCLE), post(MANAGE_CYCLE))),
    "cycles:next_year": Route(kwargs=lambda a: {"cycle_id": a.cycle.pk}, ops=(post(MANAGE_CYCLE),)),
    "budget:unsettled": Route(kwargs=lambda a: {"cycle_id": a.cycle.pk}, ops=(get(MANAGE_BUDGET),)),
    "budget:run_create": Route(kwargs=lambda a: {"cycle_id": a.cycle.pk}, ops=(post(MANAGE_BUDGET),)),
    "budget:run": Route(kwargs=lambda a: {"pk": a.run.pk}, ops=(get(MANAGE_BUDGET, marker="verified"),)),
    "budget:publish": Route(
        kwargs=lambda a: {"pk": a.run.pk}, ops=(get(MANAGE_BUDGET, ok=(200, 302, 405)), post(MANAGE_BUDGET))
    ),
    # Delivery.
    "delivery:list": _unscoped(ops=(get(roles(Role.VERIFIKATOR_OPD, Role.BAPPEDA, Role.ADMIN)),)),
    "delivery:activity": Route(
        kwargs=lambda a: {"pk": a.activity.pk}, ops=(get(FOLLOWS_ACTIVITY, marker="accommodated"),)
    ),
    "delivery:report": Route(
        kwargs=lambda a: {"pk": a.activity.pk},
        ops=(
            post(FOLLOWS_ACTIVITY, act=perm("delivery.report_progress", lambda a: a.activity), marker="accommodated"),
        ),
    ),
    # Progress photos are on the proposal's public page: public while the proposal is (delivery.view_progress_photo;
    # every planned proposal is public, tests/delivery/test_photos.py proves a hidden one's are not).
    "delivery:photo": Route(kwargs=lambda a: {"pk": a.report.pk}, ops=(get(PUBLIC),)),
    "delivery:plan": Route(
        kwargs=lambda a: {"number": a.accommodated.number},
        ops=(
            get(perm("delivery.plan_activity", accommodated), marker="accommodated"),
            post(perm("delivery.plan_activity", accommodated), marker="accommodated"),
        ),
    ),
    # Conditions and the gap.
    "conditions:home": _unscoped(ops=(get(AUTH),)),
    "conditions:survey": Route(kwargs=lambda a: {"code": a.rt.code}, ops=(get(SURVEY), post(SURVEY))),
    "conditions:photo": Route(kwargs=lambda a: {"pk": a.survey_answer.pk}, ops=(get(SURVEY),)),
    "conditions:import": _unscoped(ops=(get(KEL_STAFF), post(KEL_STAFF))),
    # SIPD's list: kelurahan, kecamatan and Bappeda download their region's; Bappeda and kelurahan staff import.
    "sipd:home": _unscoped(
        ops=(
            get(SIPD_EXPORTERS),
            post(SIPD_IMPORTERS, body=lambda a: {"year": a.cycle.year - 2, "file": _file("sipd.xlsx")}),
        )
    ),
    "sipd:export": _unscoped(kwargs=lambda a: {"year": a.cycle.year}, ops=(get(SIPD_EXPORTERS),)),
    "conditions:gap": _unscoped(ops=(get(GAP),)),
    "conditions:area": Route(kwargs=lambda a: {"code": a.kelurahan.code}, ops=(get(GAP),)),
    "conditions:map": _unscoped(ops=(get(GAP),)),
    "conditions:map_geojson": _unscoped(kwargs=lambda a: {"year": a.cycle.year}, ops=(get(GAP),)),
    "conditions:priorities": _unscoped(
        ops=(get(perm("conditions.manage_priorities", cycle)), post(perm("conditions.manage_priorities", cycle)))
    ),
}


# ---------------------------------------------------------------------------------------------------------------
# Walking the resolver.

SKIPPED_NAMESPACES = {"admin"}  # proved in tests/accounts/test_admin_security.py
SKIPPED_NAMES = {
    "api:schema",
    "api:docs",  # the OpenAPI document and its viewer: public, no data
    "set_language",  # Django's language switch: stores a preference, no data
}


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            yield from _walk(
                entry.url_patterns, prefix + str(entry.pattern), f"{namespace}:{ns}".strip(":") if ns else namespace
            )
        elif isinstance(entry, URLPattern):
            name = f"{namespace}:{entry.name or ''}" if namespace else (entry.name or "")
            yield name, prefix + str(entry.pattern)


def all_routes() -> list[tuple[str, str]]:
    """(name, pattern) of every route the app serves, but the admin, the API's own documents and media files."""
    found = []
    for name, pattern in _walk(get_resolver().url_patterns):
        if name.split(":")[0] in SKIPPED_NAMESPACES or name in SKIPPED_NAMES or pattern.startswith("media/"):
            continue
        found.append((name, pattern))
    return found


# ---------------------------------------------------------------------------------------------------------------
# The API. Bodies are valid where the endpoint checks its input before the rule, so that the rule is what answers.


def _file(name: str):
    """Not what its name says: the rule must answer before the file is ever read."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, b"not really a file", content_type="application/octet-stream")


def _version(model, pk) -> int:
    return model.objects.get(pk=pk).version


def _proposal_version(area: Area) -> int:
    from rembug.proposals.models import Proposal

    return _version(Proposal, area.draft.pk)


def _meeting_version(area: Area) -> int:
    from rembug.forums.models import Meeting

    return _version(Meeting, area.rembug.pk)


SEE_QUEUED = perm("proposals.view_proposal", queued)
SEE_KEL_FORUM = perm("forums.view_meeting", kel_forum)
PLANS_CITY = perm("delivery.plan_activity", accommodated)
PROPOSAL_BODY = {"title": "Baru", "problem": "x", "idea": "y", "volume": "2", "address": "a"}

API_ROUTES: dict[str, Route] = {
    "api:token": _unscoped(ops=(post(PUBLIC, ok=(400,)),)),
    # Token-only endpoints: a browser session is no token, so every caller here gets 401 (proved with real
    # tokens in tests/api/test_tokens.py).
    "api:logout": _unscoped(ops=(post(PUBLIC, ok=(401,)),)),
    "api:logout-all": _unscoped(ops=(post(PUBLIC, ok=(401,)),)),
    "api:me": _unscoped(ops=(get(AUTH),)),
    "api:regions": _unscoped(ops=(get(PUBLIC),)),
    "api:cycles": _unscoped(ops=(get(PUBLIC),)),
    "api:kept-regions": Route(
        kwargs=lambda a: {"code": a.kelurahan.code},
        format="json",
        ops=(get(KEEPS_KEL), post(KEEPS_KEL, body=lambda a: {"number": 77})),
    ),
    "api:kept-region": Route(
        kwargs=lambda a: {"code": a.rw.code},
        format="json",
        ops=(Op("PATCH", AUTH, act=KEEPS_RW, body=lambda a: {"name": "Baru", "version": _rw_now(a)["version"]}),),
    ),
    "api:groups": Route(
        format="json",
        ops=(
            post(
                AUTH,
                act=ADDS_GROUP,
                body=lambda a: {"region": a.kelurahan.code, "kind": "pkk", "name": "PKK Matriks"},
            ),
        ),
    ),
    "api:group": Route(
        kwargs=lambda a: {"pk": a.group.pk},
        format="json",
        ops=(Op("PATCH", KEEPS_GROUP, body=lambda a: {"name": "Pokmas Baru", **_group_now(a)}),),
    ),
    "api:dictionary": _unscoped(query=lambda a: f"city={a.city.code}", ops=(get(PUBLIC),)),
    "api:dictionary-file": _unscoped(
        ops=(get(AUTH), post(AUTH, act=PLANNER, body=lambda a: {"file": _file("kamus.xlsx")}))
    ),
    "api:terms": _unscoped(
        format="json",
        ops=(get(AUTH), post(AUTH, act=PLANNER, body=lambda a: {"vocabulary": "satuan", "name": "matriks-api"})),
    ),
    "api:term": Route(
        kwargs=lambda a: {"pk": _term_of(a).pk},
        format="json",
        ops=(
            get(SEES_TERMS),
            Op(
                "PATCH",
                SEES_TERMS,
                act=EDIT_TERMS,
                body=lambda a: {"name": _term_of(a).name, "version": _term_of(a).version},
            ),
        ),
    ),
    "api:term-retire": Route(
        kwargs=lambda a: {"pk": _term_of(a).pk},
        format="json",
        ops=(post(SEES_TERMS, act=EDIT_TERMS, body=lambda a: {"version": _term_of(a).version}),),
    ),
    "api:stage-schedule": Route(
        kwargs=lambda a: {"cycle_id": a.cycle.pk, "kind": "rembug"},
        format="json",
        ops=(
            Op(
                "PUT",
                AUTH,
                act=perm("cycles.manage_cycle", cycle),
                body=lambda a: {
                    "opens_on": str(a.cycle.stages.get(kind="rembug").opens_on),
                    "closes_on": str(a.cycle.stages.get(kind="rembug").closes_on),
                },
            ),
        ),
    ),
    "api:proposals": Route(
        format="json",
        ops=(
            get(AUTH, marker="draft", ok=(200,)),
            post(
                AUTH,
                act=perm("proposals.add_proposal", lambda a: a.rt),
                body=lambda a: {
                    **PROPOSAL_BODY,
                    "proposer": a.rt.code,
                    "item": a.draft.item.code,
                    "cycle_id": a.cycle.pk,
                },
            ),
        ),
    ),
    "api:proposal": Route(
        kwargs=lambda a: {"number": a.draft.number},
        format="json",
        ops=(
            get(SEE_DRAFT, marker="draft"),
            Op(
                "PATCH",
                SEE_DRAFT,
                act=EDIT_DRAFT,
                marker="draft",
                body=lambda a: {"version": _proposal_version(a), "title": "Diubah"},
            ),
        ),
    ),
    "api:proposal-attachments": Route(
        kwargs=lambda a: {"number": a.draft.number},
        ops=(post(SEE_DRAFT, act=EDIT_DRAFT, marker="draft", body=lambda a: {"file": _file("foto.jpg")}),),
    ),
    "api:proposal-funding": Route(
        kwargs=lambda a: {"number": a.draft.number},
        format="json",
        ops=(
            Op(
                "PUT",
                SEE_DRAFT,
                act=EDIT_DRAFT,
                marker="draft",
                body=lambda a: {"version": _proposal_version(a), "shares": {"apbd_kota": a.draft.estimated_cost}},
            ),
        ),
    ),
    "api:proposal-withdraw": Route(
        kwargs=lambda a: {"number": a.draft.number},
        format="json",
        ops=(post(SEE_DRAFT, act=EDIT_DRAFT, marker="draft", body=lambda a: {"reason": "Sudah dikerjakan warga"}),),
    ),
    "api:proposal-carry-over": Route(
        kwargs=lambda a: {"number": a.draft.number},
        format="json",
        ops=(
            post(
                SEE_DRAFT,
                act=perm("proposals.carry_over_proposal", draft),
                marker="draft",
                body=lambda a: {"cycle": a.cycle.year},
            ),
        ),
    ),
    "api:proposal-recommendations": Route(
        kwargs=lambda a: {"number": a.queued.number}, ops=(get(SEE_QUEUED, marker="queued"),)
    ),
    "api:proposal-verify": Route(
        kwargs=lambda a: {"number": a.queued.number},
        format="json",
        ops=(
            post(
                VERIFIES_QUEUED,
                marker="queued",
                body=lambda a: {"decision": "accept", "version": _version(type(a.queued), a.queued.pk)},
            ),
        ),
    ),
    # Forums.
    "api:meetings": Route(
        format="json",
        ops=(
            get(AUTH, marker="attendee", ok=(200,)),
            post(
                AUTH,
                act=perm("forums.hold_meeting", lambda a: a.rw),
                body=lambda a: {"cycle": a.cycle.year, "holder": a.rw.code},
            ),
        ),
    ),
    "api:paper-template": Route(
        query=lambda a: f"holder={a.rt.code}", ops=(get(perm("proposals.add_proposal", lambda a: a.rt)),)
    ),
    "api:sipd-export": _unscoped(query=lambda a: f"year={a.cycle.year}", ops=(get(SIPD_EXPORTERS),)),
    "api:sipd-import": _unscoped(
        ops=(
            post(
                SIPD_EXPORTERS,
                act=SIPD_IMPORTERS,
                body=lambda a: {"year": a.cycle.year - 2, "file": _file("sipd.xlsx")},
            ),
        )
    ),
    "api:paper-import": Route(
        ops=(
            post(
                perm("proposals.add_proposal", lambda a: a.rt),
                body=lambda a: {"holder": a.rt.code, "file": _file("rembug.xlsx")},
            ),
        )
    ),
    "api:meeting": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(
            get(SEE_REMBUG, marker="attendee"),
            Op(
                "PATCH",
                SEE_REMBUG,
                act=HOLD_REMBUG,
                marker="attendee",
                body=lambda a: {"version": _meeting_version(a), "place": "Balai"},
            ),
        ),
    ),
    "api:meeting-attendees": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(
            post(
                SEE_REMBUG,
                act=HOLD_REMBUG,
                marker="attendee",
                body=lambda a: {"name": "Bu Tini", "gender": "P", "age_group": "dewasa"},
            ),
        ),
    ),
    "api:meeting-attendee": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk, "attendee_id": a.attendee.pk},
        ops=(Op("DELETE", SEE_REMBUG, act=HOLD_REMBUG, marker="attendee"),),
    ),
    "api:meeting-counts": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(Op("PUT", SEE_REMBUG, act=HOLD_REMBUG, marker="attendee", body=lambda a: {"counts": {"difabel": 1}}),),
    ),
    "api:meeting-sync-items": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk}, ops=(post(SEE_REMBUG, act=HOLD_REMBUG, marker="attendee"),)
    ),
    "api:meeting-order": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(
            Op(
                "PUT",
                SEE_REMBUG,
                act=HOLD_REMBUG,
                marker="attendee",
                body=lambda a: {"version": _meeting_version(a), "numbers": [a.draft.number]},
            ),
        ),
    ),
    "api:meeting-move-item": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk, "number": a.draft.number},
        format="json",
        ops=(
            post(
                SEE_REMBUG,
                act=HOLD_REMBUG,
                marker="attendee",
                body=lambda a: {"version": _meeting_version(a), "direction": "down"},
            ),
        ),
    ),
    "api:meeting-delegates": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(
            Op("PUT", SEE_REMBUG, act=HOLD_REMBUG, marker="attendee", body=lambda a: {"attendee_ids": [a.attendee.pk]}),
        ),
    ),
    "api:meeting-inclusion": Route(kwargs=lambda a: {"meeting_id": a.rembug.pk}, ops=(get(SEE_REMBUG),)),
    "api:meeting-finalize": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(
            post(
                SEE_REMBUG,
                act=HOLD_REMBUG,
                marker="attendee",
                body=lambda a: {"version": _meeting_version(a), "accept_inclusion_gaps": True},
            ),
        ),
    ),
    "api:meeting-revise": Route(
        kwargs=lambda a: {"meeting_id": a.final.pk},
        format="json",
        ops=(post(SEE_FINAL, act=holds(final), marker="final", body=lambda a: {"reason": "Salah ketik"}),),
    ),
    "api:meeting-minutes": Route(kwargs=lambda a: {"meeting_id": a.final.pk}, ops=(get(SEE_FINAL),)),
    "api:meeting-minutes-parts": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(
            Op(
                "PUT",
                SEE_REMBUG,
                act=HOLD_REMBUG,
                marker="attendee",
                body=lambda a: {"version": _meeting_version(a), "notes": ["Jalan rusak dibahas"]},
            ),
        ),
    ),
    "api:meeting-attendance-sheet": Route(kwargs=lambda a: {"meeting_id": a.rembug.pk}, ops=(get(SEE_REMBUG),)),
    "api:meeting-list": Route(kwargs=lambda a: {"meeting_id": a.final.pk}, ops=(get(SEE_FINAL),)),
    # Ranking.
    "api:criteria-sets": Route(
        kwargs=lambda a: {"cycle_id": a.cycle.pk},
        format="json",
        ops=(
            get(SEE_CRITERIA, marker="criteria"),
            post(
                SEE_CRITERIA,
                act=CRITERIA,
                body=lambda a: {"name": "Baru", "criteria": [{"name": "Urgensi", "source": "forum", "weight": 1}]},
            ),
        ),
    ),
    "api:criteria-set": Route(
        kwargs=lambda a: {"set_id": a.criteria.pk},
        format="json",
        ops=(
            get(SEE_CRITERIA, marker="criteria"),
            Op(
                "PUT",
                SEE_CRITERIA,
                act=CRITERIA,
                marker="criteria",
                body=lambda a: {
                    "name": "Baru",
                    "version": _version(type(a.criteria), a.criteria.pk),
                    "criteria": [{"name": "Urgensi", "source": "forum", "weight": 1}],
                },
            ),
        ),
    ),
    "api:meeting-scores": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(get(SEE_REMBUG), Op("PUT", SEE_REMBUG, act=HOLD_REMBUG, body=lambda a: {"scores": {}})),
    ),
    "api:meeting-suggestions": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(get(SEE_REMBUG), post(SEE_REMBUG, act=HOLD_REMBUG, body=lambda a: {})),
    ),
    "api:meeting-votes": Route(
        kwargs=lambda a: {"meeting_id": a.rembug.pk},
        format="json",
        ops=(get(SEE_REMBUG), post(SEE_REMBUG, act=HOLD_REMBUG, body=lambda a: {"kind": "approval"})),
    ),
    "api:vote": Route(kwargs=lambda a: {"vote_id": a.vote.pk}, ops=(get(SEE_REMBUG),)),
    "api:vote-ballots": Route(
        kwargs=lambda a: {"vote_id": a.vote.pk},
        format="json",
        ops=(
            post(SEE_REMBUG, act=HOLD_REMBUG, body=lambda a: {"attendee_id": a.attendee.pk, "ranking": [a.draft.pk]}),
        ),
    ),
    "api:vote-close": Route(kwargs=lambda a: {"vote_id": a.vote.pk}, ops=(post(SEE_REMBUG, act=HOLD_REMBUG),)),
    # The inbox.
    "api:notifications": _unscoped(ops=(get(AUTH),)),
    "api:notifications-read-all": _unscoped(ops=(post(AUTH),)),
    "api:notification-read": Route(kwargs=lambda a: {"notification_id": a.notification.pk}, ops=(post(own_inbox),)),
    # Forum Perangkat Daerah.
    "api:verification-queue": _unscoped(ops=(get(AUTH),)),  # an empty queue for whoever verifies nothing
    # Delivery.
    "api:activities": Route(
        format="json",
        ops=(
            get(AUTH, marker="accommodated", ok=(200,)),
            post(
                PLANS_CITY,
                body=lambda a: {
                    "proposal": a.accommodated.number,
                    "budget_amount": 1_000_000,
                    "starts_on": f"{a.cycle.budget_year}-01-01",
                    "ends_on": f"{a.cycle.budget_year}-12-31",
                },
            ),
        ),
    ),
    "api:activity": Route(kwargs=lambda a: {"pk": a.activity.pk}, ops=(get(FOLLOWS_ACTIVITY, marker="activity"),)),
    "api:activity-reports": Route(
        kwargs=lambda a: {"pk": a.activity.pk},
        ops=(
            post(
                FOLLOWS_ACTIVITY,
                act=perm("delivery.report_progress", lambda a: a.activity),
                marker="activity",
                body=lambda a: {
                    "percent": 10,
                    "note": "Mulai",
                    "reported_on": str(a.cycle.stages.first().opens_on),
                    "version": _version(type(a.activity), a.activity.pk),
                },
            ),
        ),
    ),
    # Musrenbang Kota.
    "api:ceilings": Route(
        kwargs=lambda a: {"cycle_id": a.cycle.pk},
        format="json",
        ops=(
            get(MANAGE_BUDGET),
            post(MANAGE_BUDGET, body=lambda a: {"kind": "kel", "region": a.kelurahan.code, "amount": 1_000_000}),
        ),
    ),
    "api:ceiling": Route(
        kwargs=lambda a: {"ceiling_id": a.ceiling.pk},
        format="json",
        ops=(Op("PUT", MANAGE_BUDGET, body=lambda a: {"amount": 2_000_000}), Op("DELETE", MANAGE_BUDGET)),
    ),
    "api:fit-runs": Route(
        kwargs=lambda a: {"cycle_id": a.cycle.pk},
        format="json",
        ops=(post(MANAGE_BUDGET, body=lambda a: {"time_limit": 2}),),
    ),
    "api:fit-run": Route(kwargs=lambda a: {"run_id": a.run.pk}, ops=(get(MANAGE_BUDGET, marker="verified"),)),
    "api:fit-run-publish": Route(kwargs=lambda a: {"run_id": a.run.pk}, ops=(post(MANAGE_BUDGET),)),
    # Conditions.
    "api:condition-indicators": _unscoped(ops=(get(AUTH),)),
    "api:condition-survey": Route(
        kwargs=lambda a: {"code": a.rt.code},
        format="json",
        ops=(get(SURVEY), Op("PUT", SURVEY, body=lambda a: {"answers": []})),
    ),
    "api:condition-gap": _unscoped(ops=(get(GAP),)),
    "api:condition-priorities": _unscoped(
        format="json",
        ops=(
            get(GAP),
            Op("PUT", GAP, act=perm("conditions.manage_priorities", cycle), body=lambda a: {"priorities": []}),
        ),
    ),
    # Open data: public.
    "api:open-data": _unscoped(ops=(get(PUBLIC),)),
    "api:open-data-file": _unscoped(kwargs=lambda a: {"dataset": "usulan", "fmt": "csv"}, ops=(get(PUBLIC),)),
    "api:open-data-dataset": _unscoped(kwargs=lambda a: {"dataset": "usulan"}, ops=(get(PUBLIC),)),
}
ROUTES.update(API_ROUTES)


# ---------------------------------------------------------------------------------------------------------------
# Cases and their expected answers.

#: Roles that work below the city: they never act in another kelurahan of another kecamatan (a rule that said so
#: would be a leak, whatever the table says).
LOCAL_ROLES = {
    "ketua_rt",
    "ketua_rw",
    "ketua_pokmas",
    "lpmk",
    "operator_kelurahan",
    "lurah",
    "operator_kecamatan",
    "camat",
}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}


@dataclass(frozen=True)
class Case:
    route: str
    method: str
    role: str
    area: str

    def __str__(self) -> str:
        return f"{self.method} {self.route} as {self.role} on {self.area} area"


def cases_of(name: str) -> list[Case]:
    route = ROUTES[name]
    areas = AREAS if route.scoped else ("own",)
    return [Case(name, op.method, role, area) for op in route.ops for area in areas for role in ROLES]


def all_cases() -> list[Case]:
    return [case for name in ROUTES for case in cases_of(name)]


def _op(case: Case) -> Op:
    return next(op for op in ROUTES[case.route].ops if op.method == case.method)


@dataclass
class Expect:
    allowed: bool
    status: int | None = None  # the refusal (or None: allowed)
    login: bool = False  # refused by sending the visitor to the login page
    problems: list[str] = field(default_factory=list)  # the rules themselves break an invariant


def expect(case: Case, world: World) -> Expect:
    op, area = _op(case), world.areas[case.area]
    api = case.route.startswith("api:")
    user = world.users[case.role] or AnonymousUser()
    if op.see is PUBLIC:
        return Expect(True)
    if case.role == "anonymous":
        return Expect(False, 401) if api else Expect(False, 302, login=True)
    problems = []
    sees = op.see(user, area)
    acts = sees and (op.act is None or op.act(user, area))
    decisive = op.act or op.see
    scoped = ROUTES[case.route].scoped and not getattr(decisive, "area_blind", False)
    if scoped and acts and case.area == "city":
        problems.append("the rule lets a person of Kota Malang act on a Kota Batu record")
    if (
        scoped
        and acts
        and case.area == "kel"
        and case.role in LOCAL_ROLES
        and not getattr(decisive, "city_wide", False)
    ):
        problems.append("the rule lets a local role act in another kecamatan's kelurahan")
    if not sees:
        return Expect(False, 404, problems=problems)
    if not acts:
        return Expect(False, 403, problems=problems)
    return Expect(True, problems=problems)


# ---------------------------------------------------------------------------------------------------------------
# The world, built once for the module inside a transaction that is rolled back at the end.


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory):
    from django.test.utils import override_settings

    media = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("matrix-media")),
        PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
    )
    media.enable()
    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build_world()
            clients = {}
            for role in ROLES:
                clients[role] = Client()
                if world_user := built.users[role]:
                    clients[role].force_login(world_user)
            built.clients = clients
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            media.disable()


_FINGERPRINT_SQL: list[str] = []


def _fingerprint() -> tuple:
    """Counts, versions, statuses and timestamps of every Rembug table in one query: equal before and after a
    refused write proves it changed nothing."""
    if not _FINGERPRINT_SQL:
        parts = []
        for model in apps.get_models():
            if not model.__module__.startswith("rembug.") and model._meta.app_label not in ("auth", "knox"):
                continue
            table = connection.ops.quote_name(model._meta.db_table)
            parts.append(f"(SELECT COUNT(*) FROM {table})")  # noqa: S608 — table names from the models
            names = {f.name: f.column for f in model._meta.concrete_fields}
            for name, aggregate in (
                ("version", "SUM({})"),
                ("updated_at", "MAX({})"),
                ("read_at", "COUNT({})"),
                ("status", "SUM(LENGTH({}))"),
                ("is_active", "COUNT(CASE WHEN {} THEN 1 END)"),
                ("last_login", "MAX({})"),
            ):
                if name in names:
                    column = aggregate.format(connection.ops.quote_name(names[name]))
                    parts.append(f"(SELECT {column} FROM {table})")  # noqa: S608
        _FINGERPRINT_SQL.append("SELECT " + ", ".join(parts))
    with connection.cursor() as cursor:
        cursor.execute(_FINGERPRINT_SQL[0])
        return tuple(cursor.fetchone())


def _url(case: Case, world: World) -> str:
    route, area = ROUTES[case.route], world.areas[case.area]
    url = reverse(case.route, kwargs=route.kwargs(area) or None)
    query = route.query(area)
    return f"{url}?{query}" if query else url


def _send(client: Client, case: Case, world: World, url: str):
    op, area, route = _op(case), world.areas[case.area], ROUTES[case.route]
    body = op.body(area) if op.body else {}
    method = getattr(client, case.method.lower())
    if case.method == "GET":
        return method(url)
    if case.route.startswith("api:") and route.format == "json":
        return method(url, data=json.dumps(body), content_type="application/json")
    if case.method == "POST":
        return client.post(url, data=body)
    # PUT/PATCH/DELETE with a form body.
    from django.test.client import MULTIPART_CONTENT, encode_multipart

    return method(
        url, data=encode_multipart("BoUnDaRy", body), content_type=MULTIPART_CONTENT.replace("BoUnDaRy", "BoUnDaRy")
    )


def _content(response) -> str:
    data = b"".join(response.streaming_content) if getattr(response, "streaming", False) else response.content
    return data.decode("utf-8", errors="replace")


def _secrets(world: World) -> list[tuple[str, Check, Area]]:
    """Markers that may only be shown to whoever the rule lets see their record, on any page at all."""
    found = []
    for area in world.areas.values():
        found.append((area.markers["draft"], SEE_DRAFT, area))
        found.append((area.markers["attendee"], SEE_REMBUG, area))
    return found


def run_case(case: Case, world: World) -> list[str]:
    """Make the call (rolled back afterwards) and say what is wrong with the answer, if anything."""
    wanted = expect(case, world)
    problems = list(wanted.problems)
    client, user = world.clients[case.role], world.users[case.role] or AnonymousUser()
    if case.route == "logout":  # signing out would sign the shared client out for every later route
        client = Client()
        client.cookies = SimpleCookie(world.clients[case.role].cookies.output(header="", sep=";"))
    url = _url(case, world)
    op, area = _op(case), world.areas[case.area]
    cache.clear()  # the login throttle counts calls per address; every role here calls from the same one
    with transaction.atomic():
        before = _fingerprint() if case.method in UNSAFE and not wanted.allowed else None
        try:
            response = _send(client, case, world, url)
            body = _content(response)
        except Exception as error:
            transaction.set_rollback(True)
            return [*problems, f"raised {type(error).__name__}: {error}"]
        after = _fingerprint() if before is not None else None
        transaction.set_rollback(True)
    status = response.status_code
    location = response.get("Location", "")
    login_url = reverse("login")
    if wanted.allowed:
        refused = status in (401, 403, 404) or (status == 302 and location.startswith(login_url))
        if (refused and status not in (op.ok or ())) or status >= 500:
            problems.append(f"expected allowed, got {status} {location}".strip())
        elif op.ok is not None and status not in op.ok:
            problems.append(f"expected allowed with {op.ok}, got {status} {location}".strip())
        elif op.ok is None and case.method == "GET" and status != 200:
            problems.append(f"expected allowed with 200, got {status} {location}".strip())
    else:
        if wanted.login:
            if not (status == 302 and location.startswith(login_url)):
                problems.append(f"expected the login page (302 {login_url}), got {status} {location}".strip())
        elif status != wanted.status:
            problems.append(f"expected refused with {wanted.status}, got {status}")
        if op.marker and area.markers[op.marker] in body:
            problems.append(f"refused, but the body shows {op.marker} ({area.markers[op.marker]})")
        if before is not None and before != after:
            problems.append("refused, but the database changed")
    for marker, may_see, where in _secrets(world):
        if marker in body and not may_see(user, where):
            problems.append(f"the body shows {marker}, which this person may not see")
    return problems


# ---------------------------------------------------------------------------------------------------------------
# The tests.


def test_every_route_has_an_entry():
    """A route added without a rule fails here: add it to ROUTES (or API_ROUTES) with who may use it."""
    served = all_routes()
    unnamed = [pattern for name, pattern in served if not name or name.endswith(":")]
    assert not unnamed, f"routes without a name cannot be checked: {unnamed}"
    missing = sorted({name for name, _ in served} - set(ROUTES))
    assert not missing, (
        f"routes without an entry in tests/security/test_permissions_matrix.py ROUTES: {missing}. Add each with "
        "its URL kwargs for the three areas, its methods and who may use it (the app's rules)."
    )
    stale = sorted(set(ROUTES) - {name for name, _ in served})
    assert not stale, f"ROUTES names routes that no longer exist: {stale}"


def test_every_api_method_has_a_rule():
    """An API method added to an existing endpoint without a rule fails here too."""
    from django.urls import resolve

    wrong = []
    for name, route in ROUTES.items():
        if not name.startswith("api:"):
            continue
        pattern = next(p for n, p in all_routes() if n == name)
        sample = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: "1", pattern)
        view = resolve("/" + sample).func
        cls = getattr(view, "cls", None) or getattr(view, "view_class", None)
        if cls is None:
            continue
        served = {m.upper() for m in ("get", "post", "put", "patch", "delete") if hasattr(cls, m)}
        declared = {op.method for op in route.ops}
        if served != declared:
            wrong.append(f"{name}: serves {sorted(served)}, ROUTES declares {sorted(declared)}")
    assert not wrong, "\n".join(wrong)


def test_the_matrix_has_at_least_500_cases():
    assert len(all_cases()) >= 500


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(ROUTES))
def test_route(name, world):
    failures = []
    for case in cases_of(name):
        for problem in run_case(case, world):
            failures.append(f"{case}: {problem}")
    assert not failures, f"{len(failures)} wrong answers:\n" + "\n".join(failures)
