"""The Django admin is a city's back office: its staff never rise above their role, nor reach another city.

Issue 9 ("Proof of trust"), hole 1: a Bappeda planner of Kota Malang could make themselves superuser, add rows for
Kota Batu, pick Batu regions in autocompletes and reset Batu users' passwords. Every test drives the real admin URLs.
"""

from __future__ import annotations

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from simple_history.admin import SimpleHistoryAdmin

from rembug.accounts.models import RoleAssignment, User
from rembug.agencies.models import Agency
from rembug.cycles.models import PlanningCycle
from rembug.proposals.models import DictionaryItem
from rembug.regions.models import Region
from tests.factories import walk

MALANG_RT = "35.73.05.1011.03.001"
BATU_RT = "35.79.01.1001.01.001"


def form_data(page) -> dict:
    """The POST body the admin page would send as shown: its main form and every inline formset's forms."""
    data: dict = {}

    def add_form(form) -> None:
        for bound in form:
            if bound.field.disabled:
                continue
            widget, value = bound.field.widget, bound.value()
            if isinstance(widget, forms.CheckboxInput):
                if value:
                    data[bound.html_name] = "on"
            elif isinstance(widget, forms.MultiWidget):
                parts = value if isinstance(value, list | tuple) else widget.decompress(value)
                for i, part in enumerate(parts):
                    data[f"{bound.html_name}_{i}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
                data[bound.html_name] = [str(v) for v in value]
            elif value is not None:
                data[bound.html_name] = str(value)

    add_form(page.context["adminform"].form)
    for inline in page.context["inline_admin_formsets"]:
        formset = inline.formset
        add_form(formset.management_form)
        for form in formset.forms:
            add_form(form)
    return data


@pytest.fixture
def bappeda(person) -> User:
    """Perencana Bappeda of Kota Malang: city staff, so the Django admin is open to them (accounts/roles.py)."""
    return person("bappeda", "35.73")


@pytest.fixture
def batu_user(person) -> User:
    return person("ketua_rt", BATU_RT, username="rt.sisir.batu")


@pytest.fixture
def as_bappeda(client, bappeda):
    client.force_login(bappeda)
    return client


# --- privileged fields -------------------------------------------------------------------------------------------


def test_bappeda_cannot_make_themselves_superuser_in_the_admin(as_bappeda, bappeda):
    everything = Group.objects.create(name="Semua izin")
    everything.permissions.set(Permission.objects.all())
    url = f"/admin/accounts/user/{bappeda.pk}/change/"
    page = as_bappeda.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    for field in ("is_superuser", "is_staff", "groups", "user_permissions"):
        assert f'name="{field}"' not in body

    data = form_data(page) | {
        "full_name": "Perencana Kota Malang",
        "is_superuser": "on",
        "is_staff": "on",
        "groups": [str(everything.pk)],
        "user_permissions": [str(p.pk) for p in Permission.objects.all()[:5]],
    }
    response = as_bappeda.post(url, data)

    assert response.status_code == 302  # the harmless part of the change is saved ...
    bappeda.refresh_from_db()
    assert bappeda.full_name == "Perencana Kota Malang"
    assert not bappeda.is_superuser  # ... the privileges are not
    assert not bappeda.groups.exists() and not bappeda.user_permissions.exists()


def test_bappeda_cannot_give_staff_status_to_a_resident_chair(as_bappeda, person):
    chair = person("ketua_rt", MALANG_RT)
    url = f"/admin/accounts/user/{chair.pk}/change/"
    page = as_bappeda.get(url)
    assert page.status_code == 200
    response = as_bappeda.post(url, form_data(page) | {"is_staff": "on", "is_superuser": "on"})
    assert response.status_code == 302
    chair.refresh_from_db()
    assert not chair.is_staff and not chair.is_superuser


def test_the_privileged_fields_are_refused_even_if_a_form_carried_them(rf, bappeda, person):
    """Server side, not only hidden: saving a user whose privileges changed is refused for a non-superuser."""
    from django.core.exceptions import PermissionDenied

    chair = person("ketua_rt", MALANG_RT)
    chair.is_superuser = True
    request = rf.post("/admin/accounts/user/")
    request.user = bappeda
    with pytest.raises(PermissionDenied):
        admin.site._registry[User].save_model(request, chair, form=None, change=True)
    chair.refresh_from_db()
    assert not chair.is_superuser


# --- another city ------------------------------------------------------------------------------------------------


def _add(client, url: str, fields: dict):
    page = client.get(url)
    assert page.status_code == 200
    return client.post(url, form_data(page) | fields)


def test_bappeda_cannot_add_a_role_in_batu(as_bappeda, person, region):
    colleague = person("admin", "35.73")
    response = _add(
        as_bappeda,
        "/admin/accounts/roleassignment/add/",
        {"user": str(colleague.pk), "role": "ketua_rt", "region": str(region(BATU_RT).pk), "is_active": "on"},
    )
    assert response.status_code == 200 and "region" in response.context["adminform"].form.errors
    assert not RoleAssignment.objects.filter(user=colleague, city__code="35.79").exists()


def test_bappeda_cannot_give_themselves_a_role_in_batu(as_bappeda, bappeda, batu):
    response = _add(
        as_bappeda,
        "/admin/accounts/roleassignment/add/",
        {"user": str(bappeda.pk), "role": "bappeda", "region": str(batu.pk), "is_active": "on"},
    )
    assert response.status_code == 200
    assert not RoleAssignment.objects.filter(user=bappeda, city=batu).exists()


def test_bappeda_cannot_add_a_batu_role_through_a_colleagues_user_form(as_bappeda, person, region):
    """The user page's role list is read-only: a smuggled inline form creates nothing."""
    colleague = person("admin", "35.73")
    url = f"/admin/accounts/user/{colleague.pk}/change/"
    data = form_data(as_bappeda.get(url))
    data |= {
        "assignments-TOTAL_FORMS": "2",
        "assignments-1-user": str(colleague.pk),
        "assignments-1-role": "bappeda",
        "assignments-1-region": str(region("35.79").pk),
        "assignments-1-is_active": "on",
    }
    as_bappeda.post(url, data)
    assert not RoleAssignment.objects.filter(user=colleague, city__code="35.79").exists()


def test_bappeda_cannot_add_a_planning_year_for_batu(as_bappeda, batu):
    response = _add(
        as_bappeda, "/admin/cycles/planningcycle/add/", {"year": "2031", "city": str(batu.pk), "priority_quota": "5"}
    )
    assert response.status_code == 200 and "city" in response.context["adminform"].form.errors
    assert not PlanningCycle.objects.filter(city=batu, year=2031).exists()


def test_bappeda_cannot_add_an_agency_for_batu(as_bappeda, batu):
    response = _add(
        as_bappeda,
        "/admin/agencies/agency/add/",
        {"city": str(batu.pk), "code": "9.99", "short_name": "DINAS-X", "name": "Dinas X Batu", "is_active": "on"},
    )
    assert response.status_code == 200 and "city" in response.context["adminform"].form.errors
    assert not Agency.objects.filter(short_name="DINAS-X").exists()


def test_bappeda_cannot_add_a_dictionary_item_for_batu(as_bappeda, batu):
    batu_agency = Agency.objects.get(city=batu, short_name="DPUPRPKP")
    page = as_bappeda.get("/admin/proposals/dictionaryitem/add/")
    assert page.status_code == 200
    data = {
        name: str(field.initial)
        for name, field in page.context["adminform"].form.fields.items()
        if field.initial is not None and not isinstance(field.initial, bool)
    }
    data |= {
        "city": str(batu.pk),
        "agency": str(batu_agency.pk),
        "code": "X-BATU-1",
        "name": "Paving Batu",
        "field": "sarana_umum",
        "category": "jalan",
        "unit": "m2",
        "unit_price": "100000",
        "authority": "kota",
        "active_from": "2020",
    }
    response = as_bappeda.post("/admin/proposals/dictionaryitem/add/", data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "city" in errors and "agency" in errors
    assert not DictionaryItem.objects.filter(code="X-BATU-1").exists()


def test_a_batu_user_is_neither_listed_nor_offered_by_the_autocomplete(as_bappeda, batu_user, batu):
    listing = as_bappeda.get("/admin/accounts/user/", {"q": "sisir"})
    assert listing.status_code == 200 and "rt.sisir.batu" not in listing.content.decode()
    assert "rt.sisir.batu" not in as_bappeda.get("/admin/accounts/user/").content.decode()

    def autocomplete(model: str, field: str, term: str) -> list[str]:
        response = as_bappeda.get(
            "/admin/autocomplete/",
            {"app_label": model.split(".")[0], "model_name": model.split(".")[1], "field_name": field, "term": term},
        )
        assert response.status_code == 200
        return [r["text"] for r in response.json()["results"]]

    assert autocomplete("accounts.roleassignment", "user", "sisir") == []
    assert autocomplete("accounts.roleassignment", "region", "Sisir") == []
    assert autocomplete("accounts.roleassignment", "region", "35.79") == []
    assert autocomplete("agencies.agency", "city", "Batu") == []
    assert autocomplete("proposals.dictionaryitem", "city", "Batu") == []
    # The own city is still offered: the filter narrows, it does not break the widget.
    assert autocomplete("agencies.agency", "city", "Malang")


def _reset_password(client, user: User):
    return client.post(
        f"/admin/accounts/user/{user.pk}/password/",
        {"usable_password": "true", "password1": "diambil-alih-9X", "password2": "diambil-alih-9X"},
    )


def test_bappeda_cannot_reset_a_batu_users_password(as_bappeda, batu_user):
    response = _reset_password(as_bappeda, batu_user)
    assert response.status_code == 404
    batu_user.refresh_from_db()
    assert batu_user.check_password("pw-rembug-123")


def test_bappeda_cannot_reset_the_password_of_batu_staff_who_also_chairs_in_malang(as_bappeda, person, region):
    """Batu's planner who also chairs an RT in Malang is listed (a Malang chair) but is not Malang's to manage."""
    from rembug.accounts.services import role_assign

    batu_planner = person("bappeda", "35.79")
    role_assign(actor=None, user=batu_planner, role="ketua_rt", region=region(MALANG_RT))
    assert as_bappeda.get(f"/admin/accounts/user/{batu_planner.pk}/change/").status_code == 200  # may look
    response = _reset_password(as_bappeda, batu_planner)
    assert response.status_code == 403
    batu_planner.refresh_from_db()
    assert batu_planner.check_password("pw-rembug-123")
    # ... and cannot edit the account either.
    page = as_bappeda.get(f"/admin/accounts/user/{batu_planner.pk}/change/")
    as_bappeda.post(
        f"/admin/accounts/user/{batu_planner.pk}/change/",
        form_data(page) | {"email": "penyerang@example.org", "username": batu_planner.username},
    )
    batu_planner.refresh_from_db()
    assert batu_planner.email == "x@example.org"


def test_bappeda_cannot_reset_a_superusers_password(as_bappeda, person, region):
    from rembug.accounts.services import role_assign

    root = User.objects.create_superuser("root", "root@example.org", "pw-rembug-123")
    role_assign(actor=None, user=root, role="bappeda", region=region("35.73"))
    response = _reset_password(as_bappeda, root)
    assert response.status_code == 403
    root.refresh_from_db()
    assert root.check_password("pw-rembug-123")


def test_bappeda_resets_a_malang_chairs_password(as_bappeda, person):
    """The legitimate use still works: the city's staff help their own city's chairs."""
    chair = person("ketua_rt", MALANG_RT)
    response = _reset_password(as_bappeda, chair)
    assert response.status_code == 302
    chair.refresh_from_db()
    assert chair.check_password("diambil-alih-9X")


# --- role grants go through the role service ---------------------------------------------------------------------


def test_a_role_granted_in_the_admin_goes_through_the_role_service(as_bappeda, bappeda, person, malang):
    newcomer = person("ketua_rt", MALANG_RT)
    response = _add(
        as_bappeda,
        "/admin/accounts/roleassignment/add/",
        {"user": str(newcomer.pk), "role": "admin", "region": str(malang.pk), "is_active": "on"},
    )
    assert response.status_code == 302
    granted = RoleAssignment.objects.get(user=newcomer, role="admin")
    assert granted.created_by == bappeda  # recorded by role_assign, which the bare admin form never did
    newcomer.refresh_from_db()
    assert newcomer.is_staff  # city staff get the admin, as role_assign grants it


def test_a_role_revoked_in_the_admin_goes_through_the_role_service(as_bappeda, person):
    chair = person("ketua_rt", MALANG_RT)
    assignment = chair.assignments.get()
    url = f"/admin/accounts/roleassignment/{assignment.pk}/change/"
    page = as_bappeda.get(url)
    assert page.status_code == 200
    data = form_data(page)
    data.pop("is_active", None)
    data |= {"region": str(Region.objects.get(code="35.79").pk), "role": "bappeda"}  # read-only: ignored
    assert as_bappeda.post(url, data).status_code == 302
    assignment.refresh_from_db()
    assert not assignment.is_active
    assert assignment.role == "ketua_rt" and assignment.region.code == MALANG_RT


def test_a_malang_planner_who_chairs_an_rt_in_batu_runs_only_malangs_admin(as_bappeda, bappeda, region, batu):
    """Holding any role in Batu (here a resident's RT chair) is not running Batu's back office."""
    from rembug.accounts.services import role_assign

    role_assign(actor=None, user=bappeda, role="ketua_rt", region=region(BATU_RT))
    batu_agency = Agency.objects.get(city=batu, short_name="DPUPRPKP")
    assert as_bappeda.get(f"/admin/agencies/agency/{batu_agency.pk}/change/").status_code == 302  # "not found"
    response = _add(
        as_bappeda,
        "/admin/agencies/agency/add/",
        {"city": str(batu.pk), "code": "9.99", "short_name": "DINAS-Y", "name": "Dinas Y Batu", "is_active": "on"},
    )
    assert response.status_code == 200
    assert not Agency.objects.filter(short_name="DINAS-Y").exists()


# --- every ModelAdmin, one matrix -------------------------------------------------------------------------------
# The registry is iterated, so a model registered tomorrow is covered (and fails here until it has a Batu row).

BATU_MARKERS = ("RAHASIA", "Batu", "Sisir", "35.79", "rt.sisir.batu", "bappeda.batu")


def city_lookup_of(model) -> str | None:
    """How a row of `model` names its city, or None for rows that belong to no city (auth groups)."""
    from knox.models import AuthToken

    if model is User:
        return "assignments__city"
    if model is AuthToken:
        return "user__assignments__city"
    lookup = getattr(admin.site._registry.get(model), "city_lookup", None)
    if lookup:
        return lookup
    return "city" if any(f.name == "city" for f in model._meta.fields) else None


def build_city_world(city: Region, *, rt: str, person, marker: str, username: str) -> None:
    """One row of every admin-registered kind in `city`, each named with `marker` where it has a name."""
    import datetime

    from knox.models import AuthToken

    from rembug.accounts.services import role_assign
    from rembug.conditions.models import CityPriority, Indicator, SurveyResponse
    from rembug.cycles.selectors import today
    from rembug.cycles.services import cycle_create
    from rembug.delivery.models import ProgressReport
    from rembug.delivery.services import activity_plan
    from rembug.demo.services import demo_schedule
    from rembug.forums.models import MinutesWording
    from rembug.forums.services import meeting_open
    from rembug.guide.models import FieldHelp, GuidePage
    from rembug.proposals.lifecycle import Status
    from rembug.proposals.services import proposal_create
    from rembug.regions.models import CommunityGroup
    from rembug.verification.models import Recommendation
    from rembug.vocabularies.models import Term
    from tests.factories import dictionary_item

    rt_region = Region.objects.get(code=rt)
    kelurahan = Region.objects.get(code=rt.rsplit(".", 2)[0])
    planner = person("bappeda", city.code, username=f"bappeda.{username}")
    chair = person("ketua_rt", rt, username=f"rt.{username}")
    role_assign(
        actor=None,
        user=planner,
        role="verifikator_opd",
        region=city,
        agency=Agency.objects.get(city=city, short_name="DPUPRPKP"),
    )
    AuthToken.objects.create(planner)
    CommunityGroup.objects.create(kind="pokmas", name=f"Pokmas {marker}", region=kelurahan)
    Term.objects.create(city=city, vocabulary="urusan", name=f"Urusan {marker}")
    day = today()
    year = day.year + 1
    cycle = PlanningCycle.objects.filter(city=city, year=year).first() or cycle_create(
        city=city, year=year, schedule=demo_schedule(year, day)
    )
    item = dictionary_item(city, name=f"Paving {marker}")
    proposal = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=rt_region,
        title=f"Usulan {marker}",
        problem="Jalan becek",
        idea="Paving 20 m²",
        item=item,
        volume=20,
        address=f"Gang {marker}",
    )
    meeting_open(actor=chair, cycle=cycle, holder=rt_region)
    for to in (Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD, Status.VERIFIED, Status.ACCOMMODATED):
        walk(proposal, to, reason=f"Ke {to}.")
    Recommendation.objects.create(proposal=proposal, level="kelurahan", decision="accept", reason_text=marker)
    activity = activity_plan(
        actor=None,
        proposal=proposal,
        budget_amount=3_000_000,
        starts_on=datetime.date(cycle.budget_year, 1, 1),
        ends_on=datetime.date(cycle.budget_year, 12, 31),
    )
    ProgressReport.objects.create(activity=activity, reported_on=day, percent=10, note=marker)
    indicator = Indicator.objects.create(
        cycle=cycle,
        field="sarana_umum",
        code=f"I-{username}",
        name=f"Indikator {marker}",
        question=f"Kondisi {marker}?",
        scale=["buruk", "sedang", "baik"],
    )
    CityPriority.objects.create(cycle=cycle, theme=f"Tema {marker}")
    SurveyResponse.objects.create(cycle=cycle, region=rt_region, kelurahan=kelurahan, indicator=indicator, score=1)
    GuidePage.objects.create(city=city, role="ketua_rt", stage="rembug", title=f"Panduan {marker}", body=marker)
    FieldHelp.objects.create(city=city, key="proposal.title", text=f"Bantuan {marker}")
    MinutesWording.objects.create(city=city, closing=f"Penutup {marker}")


@pytest.fixture
def batu_world(db, batu, person):
    build_city_world(batu, rt=BATU_RT, person=person, marker="RAHASIA Batu", username="sisir.batu")


@pytest.fixture
def malang_world(db, malang, person):
    build_city_world(malang, rt=MALANG_RT, person=person, marker="Malang Terbuka", username="malang")


def registered():
    return sorted(admin.site._registry.items(), key=lambda pair: pair[0]._meta.label)


def _request_as(rf, user, path="/admin/"):
    request = rf.get(path)
    request.user = user
    return request


def _url(model, view: str, *args) -> str:
    from django.urls import reverse

    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture(params=["bappeda", "admin"])
def malang_staff(request, person, client) -> User:
    """Each of Kota Malang's city-staff roles, signed in (with both cities' worlds built)."""
    staff = person(request.param, "35.73")
    client.force_login(staff)
    return staff


def test_every_admin_hides_batu_from_malangs_staff(malang_world, batu_world, malang_staff, client, batu, rf):
    as_bappeda, bappeda = client, malang_staff
    request = _request_as(rf, bappeda)
    for model, model_admin in registered():
        label = model._meta.label
        may_view = model_admin.has_view_or_change_permission(request)
        changelist = as_bappeda.get(_url(model, "changelist"))
        assert changelist.status_code == (200 if may_view else 403), label
        body = changelist.content.decode()
        assert not [m for m in BATU_MARKERS if m in body], label

        lookup = city_lookup_of(model)
        if lookup is None:  # a row of no city (auth groups): only a superuser has them at all
            assert not may_view, label
            continue
        batu_row = model.objects.filter(**{lookup: batu}).first()
        assert batu_row is not None, f"{label}: build_city_world must make a Kota Batu row of every admin model"
        change = as_bappeda.get(_url(model, "change", batu_row.pk))
        if may_view:  # the row does not exist for them: Django's "not found" answer, with nothing of the row
            assert (change.status_code, change.url) == (302, "/admin/"), label
        else:
            assert change.status_code == 403, label
        assert not [m for m in BATU_MARKERS if m in change.content.decode()], label
        hidden = not model_admin.get_queryset(request).filter(pk=batu_row.pk).exists()
        assert hidden or not may_view, label
        history = as_bappeda.get(_url(model, "history", batu_row.pk))
        # Django's own history page redirects when the row is not found; the "Riwayat" of tracked models answers 404.
        not_found = 404 if isinstance(model_admin, SimpleHistoryAdmin) else 302
        assert history.status_code == (not_found if hidden else 403), label
        assert not [m for m in BATU_MARKERS if m in history.content.decode()], label


def _choice_fields(form):
    for name, field in form.fields.items():
        if isinstance(field, forms.ModelChoiceField):
            yield name, field


def test_every_add_form_offers_no_batu_choice(malang_world, batu_world, malang_staff, client, batu, rf):
    as_bappeda, bappeda = client, malang_staff
    request = _request_as(rf, bappeda)
    checked = 0
    for model, model_admin in registered():
        label = model._meta.label
        page = as_bappeda.get(_url(model, "add"))
        if not model_admin.has_add_permission(request):
            assert page.status_code == 403, label
            continue
        assert page.status_code == 200, label
        body = page.content.decode()
        assert not [m for m in BATU_MARKERS if m in body], label
        formsets = [inline.formset for inline in page.context["inline_admin_formsets"]]
        for form in [page.context["adminform"].form, *(fs.empty_form for fs in formsets)]:
            for name, field in _choice_fields(form):
                if name == field.queryset.model._meta.pk.name:
                    continue  # an inline row's own id: looked up in the inline's (scoped) rows, not a choice
                lookup = city_lookup_of(field.queryset.model)
                if lookup is None:
                    continue
                everyone = field.queryset.model._default_manager.filter(**{lookup: batu})
                assert everyone.exists(), f"{label}.{name}: no Batu row to be hidden"
                assert not field.queryset.filter(**{lookup: batu}).exists(), f"{label}.{name}"
                checked += 1
    assert checked >= 8  # region, city, agency, user, group, cycle, ... choices were really looked at


def test_read_only_admins_refuse_every_write(malang_world, as_bappeda, bappeda, malang, rf):
    """Proposals, forums, recommendations, activities and reports change only through their services."""
    from rembug.delivery.models import Activity, ProgressReport
    from rembug.forums.models import Meeting
    from rembug.proposals.models import Proposal
    from rembug.verification.models import Recommendation

    read_only = (Activity, ProgressReport, Meeting, Proposal, Recommendation)
    request = _request_as(rf, bappeda)
    for model in read_only:
        model_admin = admin.site._registry[model]
        label = model._meta.label
        row = model.objects.filter(**{city_lookup_of(model): malang}).first()
        assert row is not None, label
        may_view = model_admin.has_view_permission(request, row)  # the meetings are their chairs' and staff's
        assert as_bappeda.get(_url(model, "change", row.pk)).status_code == (200 if may_view else 403), label
        assert as_bappeda.get(_url(model, "add")).status_code == 403, label
        assert as_bappeda.post(_url(model, "add"), {}).status_code == 403, label
        assert as_bappeda.post(_url(model, "change", row.pk), {}).status_code == 403, label
        assert as_bappeda.post(_url(model, "delete", row.pk), {"post": "yes"}).status_code == 403, label
        assert model.objects.filter(pk=row.pk).exists(), label


def test_a_city_admin_creates_an_account_and_gives_it_its_first_role(as_bappeda, bappeda, malang):
    response = _add(
        as_bappeda,
        "/admin/accounts/user/add/",
        {
            "username": "operator.baru",
            "usable_password": "true",
            "password1": "sandi-Baru-123",
            "password2": "sandi-Baru-123",
        },
    )
    newcomer = User.objects.get(username="operator.baru")
    assert response.status_code == 302
    assert response.url == f"/admin/accounts/roleassignment/add/?user={newcomer.pk}"
    page = as_bappeda.get(response.url)
    assert "operator.baru" in page.content.decode()  # the account is offered although it has no city yet
    response = _add(as_bappeda, response.url, {"role": "admin", "region": str(malang.pk), "is_active": "on"})
    assert response.status_code == 302
    assert newcomer.assignments.get().created_by == bappeda
    # From now on the account is Malang's: listed, and managed by the city's staff.
    assert as_bappeda.get(f"/admin/accounts/user/{newcomer.pk}/change/").status_code == 200
