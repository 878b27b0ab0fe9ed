"""Shared fixtures: the real Kota Malang regions and agencies are loaded once per test session."""

from __future__ import annotations

import itertools

import pytest

from rembug.accounts.services import role_assign, user_create
from rembug.agencies.models import Agency
from rembug.agencies.services import agencies_load
from rembug.cycles.services import cycle_create
from rembug.demo.services import demo_schedule
from rembug.regions.models import Region
from rembug.regions.services import RegionRow, regions_load_malang, regions_upsert
from rembug.vocabularies.services import terms_ensure_defaults

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        regions_load_malang()
        malang = Region.objects.get(code="35.73")
        agencies_load(city=malang)
        terms_ensure_defaults(city=malang)
        # A second city, to prove that one city's staff never see another's records.
        regions_upsert(
            [
                RegionRow(code="35.79", name="Kota Batu", level="kota"),
                RegionRow(code="35.79.01", name="Batu", level="kecamatan"),
                RegionRow(code="35.79.01.1001", name="Sisir", level="kelurahan"),
                RegionRow(code="35.79.01.1001.01", name="01", level="rw", number=1),
                RegionRow(code="35.79.01.1001.01.001", name="001", level="rt", number=1),
            ]
        )
        agencies_load(city=Region.objects.get(code="35.79"))
        terms_ensure_defaults(city=Region.objects.get(code="35.79"))


@pytest.fixture(autouse=True)
def _test_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests do not run collectstatic: serve assets from the apps, without the manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def region():
    def get(code: str) -> Region:
        return Region.objects.get(code=code)

    return get


@pytest.fixture
def malang(region) -> Region:
    return region("35.73")


@pytest.fixture
def batu(region) -> Region:
    return region("35.79")


@pytest.fixture
def person(db, region):
    """person("ketua_rt", "35.73.05.1011.03.001") → a user holding that role there (password: pw-rembug-123)."""

    def make(role: str, code: str, *, agency: str | None = None, group=None, username: str | None = None):
        where = region(code)
        user = user_create(
            username=username or f"{role}-{next(_counter)}",
            password="pw-rembug-123",
            full_name=f"{role} {code}",
            email="x@example.org",
        )
        found_agency = Agency.objects.get(city=where.city, short_name=agency) if agency else None
        role_assign(actor=None, user=user, role=role, region=where, agency=found_agency, group=group)
        return user

    return make


@pytest.fixture
def cycle(db, malang):
    """Kota Malang's planning year with the Rembug stage open today."""
    from rembug.cycles.selectors import today

    day = today()
    return cycle_create(city=malang, year=day.year + 1, schedule=demo_schedule(day.year + 1, day))


def _is_transactional(item) -> bool:
    marker = item.get_closest_marker("django_db")
    fixtures = getattr(item, "fixturenames", ())
    return (
        bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in fixtures or "live_server" in fixtures
    )


def pytest_collection_modifyitems(items):
    """Transactional tests run after the others, browser tests last: their database is emptied after each of
    them, which takes the session's Kota Malang regions with it."""
    items.sort(
        key=lambda item: (
            2 if "tests/browser/" in str(item.path).replace("\\", "/") else 1 if _is_transactional(item) else 0
        )
    )
