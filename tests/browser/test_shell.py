"""The web shell in a real browser on a 360-px phone: readable, accessible, no CSP violations."""

import pytest

from .conftest import axe_violations, login, save_screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_front_page_on_a_phone_is_accessible_and_fits(phone, demo):
    phone.goto("/")
    assert phone.get_by_role("heading", level=1).inner_text().startswith("Rembug")
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone) == []
    assert phone.console_errors == []


def test_an_rt_chair_logs_in_on_a_phone_and_sees_what_to_do(phone, demo):
    login(phone, "rt.lowokwaru")
    assert phone.get_by_text("Yang perlu Anda lakukan sekarang").is_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 360
    assert axe_violations(phone) == []
    save_screenshot(phone, "dashboard-rt-360")
    assert phone.console_errors == []


def test_the_api_docs_load_under_the_content_security_policy(phone, demo):
    phone.goto("/api/v1/docs/")
    phone.wait_for_selector(".swagger-ui .info", timeout=15000)
    assert phone.console_errors == []
