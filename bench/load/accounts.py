"""Sign-in accounts for the deadline-day load (issue 14, point 7): a Ketua RT for every RT of Kota Malang (4,278)
and an operator for every kelurahan (57), in seconds.

Bench only, never in the product: the accounts share one password, so the script lives in bench/, not in a
management command that a production server could run. The password is hashed once (PBKDF2 as configured) and the
rows are bulk-written; a second run adds only what is missing. Usernames: `rt.<RT code>`, `kel.<kelurahan code>`.
Run with the same environment as the server: `DATABASE_URL=... python bench/load/accounts.py`.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rembug.settings")

import django

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.db import transaction  # noqa: E402

from rembug.accounts.models import RoleAssignment, User  # noqa: E402
from rembug.accounts.roles import Role  # noqa: E402
from rembug.regions.models import Level, Region  # noqa: E402

PASSWORD = "rembug-beban-uji"
CITY_CODE = "35.73"


def accounts() -> list[tuple[str, str, Region]]:
    """(username, role, region) for every RT chair and kelurahan operator of the city."""
    city = Region.objects.get(code=CITY_CODE)
    wanted = []
    for level, role, prefix in ((Level.RT, Role.KETUA_RT, "rt"), (Level.KELURAHAN, Role.OPERATOR_KELURAHAN, "kel")):
        for region in Region.objects.filter(city=city, level=level).order_by("code"):
            wanted.append((f"{prefix}.{region.code}", role, region))
    return wanted


@transaction.atomic
def load() -> tuple[int, int]:
    wanted = accounts()
    existing = set(User.objects.filter(username__in=[u for u, _, _ in wanted]).values_list("username", flat=True))
    password = make_password(PASSWORD)  # once: 4,335 PBKDF2 rounds would take minutes
    User.objects.bulk_create(
        [User(username=u, password=password, full_name=f"Uji beban {u}") for u, _, _ in wanted if u not in existing],
        batch_size=1000,
    )
    users = dict(User.objects.filter(username__in=[u for u, _, _ in wanted]).values_list("username", "pk"))
    have = set(RoleAssignment.objects.filter(user_id__in=users.values()).values_list("user_id", "role"))
    RoleAssignment.objects.bulk_create(
        [
            RoleAssignment(user_id=users[u], role=role, region=region, city_id=region.city_id)
            for u, role, region in wanted
            if (users[u], role) not in have
        ],
        batch_size=1000,
    )
    return len(wanted) - len(existing), len(wanted)


if __name__ == "__main__":
    began = time.monotonic()
    created, total = load()
    print(f"{created} accounts created, {total} in all ({time.monotonic() - began:.1f} s); password: {PASSWORD}")
