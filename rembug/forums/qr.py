"""The QR code of a Berita Acara: scanning the paper opens the forum's public page, so anyone can check that the
printed list is the one on record and see what became of each proposal since.

The page is the portal's; forums names it by its URL name only, never importing the portal (docs/architecture.md).
"""

from __future__ import annotations

import io

import segno
from django.conf import settings
from django.urls import reverse
from reportlab.lib.styles import getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Image, KeepTogether, Spacer

from rembug.pdf import para


def forum_public_url(meeting_id: int) -> str:
    """The absolute address of a forum's public page (REMBUG_SITE_URL is the site's public address)."""
    return settings.REMBUG_SITE_URL + reverse("portal:forum", args=[meeting_id])


def qr_png(url: str, *, scale: int = 6) -> bytes:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="png", scale=scale, border=2)
    return buffer.getvalue()


def qr_flowable(url: str, *, size: float = 3 * cm) -> Flowable:
    """The QR code with the address printed under it (readable, and typeable when no camera is at hand)."""
    styles = getSampleStyleSheet()
    small = styles["BodyText"].clone("qr-caption", fontSize=8, leading=10)
    image = Image(io.BytesIO(qr_png(url)), width=size, height=size)
    image.hAlign = "LEFT"
    return KeepTogether(
        [Spacer(1, 0.4 * cm), para("Pindai untuk membuka halaman publik forum ini:", small), image, para(url, small)]
    )
