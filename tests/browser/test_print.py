"""Lists and pages print cleanly on A4 and on F4 (folio) paper (issue 13, point 10).

Printed, a page shows its content only — no navigation, buttons or forms' submit controls — in black on white,
and nothing runs past the printable width of either paper (210 or 215 mm less the 12 mm side margins of
`@page`): a wide table wraps its cells instead of being cut at the sheet's edge. The Berita Acara are PDFs
(tests/forums); this checks the HTML lists people print from the browser.
"""

from __future__ import annotations

import pytest

from .conftest import login
from .test_reflow import overflow

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MM = 96 / 25.4  # CSS pixels per millimetre
PAPERS = {"A4": 210, "F4": 215}
SIDE_MARGINS_MM = 2 * 12

PAGES = {
    "kel.lowokwaru": ["/usulan/", "/rembug/forum/35.73.05.1011/"],
    "opd.pupr": ["/verifikasi/"],
    "bappeda": ["/pagu/"],
    None: ["/portal/"],
}


def test_lists_print_within_the_sheet_without_the_site_chrome(browser, live_server, demo):
    problems = []
    for who, urls in PAGES.items():
        context = browser.new_context(locale="id-ID", base_url=live_server.url)
        page = context.new_page()
        try:
            if who:
                login(page, who)
            page.emulate_media(media="print")
            for url in urls:
                response = page.goto(url)
                assert response is not None and response.status == 200, url
                hidden = page.evaluate(
                    "() => ['.site-header', '.site-footer'].every("
                    "s => !document.querySelector(s) || getComputedStyle(document.querySelector(s)).display === 'none')"
                )
                if not hidden:
                    problems.append(f"{who} {url}: the site's header or footer prints")
                visible_buttons = page.evaluate(
                    "() => Array.from(document.querySelectorAll('main button, main .button'))"
                    ".filter(b => getComputedStyle(b).display !== 'none').length"
                )
                if visible_buttons:
                    problems.append(f"{who} {url}: {visible_buttons} buttons print")
                for paper, width_mm in PAPERS.items():
                    page.set_viewport_size({"width": int((width_mm - SIDE_MARGINS_MM) * MM), "height": 1000})
                    if problem := overflow(page):
                        problems.append(f"{who} {url} on {paper}: {problem}")
                pdf = page.pdf(format="A4", margin={"top": "15mm", "bottom": "15mm", "left": "12mm", "right": "12mm"})
                if not pdf.startswith(b"%PDF"):
                    problems.append(f"{who} {url}: no PDF printed")
        finally:
            context.close()
    assert not problems, "\n".join(problems)
