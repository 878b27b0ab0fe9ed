"""No page scrolls sideways: at 320 px (WCAG 1.4.10, reflow) and at 360 px with text at 200 % (WCAG 1.4.4).

Every page a crawl reaches from each demo person's start pages is loaded once at 320 px, then re-laid out at
360 px with the root font size doubled (how a phone's "large text" setting scales our rem-based sizes). A table
may scroll inside its own keyboard-reachable region (`.table-scroll`); the page itself must not. A failure names
the page and the widest elements that stick out of the screen.

The exhaustive crawl (every role, every page it reaches) is long; the normal suite walks a representative set.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from .conftest import login

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NARROW = {"width": 320, "height": 640}
PHONE = {"width": 360, "height": 740}
# Set through the CSSOM by the test (the app's strict CSP rightly refuses an injected <style>).
LARGE_TEXT = "document.documentElement.style.setProperty('font-size', '200%', 'important')"

# Links a crawl must not follow: files, the machine-facing API, the Django admin, sign-out.
SKIP_PREFIXES = ("/api/", "/admin/", "/static/", "/media/", "/keluar/", "/i18n/")
SKIP_SUFFIXES = (".pdf", ".xlsx", ".csv", ".json", ".geojson", ".png", ".jpg", ".svg")

# Where each demo person starts (the pages of test_pages_a11y.py and each role's own desk).
START = {
    None: ["/", "/cari/", "/masuk/", "/portal/", "/portal/data/"],
    "rt.lowokwaru": ["/dasbor/", "/usulan/", "/kamus/", "/kotak-masuk/", "/kondisi/", "/panduan/"],
    "rw.lowokwaru": ["/dasbor/", "/usulan/"],
    "pokmas.lowokwaru": ["/dasbor/", "/usulan/"],
    "kel.lowokwaru": ["/dasbor/", "/usulan/", "/rembug/kertas/", "/rembug/forum/35.73.05.1011/"],
    "kec.lowokwaru": ["/dasbor/"],
    "opd.pupr": ["/dasbor/", "/verifikasi/", "/pelaksanaan/"],
    "bappeda": ["/dasbor/", "/pemeringkatan/kriteria/", "/kondisi/kesenjangan/", "/kondisi/peta/", "/pagu/"],
    "admin.malang": ["/dasbor/"],
}

# What sticks out of the screen: elements whose right edge passes the viewport, outside any scrolling region.
WIDEST = """() => {
  const width = window.innerWidth;
  const clipped = (el) => {
    for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
      const x = getComputedStyle(p).overflowX;
      if (x !== 'visible') return true;
    }
    return false;
  };
  const name = (el) => el.tagName.toLowerCase() + (el.id ? '#' + el.id : '')
    + (el.classList.length ? '.' + Array.from(el.classList).join('.') : '');
  // How far an element reaches: its box, or its content where that overflows the box visibly (a form control's
  // inner text, a long word).
  const reach = (el) => {
    const r = el.getBoundingClientRect();
    const visible = getComputedStyle(el).overflowX === 'visible';
    return r.width > 0 ? Math.max(r.right, visible ? r.left + el.scrollWidth : 0) : 0;
  };
  return Array.from(document.body.querySelectorAll('*'))
    .filter((el) => !clipped(el))
    .map((el) => [el, reach(el)])
    .filter(([el, right]) => right > width + 1)
    .sort((a, b) => b[1] - a[1])
    .slice(0, 3)
    .map(([el, right]) => `${name(el)} (${Math.round(right)} px)`);
}"""


def overflow(page) -> str | None:
    """None when the page fits the viewport; otherwise how wide it is and what sticks out."""
    width = page.evaluate("window.innerWidth")
    scroll = page.evaluate("document.documentElement.scrollWidth")
    if scroll <= width:
        return None
    return f"{scroll} px wide: " + ", ".join(page.evaluate(WIDEST))


def links(page, origin: str) -> list[str]:
    """The page's own links worth visiting as pages (path and query, fragment dropped)."""
    found = []
    for href in page.evaluate("Array.from(document.querySelectorAll('a[href]'), a => a.href)"):
        parts = urlsplit(href)
        if f"{parts.scheme}://{parts.netloc}" != origin:
            continue
        if parts.path.startswith(SKIP_PREFIXES) or parts.path.endswith(SKIP_SUFFIXES):
            continue
        found.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    return found


def check_pages(
    browser, live_server, who: str | None, start: list[str], *, follow: bool, limit: int = 60
) -> tuple[list[str], int]:
    """Visit the start pages (and, with follow, every page they link to, one URL per path) at both sizes."""
    context = browser.new_context(viewport=NARROW, locale="id-ID", base_url=live_server.url)
    page = context.new_page()
    try:
        if who:
            login(page, who)
        queue = list(start)
        seen_paths: set[str] = set()
        problems: list[str] = []
        visited = 0
        while queue and visited < limit:
            url = queue.pop(0)
            path = urlsplit(url).path
            if path in seen_paths:
                continue
            seen_paths.add(path)
            page.set_viewport_size(NARROW)
            response = page.goto(url)
            if response is None or response.status != 200 or "text/html" not in response.headers["content-type"]:
                continue
            visited += 1
            label = f"{who or 'visitor'} {url}"
            if problem := overflow(page):
                problems.append(f"{label} at 320 px: {problem}")
            page.set_viewport_size(PHONE)
            page.evaluate(LARGE_TEXT)
            if problem := overflow(page):
                problems.append(f"{label} at 360 px, text 200 %: {problem}")
            if follow:
                queue.extend(links(page, live_server.url))
        return problems, visited
    finally:
        context.close()


def test_representative_pages_reflow_at_320_px_and_200_percent_text(browser, live_server, demo):
    from rembug.forums.models import Meeting
    from rembug.proposals.models import Proposal

    meeting = Meeting.objects.get(status="finalized")
    proposal = Proposal.objects.select_related("created_by").order_by("number").first()
    chair = proposal.created_by.username  # the RT chair of the demo's Rembug
    representative = {  # a page of each kind: lists, forms, detail lists, tables, maps, the portal
        "rt.lowokwaru": [*START["rt.lowokwaru"], "/kondisi/survei/35.73.05.1011.03.001/"],
        chair: [f"/usulan/{proposal.number}/", f"/rembug/{meeting.pk}/"],
        None: [
            *START[None],
            f"/cari/{proposal.number}/",
            "/portal/35.73/",
            "/portal/35.73.05.1011/",
            f"/portal/forum/{meeting.pk}/",
        ],
        "bappeda": [*START["bappeda"], "/panduan/bappeda/musrenbang_kota/"],
    }
    problems = []
    for who, pages in representative.items():
        found, visited = check_pages(browser, live_server, who, pages, follow=False)
        assert visited == len(pages), f"{who}: a representative page did not load"
        problems += found
    assert problems == [], "\n".join(problems)


@pytest.mark.long
@pytest.mark.parametrize("who", list(START))
def test_every_page_a_role_reaches_reflows(browser, live_server, demo, who):
    problems, visited = check_pages(browser, live_server, who, START[who], follow=True)
    assert visited >= len(START[who])
    assert problems == []
