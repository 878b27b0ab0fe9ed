"""By keyboard alone, with what a screen reader is told (issue 13, points 3, 5, 6; decision 0033): a proposal with
a map point and a photo; "Gunakan lokasi saya"; a refused form that puts focus on its error summary and says
"Kesalahan" in the title; an item moved in the Rembug list that keeps focus and is announced; focus rings of at
least 3:1, also on the green header; axe-core clean on each page touched."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from PIL import Image

from rembug.cycles.selectors import current_cycle
from rembug.forums.services import meeting_open
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import DictionaryItem, Proposal
from rembug.proposals.services import proposal_create
from rembug.regions.models import Region
from tests.factories import walk

from .conftest import PHONE, axe_violations, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
RT = "35.73.05.1011.03.001"
HOME = {"latitude": -7.9391, "longitude": 112.6142}


@pytest.fixture
def keyboard_phone(browser, live_server):
    """A phone that knows where it is (geolocation granted), failing the test on any console error."""
    context = browser.new_context(
        viewport=PHONE, locale="id-ID", base_url=live_server.url, geolocation=HOME, permissions=["geolocation"]
    )
    page = context.new_page()
    errors: list[str] = []
    page.on(
        "console",
        lambda msg: errors.append(msg.text) if msg.type == "error" and "status of 400" not in msg.text else None,
    )
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    # (The form's script reads a refused form's errors from a 400 answer, decision 0032: Chromium logs that
    # designed answer as a failed load, which is not an error of the page; the console filter above skips it.)
    page.console_errors = errors
    yield page
    context.close()


def tab_to(page, selector: str, limit: int = 80) -> None:
    """Press Tab (only Tab) until the element matching `selector` has focus."""
    for _ in range(limit):
        if page.evaluate("s => document.activeElement && document.activeElement.matches(s)", selector):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"Tab never reached {selector}")


def focused(page, what: str = "el => el.id"):
    return page.evaluate(f"({what})(document.activeElement)")


def contrast(page, script: str) -> float:
    """WCAG contrast ratio of two computed colours returned by `script` as [rgb(...), rgb(...)]."""
    return page.evaluate(
        """([a, b]) => {
          const lum = c => { const [r, g, bl] = c.match(/[\\d.]+/g).slice(0, 3).map(Number).map(v => {
              v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
            return 0.2126 * r + 0.7152 * g + 0.0722 * bl; };
          const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
          return (l1 + 0.05) / (l2 + 0.05);
        }""",
        page.evaluate(script),
    )


def test_a_proposal_with_a_map_point_and_a_photo_by_keyboard_alone(keyboard_phone, demo, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    photo = tmp_path / "lokasi.jpg"
    Image.new("RGB", (64, 48), (120, 160, 90)).save(photo, "JPEG")
    page = keyboard_phone
    login(page, "rt.lowokwaru")
    page.goto(f"/usulan/baru/{RT}/")
    page.wait_for_selector(".leaflet-interactive")  # the kelurahan boundary is drawn

    # Refused first: focus lands on the error summary, the title says so, a link there leads into the field.
    tab_to(page, "form.card button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("[data-error-summary]")
    assert page.title().startswith("Kesalahan: ")
    assert focused(page, "el => el.hasAttribute('data-error-summary')")
    page.keyboard.press("Tab")
    assert focused(page, "el => el.getAttribute('href')") == "#id_title"
    page.keyboard.press("Enter")
    assert focused(page) == "id_title"
    assert axe_violations(page) == []

    page.keyboard.type("Saluran gang Kenanga")
    for field, text in (("#id_problem", "Banjir tiap hujan"), ("#id_idea", "Saluran baru 40 m")):
        tab_to(page, field)
        page.keyboard.type(text)
    tab_to(page, "#id_item")
    page.keyboard.press("ArrowDown")  # the first item of the dictionary
    assert page.locator("#id_item").input_value() != ""
    tab_to(page, "#id_volume")
    page.keyboard.press("Control+A")
    page.keyboard.type("40")
    tab_to(page, "#id_address")
    page.keyboard.press("Control+A")
    page.keyboard.type("Gang Kenanga, RT 001 RW 03")

    # The map: Enter puts the marker at the centre; the marker, reached by Tab, moves with the arrow keys.
    tab_to(page, "#map")
    page.keyboard.press("Enter")
    placed = (float(page.locator("#id_latitude").input_value()), float(page.locator("#id_longitude").input_value()))
    assert "Penanda ditaruh di" in page.locator("#map-status").inner_text()
    page.keyboard.press("Tab")
    assert focused(page, "el => el.getAttribute('alt')") == "Penanda lokasi usulan"
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowUp")
    moved = (float(page.locator("#id_latitude").input_value()), float(page.locator("#id_longitude").input_value()))
    assert moved[1] > placed[1] and moved[0] > placed[0]
    assert "Penanda dipindah ke" in page.locator("#map-status").inner_text()
    names = page.locator(".leaflet-control-zoom a").evaluate_all("els => els.map(a => a.getAttribute('aria-label'))")
    assert names == ["Perbesar", "Perkecil"]

    tab_to(page, "input[type=file]")
    page.locator("input[type=file]").set_input_files(str(photo))  # the phone's own file chooser
    assert axe_violations(page) == []
    tab_to(page, "form.card button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_selector("text=tersimpan")

    proposal = Proposal.objects.get(title="Saluran gang Kenanga")
    assert (round(proposal.latitude, 6), round(proposal.longitude, 6)) == moved
    assert proposal.attachments.count() == 1
    assert page.console_errors == []


def test_use_my_location_sets_the_point(keyboard_phone, demo):
    page = keyboard_phone
    login(page, "rt.lowokwaru")
    page.goto(f"/usulan/baru/{RT}/")
    page.wait_for_selector(".leaflet-interactive")
    tab_to(page, "#map-locate")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('id_latitude').value !== ''")
    assert float(page.locator("#id_latitude").input_value()) == pytest.approx(HOME["latitude"], abs=1e-6)
    assert float(page.locator("#id_longitude").input_value()) == pytest.approx(HOME["longitude"], abs=1e-6)
    assert "Lokasi Anda dipakai" in page.locator("#map-status").inner_text()
    assert page.locator("img.leaflet-marker-icon").count() == 1
    assert page.console_errors == []


def test_moving_an_item_keeps_focus_and_is_announced(keyboard_phone, demo):
    chair = get_user_model().objects.get(username="rt.lowokwaru")
    cycle = current_cycle(Region.objects.get(code="35.73"))
    item = DictionaryItem.objects.filter(city__code="35.73", active_until=None).exclude(unit_price=0).first()
    for title in ("Paving gang Melati", "Saluran Jl. Kenanga", "Lampu gang Mawar"):
        proposal_create(
            actor=chair,
            cycle=cycle,
            proposer=Region.objects.get(code=RT),
            title=title,
            problem="Rusak",
            idea="Perbaiki",
            item=item,
            volume=10,
            address="RT 001",
        )
    meeting = meeting_open(actor=chair, cycle=cycle, holder=Region.objects.get(code=RT))
    order = list(meeting.items.order_by("rank").values_list("proposal_id", "proposal__title"))
    page = keyboard_phone
    login(page, "rt.lowokwaru")
    page.goto(f"/rembug/{meeting.pk}/")

    first_id, first_title = order[0]
    tab_to(page, f"#turun-{first_id}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#fokus-turun-{first_id}")
    page.wait_for_function("() => document.querySelector('[data-announcer]').textContent !== ''")
    assert focused(page) == f"turun-{first_id}"
    assert page.locator("[data-announcer]").inner_text() == f"{first_title} kini di urutan 2."
    assert page.locator(".order-list li").nth(1).inner_text().startswith("2.")
    assert first_title in page.locator(".order-list li").nth(1).inner_text()

    # Back to the top: there ▲ is disabled (and looks it), so focus goes to the item's ▼.
    second_id = first_id
    tab_to(page, f"#naik-{second_id}")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**#fokus-naik-{second_id}")
    page.wait_for_function("() => document.querySelector('[data-announcer]').textContent !== ''")
    assert page.locator(f"#naik-{second_id}").is_disabled()
    assert focused(page) == f"turun-{second_id}"
    up, down = page.locator(f"#naik-{second_id}"), page.locator(f"#turun-{second_id}")
    background = "el => getComputedStyle(el).backgroundColor"
    assert up.evaluate(background) != down.evaluate(background)

    # Distinct names for each "Atur pendanaan" link.
    names = page.get_by_role("link", name="Atur pendanaan").evaluate_all("els => els.map(a => a.textContent)")
    assert len(names) == 3 and len(set(names)) == 3
    assert axe_violations(page) == []
    assert page.console_errors == []


def test_focus_rings_are_visible_on_the_header_and_the_page(keyboard_phone, demo):
    page = keyboard_phone
    login(page, "rt.lowokwaru")
    page.goto("/dasbor/")
    tab_to(page, ".site-header .brand")
    ring = contrast(
        page,
        "[getComputedStyle(document.activeElement).outlineColor,"
        " getComputedStyle(document.querySelector('.site-header')).backgroundColor]",
    )
    assert ring >= 3
    tab_to(page, "main a")
    ring = contrast(
        page,
        "[getComputedStyle(document.activeElement).outlineColor,"
        " getComputedStyle(document.activeElement.closest('.card') || document.body).backgroundColor]",
    )
    assert ring >= 3

    # The RT chair's steps are buttons that go to their pages.
    tab_to(page, f"a.check-action[href='/usulan/baru/{RT}/']")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**/usulan/baru/{RT}/")
    assert page.console_errors == []


def test_the_verification_map_is_a_named_group_with_indonesian_controls(keyboard_phone, demo):
    chair = get_user_model().objects.get(username="rt.lowokwaru")
    item = DictionaryItem.objects.filter(city__code="35.73", agency__short_name="DPUPRPKP", active_until=None).first()
    proposal = proposal_create(
        actor=chair,
        cycle=current_cycle(Region.objects.get(code="35.73")),
        proposer=Region.objects.get(code=RT),
        title="Saluran Gang Kenanga",
        problem="Banjir",
        idea="Saluran baru",
        item=item,
        volume=12,
        address="Gang Kenanga",
        latitude=-7.9385,
        longitude=112.6135,
    )
    proposal = walk(proposal, Status.AGREED, Status.FORWARDED_KECAMATAN, Status.FORWARDED_OPD, reason="Lanjut")
    page = keyboard_phone
    login(page, "opd.pupr")
    page.goto(f"/verifikasi/{proposal.number}/")
    page.locator("img.leaflet-marker-icon").wait_for()
    assert page.locator(".map[role=img]").count() == 0
    assert page.locator(".map").get_attribute("role") == "group"
    names = page.locator(".leaflet-control-zoom a").evaluate_all("els => els.map(a => a.getAttribute('aria-label'))")
    assert names == ["Perbesar", "Perkecil"]
    assert page.locator("img.leaflet-marker-icon").get_attribute("alt") == "Penanda lokasi usulan"
    assert axe_violations(page) == []
    assert page.console_errors == []
