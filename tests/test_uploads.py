"""One upload validator for every photo and document: judged by bytes, stored under a name of its real type,
stripped of EXIF, and served so that no browser runs it."""

from __future__ import annotations

import io

import pytest
from django.http import Http404
from django.utils import translation
from PIL import Image

from rembug import uploads
from rembug.errors import DomainError
from rembug.proposals.attachments import attachment_add
from rembug.proposals.models import Attachment
from rembug.proposals.services import proposal_create
from tests.factories import dictionary_item
from tests.hostile_files import (
    GPS_IFD,
    HTML,
    SVG,
    image_bytes,
    jpeg_with_gps,
    pdf_bytes,
    png_header,
    upload,
)

pytestmark = pytest.mark.django_db
RT001 = "35.73.05.1011.03.001"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def proposal(person, region, cycle, malang, media):
    chair = person("ketua_rt", RT001)
    made = proposal_create(
        actor=chair,
        cycle=cycle,
        proposer=region(RT001),
        title="Paving",
        problem="Becek",
        idea="Paving",
        item=dictionary_item(malang),
        volume=10,
        address="RT 001",
    )
    made.chair = chair
    return made


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file())


# --- hole 4: a header that declares a giant image ---------------------------------------------------------------------


def test_a_20000_by_20000_png_header_is_refused_with_its_size_and_nothing_is_stored(proposal, media):
    message = r"peta\.png terlalu besar ukurannya \(> 179 juta piksel; paling besar 40 megapiksel\)"
    with pytest.raises(DomainError, match=message) as refused:
        attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("peta.png", png_header(20000, 20000)))
    assert refused.value.field == "files" and "peta.png" in refused.value.message
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_the_giant_header_message_reads_wholly_in_english(proposal):
    """The "> 179 juta" bound was a bare Indonesian string inside the English sentence."""
    message = r"Photo peta\.png has too many pixels \(> 179 million pixels; the maximum is 40 megapixels\)"
    with translation.override("en"), pytest.raises(DomainError, match=message):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("peta.png", png_header(20000, 20000)))


def test_a_header_just_over_40_megapixels_is_refused_before_decoding(proposal):
    with pytest.raises(DomainError, match=r"7000×6000 piksel; paling besar 40 megapiksel"):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("a.png", png_header(7000, 6000)))


def test_the_api_answers_400_with_a_field_message_for_a_giant_png_header(client, proposal):
    client.force_login(proposal.chair)
    answer = client.post(
        f"/api/v1/proposals/{proposal.number}/attachments", {"file": upload("peta.png", png_header(20000, 20000))}
    )
    assert answer.status_code == 400, answer.content
    assert "megapiksel" in str(answer.json())
    assert not Attachment.objects.exists()


def test_the_upload_page_sends_back_to_the_proposal_with_a_message_for_a_giant_png_header(client, proposal):
    client.force_login(proposal.chair)
    page = client.post(f"/usulan/{proposal.number}/lampiran/", {"photos": upload("peta.png", png_header(20000, 20000))})
    assert page.status_code == 302 and page["Location"] == f"/usulan/{proposal.number}/"
    assert "megapiksel" in client.get(page["Location"]).content.decode()
    assert not Attachment.objects.exists()


def test_a_truncated_photo_is_refused_as_broken(proposal):
    whole = image_bytes("PNG", (200, 200))
    with pytest.raises(DomainError, match=r"a\.png rusak atau tidak lengkap"):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("a.png", whole[: len(whole) // 2]))


# --- hole 8: the stored name and type come from the content ---------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "fmt", "ext", "content_type"),
    [
        ("x.html", "PNG", ".png", "image/png"),
        ("x.svg", "JPEG", ".jpg", "image/jpeg"),
        ("x.exe", "WEBP", ".webp", "image/webp"),
    ],
)
def test_a_real_photo_with_a_dangerous_name_is_stored_under_its_real_type(proposal, name, fmt, ext, content_type):
    attachment = attachment_add(actor=proposal.chair, proposal=proposal, upload=upload(name, image_bytes(fmt)))
    assert attachment.file.name.endswith(ext) and "x" + ext not in attachment.file.name
    assert attachment.content_type == content_type
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == fmt


@pytest.mark.parametrize(
    ("name", "data"),
    [("peta.svg", SVG), ("foto.jpg", SVG), ("index.html", HTML), ("foto.png", HTML), ("surat.pdf", b"<html>%PDF-")],
)
def test_svg_and_html_are_refused_whatever_their_name(proposal, media, name, data):
    with pytest.raises(DomainError, match="bukan foto"):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=upload(name, data))
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_a_phones_two_picture_jpeg_mpo_is_stored_as_a_plain_jpeg(proposal):
    buffer = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(buffer, "MPO", save_all=True, append_images=[Image.new("RGB", (20, 10))])
    attachment = attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("IMG_1.jpg", buffer.getvalue()))
    assert attachment.content_type == "image/jpeg" and attachment.file.name.endswith(".jpg")
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.format == "JPEG" and image.size == (20, 10)


def test_exif_with_gps_is_stripped_from_a_stored_photo(proposal):
    original = jpeg_with_gps()
    with Image.open(io.BytesIO(original)) as before:
        assert before.getexif().get_ifd(GPS_IFD)  # the test photo does carry a location
    attachment = attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("rumah.jpg", original))
    with attachment.file.open("rb") as stored:
        data = stored.read()
    with Image.open(io.BytesIO(data)) as after:
        assert not after.getexif() and "exif" not in after.info
    assert b"Exif" not in data and b"PhoneMaker" not in data
    assert attachment.size == len(data)


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_xmp_and_text_metadata_with_a_location_are_stripped_too(proposal, fmt):
    from PIL import PngImagePlugin

    xmp = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><exif:GPSLatitude>7,57.0S</exif:GPSLatitude></x:xmpmeta>'
    options = {"xmp": xmp}
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_text("Comment", "GPSLatitude 7,57.0S")
        options = {"pnginfo": info}
    data = image_bytes(fmt, exif=jpeg_exif_with_gps(), **options)
    assert b"GPSLatitude" in data
    attachment = attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("rumah.jpg", data))
    with attachment.file.open("rb") as stored:
        assert b"GPSLatitude" not in stored.read()


def jpeg_exif_with_gps() -> bytes:
    with Image.open(io.BytesIO(jpeg_with_gps())) as image:
        return image.info["exif"]


def test_a_photo_turned_by_exif_is_stored_upright(proposal):
    # Orientation 6: the camera was held on its side; the stored photo must be 30 wide and 40 high.
    sideways = upload("miring.jpg", jpeg_with_gps((40, 30), orientation=6))
    attachment = attachment_add(actor=proposal.chair, proposal=proposal, upload=sideways)
    with attachment.file.open("rb") as stored, Image.open(stored) as image:
        assert image.size == (30, 40)


def test_a_plain_pdf_is_stored_as_a_pdf_document(proposal):
    attachment = attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("surat.html", pdf_bytes()))
    assert attachment.kind == "document" and attachment.content_type == "application/pdf"
    assert attachment.file.name.endswith(".pdf")


@pytest.mark.parametrize("options", [{"javascript": "app.alert(1)"}, {"embedded": True}, {"launch": True}])
def test_a_pdf_that_runs_or_carries_something_is_refused(proposal, media, options):
    with pytest.raises(DomainError, match="skrip, tindakan otomatis atau berkas sisipan"):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("surat.pdf", pdf_bytes(**options)))
    assert not Attachment.objects.exists() and stored_files(media) == []


def test_a_pdf_hiding_javascript_behind_name_escapes_is_refused(proposal):
    data = pdf_bytes().replace(b"%%EOF", b"1 0 obj<</S/J#61vaScript/J#53(app.alert(1))>>endobj\n%%EOF")
    with pytest.raises(DomainError, match="skrip"):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("surat.pdf", data))


def test_a_pdf_that_does_not_parse_is_refused(proposal):
    with pytest.raises(DomainError, match="bukan PDF yang dapat dibaca"):
        attachment_add(actor=proposal.chair, proposal=proposal, upload=upload("surat.pdf", b"%PDF-1.4\ngarbage"))


# --- serving --------------------------------------------------------------------------------------------------------


def stored(name: str):
    """The file field of an attachment whose file is `name` under MEDIA_ROOT (files from before names were
    generated may still carry any extension)."""
    return Attachment(file=name).file


def test_sending_gives_the_real_type_inline_for_photos_and_nosniff(rf, media):
    (media / "usulan").mkdir()
    (media / "usulan" / "abc.png").write_bytes(image_bytes("PNG"))
    answer = uploads.send(rf.get("/usulan/lampiran/1/"), stored("usulan/abc.png"))
    assert answer["Content-Type"] == "image/png"
    assert answer["Content-Disposition"] == 'inline; filename="abc.png"'
    assert answer["X-Content-Type-Options"] == "nosniff"


def test_sending_gives_pdfs_as_downloads(rf, media):
    (media / "d.pdf").write_bytes(pdf_bytes())
    answer = uploads.send(rf.get("/usulan/lampiran/1/"), stored("d.pdf"))
    assert answer["Content-Type"] == "application/pdf"
    assert answer["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize("name", ["old.html", "old.svg", "old.HTM", "noextension", "x.png.html"])
def test_sending_never_serves_html_svg_or_unknown_types(rf, media, name):
    (media / name).write_bytes(HTML)
    with pytest.raises(Http404):
        uploads.send(rf.get("/usulan/lampiran/1/"), stored(name))
    with pytest.raises(Http404):
        uploads.send(rf.get("/usulan/lampiran/1/?size=thumb"), stored(name), thumb=True)


def test_apache_or_lighttpd_send_the_file_with_x_sendfile(rf, media, settings):
    settings.REMBUG_MEDIA_SENDFILE = True
    (media / "p.jpg").write_bytes(image_bytes("JPEG"))
    answer = uploads.send(rf.get("/usulan/lampiran/1/"), stored("p.jpg"))
    assert answer["X-Sendfile"] == str(media / "p.jpg") and answer.content == b""
    assert answer["Content-Type"] == "image/jpeg"


def test_a_photo_that_cannot_be_shrunk_is_sent_whole_for_its_thumbnail(rf, media, monkeypatch):
    (media / "p.png").write_bytes(image_bytes("PNG"))

    def fails(data):
        raise OSError("cannot write mode I as JPEG")

    monkeypatch.setattr(uploads, "make_thumbnail", fails)
    answer = uploads.send(rf.get("/usulan/lampiran/1/?size=thumb"), stored("p.png"), thumb=True)
    assert answer["Content-Type"] == "image/png" and b"".join(answer.streaming_content) == image_bytes("PNG")


def test_a_photo_whose_file_is_gone_is_a_404_not_a_500(rf, media):
    with pytest.raises(Http404):
        uploads.send(rf.get("/usulan/lampiran/1/?size=thumb"), stored("gone.jpg"), thumb=True)
    with pytest.raises(Http404):
        uploads.send(rf.get("/usulan/lampiran/1/"), stored("gone.jpg"))
