"""Weight on the wire: each page a chair uses, loaded cold (empty cache) on a phone, costs at most 100 KB; each
portal page at most 150 KB (issue 13 point 9). Everything the page loads counts: HTML, CSS, scripts, map data.

Pages and map data are measured as sent (the app gzips them). Static files are counted at the size WhiteNoise
sends in production, i.e. gzipped (CompressedManifestStaticFilesStorage precompresses them; the test server
serves them raw). `REMBUG_PAGE_WEIGHTS=1` prints the measured weights.
"""

from __future__ import annotations

import gzip
import os
import re
from urllib.parse import urlsplit

import pytest

from .conftest import PHONE, login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CHAIR_BUDGET = 100 * 1024
PORTAL_BUDGET = 150 * 1024
CHAIRS = ("rt2.lowokwaru", "rt.lowokwaru", "rw.lowokwaru", "pokmas.lowokwaru")


def weigh(browser, live_server, path: str, state: dict | None = None) -> tuple[int, list[str]]:
    """Bytes transferred to load path in a fresh context (no HTTP cache), and what they were."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", base_url=live_server.url, storage_state=state)
    page = context.new_page()
    responses = []
    page.on("requestfinished", lambda request: responses.append(request))
    try:
        assert page.goto(path, wait_until="load").status == 200, path
        page.wait_for_load_state("networkidle")
        total, parts = 0, []
        for request in responses:
            response = request.response()
            sizes = request.sizes()
            url_path = urlsplit(request.url).path
            if url_path.startswith("/static/") and response.status == 200:
                body = len(gzip.compress(response.body(), 9))
            else:
                body = sizes["responseBodySize"]
            size = sizes["responseHeadersSize"] + body
            total += size
            parts.append(f"{url_path} {size}")
        return total, parts
    finally:
        context.close()


def signed_in(browser, live_server, username: str) -> tuple[dict, list[str]]:
    """The chair's cookies, and the chair's pages: dashboard, proposal list and form, a proposal, the Rembug."""
    context = browser.new_context(viewport=PHONE, locale="id-ID", base_url=live_server.url)
    page = context.new_page()
    try:
        login(page, username)
        page.goto("/usulan/")
        hrefs = page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))")
        rembug = next(h for h in hrefs if re.fullmatch(r"/rembug/unit/[^/]+/", h))
        detail = next((h for h in hrefs if re.fullmatch(r"/usulan/\d{4}-[\d.]+-\d+/", h)), None)
        form = next(h for h in hrefs if re.fullmatch(r"/usulan/baru/[^/]+/", h))
        pages = ["/dasbor/", "/usulan/", form, rembug] + ([detail] if detail else [])
        return context.storage_state(), pages
    finally:
        context.close()


def _report(lines: list[str]) -> None:
    if os.environ.get("REMBUG_PAGE_WEIGHTS") == "1":
        print("\n".join(lines))


def test_each_chairs_pages_cost_at_most_100_kb_cold(browser, live_server, demo):
    over, report = [], []
    for chair in CHAIRS:
        state, pages = signed_in(browser, live_server, chair)
        assert len(pages) >= 4
        for path in pages:
            total, parts = weigh(browser, live_server, path, state)
            report.append(f"{chair} {path}: {total / 1024:.1f} KB " + ", ".join(parts))
            if total > CHAIR_BUDGET:
                over.append(f"{chair} {path}: {total} bytes > {CHAIR_BUDGET}: " + ", ".join(parts))
    _report(report)
    assert over == []


def test_each_portal_page_costs_at_most_150_kb_cold(browser, live_server, demo):
    from rembug.forums.models import Meeting
    from rembug.proposals.models import Proposal

    meeting = Meeting.objects.get(status="finalized")
    number = Proposal.objects.exclude(status="draft").order_by("number").values_list("number", flat=True).first()
    pages = [
        "/portal/35.73/",
        "/portal/35.73.05/",
        "/portal/35.73.05.1011/",
        f"/portal/forum/{meeting.pk}/",
        "/portal/data/",
        f"/cari/{number}/",
    ]
    over, report = [], []
    for path in pages:
        total, parts = weigh(browser, live_server, path)
        report.append(f"visitor {path}: {total / 1024:.1f} KB")
        if total > PORTAL_BUDGET:
            over.append(f"{path}: {total} bytes > {PORTAL_BUDGET}: " + ", ".join(parts))
    _report(report)
    assert over == []
