"""Every Berita Acara carries a QR code that opens its forum's public page, with the address printed under it."""

import io

import pytest
import zxingcpp
from PIL import Image
from pypdf import PdfReader

from rembug.forums.annexes import upper_minutes_pdf
from rembug.forums.documents import minutes_pdf
from rembug.forums.qr import forum_public_url, qr_png

pytestmark = pytest.mark.django_db


def _pages(pdf: bytes):
    reader = PdfReader(io.BytesIO(pdf))
    return reader.pages, " ".join(page.extract_text() for page in reader.pages)


def _qr_codes(pages) -> list[str]:
    """What a phone camera reads: every QR code in the PDF's images, decoded."""
    return [
        code.text
        for page in pages
        for picture in page.images
        for code in zxingcpp.read_barcodes(picture.image)
        if code.format == zxingcpp.BarcodeFormat.QRCode
    ]


def test_the_stored_berita_acara_has_a_qr_code_and_the_address_of_the_public_page(world, settings):
    pages, text = _pages(world.meeting.minutes_pdf.read())
    url = f"{settings.REMBUG_SITE_URL}/portal/forum/{world.meeting.pk}/"
    assert _qr_codes(pages) == [url]
    assert url in text


def test_the_qr_code_uses_the_configured_site_address(world, settings):
    settings.REMBUG_SITE_URL = "https://rembug.malangkota.go.id"
    url = f"https://rembug.malangkota.go.id/portal/forum/{world.meeting.pk}/"
    assert forum_public_url(world.meeting.pk) == url
    for render in (minutes_pdf, upper_minutes_pdf):
        pages, text = _pages(render(world.meeting))
        assert _qr_codes(pages) == [url] and url in text, render.__name__


def test_the_qr_code_is_a_png_that_reads_as_the_address():
    png = qr_png("https://example.org/portal/forum/1/")
    assert png.startswith(b"\x89PNG")
    assert [code.text for code in zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))] == [
        "https://example.org/portal/forum/1/"
    ]


def test_the_address_in_the_qr_code_opens_the_public_forum_page(client, world, settings):
    path = forum_public_url(world.meeting.pk).removeprefix(settings.REMBUG_SITE_URL)
    assert path == f"/portal/forum/{world.meeting.pk}/"
    page = client.get(path)
    assert page.status_code == 200 and "Rembug RT" in page.text and "MCK umum" in page.text
