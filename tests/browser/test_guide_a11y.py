"""The guide (Bimtek in the app) on a 360-px phone: no axe-core violation, nothing wider than the screen, no CSP
error, for a Ketua RT (own checklist) and a kelurahan operator (another role's page)."""

import pytest

from .conftest import axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize(
    ("who", "paths"),
    [
        ("rt.lowokwaru", ["/panduan/", "/panduan/ketua_rt/rembug/"]),
        ("kel.lowokwaru", ["/panduan/", "/panduan/operator_kelurahan/musrenbang_kelurahan/"]),
    ],
)
def test_the_guide_is_accessible_on_a_phone(phone, demo, who, paths):
    from rembug.guide.services import guide_defaults_load

    guide_defaults_load()
    login(phone, who)
    problems = []
    for path in paths:
        phone.goto(path)
        problems += [f"{path}: {v}" for v in axe_violations(phone)]
        if phone.evaluate("document.documentElement.scrollWidth") > 360:
            problems.append(f"{path}: wider than the screen")
    assert problems == []
    assert phone.console_errors == []
