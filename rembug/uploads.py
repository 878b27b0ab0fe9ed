"""Every file a person uploads (proposal attachments, progress photos, condition-survey photos) passes here once.

A file is judged by its bytes, never by its name or the Content-Type the browser sent: a photo must be a JPEG,
PNG or WebP whose header declares a sane size (checked before any pixel is decoded, so a 20000×20000 header is a
clear refusal, not a 500 or a gigabyte of memory), and it is re-encoded, which drops EXIF (GPS included) after its
orientation has been applied. A PDF must parse and must carry no script, launch action or embedded file. The
stored name is random, with the extension of the detected type, so an upload named `x.html` or `x.svg` is never
served as such. Every stored photo gets a small JPEG thumbnail next to it (`<name>.thumb.jpg`) for lists.

Files are never served from their storage path: each app has a view at a stable address by object id that checks
the owning object's permission and answers through `send` (type, disposition, nosniff; the web server sends the
bytes when REMBUG_MEDIA_ACCEL_PREFIX or REMBUG_MEDIA_SENDFILE says so). Decision 0024.
"""

from __future__ import annotations

import io
import logging
import re
import uuid
import warnings
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import quote

from django.conf import settings
from django.core.files.base import ContentFile
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from knox.auth import TokenAuthentication
from PIL import Image, ImageOps
from rest_framework.exceptions import AuthenticationFailed

from rembug.errors import DomainError

logger = logging.getLogger(__name__)

#: A phone photo is often 3-8 MB; a scanned letter as PDF rarely more than a few.
MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
#: 40 megapixels is above any phone camera; decoding it takes ~160 MB, the most we allow one request.
MAX_PIXELS = 40_000_000

PHOTO = "photo"
DOCUMENT = "document"

#: Pillow format → (stored extension, Content-Type). The only photo types accepted and served.
PHOTO_TYPES = {"JPEG": ("jpg", "image/jpeg"), "PNG": ("png", "image/png"), "WEBP": ("webp", "image/webp")}
PHOTO_EXTENSIONS = frozenset(ext for ext, _type in PHOTO_TYPES.values())
PDF_TYPE = ("pdf", "application/pdf")
#: Formats Pillow names differently that are one of ours: many phones save a JPEG with a second "MPO" picture.
FORMAT_ALIASES = {"MPO": "JPEG"}

#: What `send` serves, by stored extension: images inline, everything else as a download. The Berita Acara PDF
#: and XLSX that the app writes itself live under MEDIA_ROOT too. Old uploads with other names are never sent.
SERVED = {
    "jpg": ("image/jpeg", "inline"),
    "png": ("image/png", "inline"),
    "webp": ("image/webp", "inline"),
    "pdf": ("application/pdf", "attachment"),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "attachment"),
}

#: The long side of a list thumbnail, in pixels: sharp at 160 CSS pixels on a 2x phone screen, ~15-30 KB.
THUMB_SIZE = 320
THUMB_SUFFIX = ".thumb.jpg"

#: PDF names that run code, open other programs or carry files: none belongs in a proposal's document.
_PDF_DANGER = (b"/JavaScript", b"/JS", b"/Launch", b"/EmbeddedFile", b"/EmbeddedFiles", b"/RichMedia", b"/XFA")
_PDF_DANGER_NAMES = {n.decode() for n in _PDF_DANGER}
_NAME_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_STREAM = re.compile(rb"stream\r?\n.*?endstream", re.DOTALL)


@dataclass(frozen=True)
class CleanFile:
    """An accepted upload, ready to store: `content` carries a fresh random name with the right extension."""

    kind: str
    content: ContentFile
    content_type: str
    size: int


def _name(upload) -> str:
    return str(getattr(upload, "name", "") or "").rsplit("/", 1)[-1][-80:]


def _read(upload, limit: int, *, field: str, photo: bool) -> bytes:
    size = getattr(upload, "size", None)
    upload.seek(0)
    data = upload.read(limit + 1)
    upload.seek(0)
    if (size is not None and size > limit) or len(data) > limit:
        what = _("Foto") if photo else _("Berkas")
        raise DomainError(
            _("%(what)s %(name)s terlalu besar (%(size)s MB; paling besar %(limit)s MB).")
            % {
                "what": what,
                "name": _name(upload),
                "size": f"{max(size or 0, len(data)) / 1048576:.1f}",
                "limit": limit // 1048576,
            },
            field=field,
        )
    return data


def _not_a_photo(upload, field: str, *, documents: bool) -> DomainError:
    if documents:
        return DomainError(
            _("Berkas %(name)s bukan foto (JPG, PNG, WebP) atau dokumen PDF.") % {"name": _name(upload)}, field=field
        )
    return DomainError(_("Berkas %(name)s bukan foto (JPG, PNG, WebP).") % {"name": _name(upload)}, field=field)


def _reencode(data: bytes, upload, *, field: str, documents: bool) -> tuple[bytes, str]:
    """The photo decoded and written again (no EXIF, no text chunks), and its Pillow format."""
    with warnings.catch_warnings():
        # Pillow only warns between 89 and 179 megapixels; here any bomb warning is a refusal.
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            with Image.open(io.BytesIO(data)) as probe:
                fmt = FORMAT_ALIASES.get(probe.format, probe.format)
                width, height = probe.size
        except Image.DecompressionBombError:
            width = height = MAX_PIXELS  # larger than any limit: refused below with the size message
            fmt = "bomb"
        except Exception:  # hostile bytes make Pillow raise anything; all of it means "not a photo"
            raise _not_a_photo(upload, field, documents=documents) from None
        if fmt != "bomb" and fmt not in PHOTO_TYPES:
            raise _not_a_photo(upload, field, documents=documents)
        if fmt == "bomb" or width <= 0 or height <= 0 or width * height > MAX_PIXELS:
            raise DomainError(
                _("Foto %(name)s terlalu besar ukurannya (%(size)s piksel; paling besar %(limit)s megapiksel).")
                % {
                    "name": _name(upload),
                    "size": f"{width}×{height}" if fmt != "bomb" else _("> 179 juta"),
                    "limit": MAX_PIXELS // 1_000_000,
                },
                field=field,
            )
        try:
            with Image.open(io.BytesIO(data)) as image:
                image.verify()
            with Image.open(io.BytesIO(data)) as image:
                image.load()
                # Phones store "rotate me" in EXIF; apply it before EXIF is dropped, or photos lie on their side.
                upright = ImageOps.exif_transpose(image)
                if fmt == "JPEG" and upright.mode not in ("RGB", "L"):
                    upright = upright.convert("RGB")
                elif fmt == "PNG" and upright.mode not in ("1", "L", "LA", "P", "RGB", "RGBA", "I", "I;16"):
                    upright = upright.convert("RGBA")
                elif fmt == "WEBP" and upright.mode not in ("RGB", "RGBA"):
                    upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
                out = io.BytesIO()
                options = {"quality": 88} if fmt in ("JPEG", "WEBP") else {}
                upright.save(out, fmt, exif=b"", **options)
        except Exception:  # truncated or corrupt pixel data, whatever Pillow raises for it
            raise DomainError(
                _("Foto %(name)s rusak atau tidak lengkap; unggah ulang fotonya.") % {"name": _name(upload)},
                field=field,
            ) from None
    return out.getvalue(), fmt


def _pdf_names(data: bytes) -> set[bytes]:
    """Dangerous names in the raw bytes outside streams (compressed data would match by chance), with `#xx`
    escapes in names undone (`/J#61vaScript`). Objects packed in compressed object streams are `_pdf_walk`'s job."""
    outside = _STREAM.sub(b" ", data)
    plain = _NAME_ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), outside)
    return {name for name in _PDF_DANGER if re.search(re.escape(name) + rb"(?![A-Za-z])", plain)}


def _pdf_walk(reader) -> bool:
    """True when any object reachable from the document (object streams decoded by pypdf) holds a bad key."""
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

    seen: set[tuple[int, int]] = set()
    stack = [reader.trailer]
    steps = 0
    while stack:
        steps += 1
        if steps > 200_000:
            raise ValueError("too many objects")  # not a scanned letter; refused as unreadable, not walked forever
        node = stack.pop()
        if isinstance(node, IndirectObject):
            key = (node.idnum, node.generation)
            if key in seen:
                continue
            seen.add(key)
            node = node.get_object()
        if isinstance(node, DictionaryObject):
            if _PDF_DANGER_NAMES & {str(k) for k in node} or node.get("/S") in ("/JavaScript", "/Launch"):
                return True
            stack.extend(node.values())
        elif isinstance(node, ArrayObject):
            stack.extend(node)
    return False


def _check_pdf(data: bytes, upload, *, field: str) -> None:
    from pypdf import PdfReader

    unsafe = DomainError(
        _(
            "Dokumen %(name)s berisi skrip, tindakan otomatis atau berkas sisipan; simpan ulang "
            'sebagai PDF biasa (mis. "Cetak ke PDF") lalu unggah lagi.'
        )
        % {"name": _name(upload)},
        field=field,
    )
    if _pdf_names(data):
        raise unsafe
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            raise DomainError(
                _("Dokumen %(name)s terkunci kata sandi; unggah PDF tanpa kata sandi.") % {"name": _name(upload)},
                field=field,
            )
        pages = len(reader.pages)
        dangerous = _pdf_walk(reader)
    except DomainError:
        raise
    except Exception:  # a broken PDF makes pypdf raise many kinds of error
        pages, dangerous = 0, False
    if pages == 0:
        raise DomainError(_("Dokumen %(name)s bukan PDF yang dapat dibaca.") % {"name": _name(upload)}, field=field)
    if dangerous:
        raise unsafe


def _stored(data: bytes, ext: str) -> ContentFile:
    return ContentFile(data, name=f"{uuid.uuid4().hex}.{ext}")


def clean_photo(upload, *, field: str = "photo") -> CleanFile:
    """A JPEG, PNG or WebP photo of at most 8 MB and 40 megapixels, re-encoded without EXIF; else a DomainError."""
    data = _read(upload, MAX_PHOTO_BYTES, field=field, photo=True)
    encoded, fmt = _reencode(data, upload, field=field, documents=False)
    ext, content_type = PHOTO_TYPES[fmt]
    return CleanFile(kind=PHOTO, content=_stored(encoded, ext), content_type=content_type, size=len(encoded))


def clean_attachment(upload, *, field: str = "files") -> CleanFile:
    """A photo (as `clean_photo`) or a PDF document of at most 5 MB without scripts; else a DomainError."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        data = _read(upload, MAX_DOCUMENT_BYTES, field=field, photo=False)
        _check_pdf(data, upload, field=field)
        ext, content_type = PDF_TYPE
        return CleanFile(kind=DOCUMENT, content=_stored(data, ext), content_type=content_type, size=len(data))
    data = _read(upload, MAX_PHOTO_BYTES, field=field, photo=True)
    encoded, fmt = _reencode(data, upload, field=field, documents=True)
    ext, content_type = PHOTO_TYPES[fmt]
    return CleanFile(kind=PHOTO, content=_stored(encoded, ext), content_type=content_type, size=len(encoded))


# --- thumbnails -------------------------------------------------------------------------------------------------


def thumbnail_name(name: str) -> str:
    """Where the thumbnail of a stored photo lives: beside it, `<stem>.thumb.jpg`."""
    stem = name.rsplit(".", 1)[0] if "." in PurePosixPath(name).name else name
    return f"{stem}{THUMB_SUFFIX}"


def make_thumbnail(data: bytes) -> bytes:
    """A JPEG of at most THUMB_SIZE on its long side (transparency on white). `data` is a stored photo, which
    was re-encoded and size-checked when it was accepted."""
    with Image.open(io.BytesIO(data)) as image:
        image.thumbnail((THUMB_SIZE, THUMB_SIZE))
        if image.mode in ("RGBA", "LA", "P"):
            rgba = image.convert("RGBA")
            flat = Image.new("RGB", rgba.size, (255, 255, 255))
            flat.paste(rgba, mask=rgba.getchannel("A"))
            image = flat
        elif image.mode != "RGB":
            image = image.convert("RGB")
        out = io.BytesIO()
        image.save(out, "JPEG", quality=80, optimize=True)
    return out.getvalue()


def _save_thumbnail(stored: FieldFile, data: bytes) -> str | None:
    storage, name = stored.storage, thumbnail_name(stored.name)
    try:
        thumb = make_thumbnail(data)
    except Exception:  # a stored photo Pillow cannot shrink to JPEG: lists show the photo itself, never a 500
        logger.warning("No thumbnail for %s", stored.name, exc_info=True)
        return None
    saved = storage.save(name, ContentFile(thumb))
    if saved != name:  # another request made it first; keep theirs
        storage.delete(saved)
    return name


def store(field: FieldFile, clean: CleanFile) -> None:
    """Save an accepted upload into the model's file field (not the row) and, for a photo, its thumbnail."""
    field.save(clean.content.name, clean.content, save=False)
    if clean.kind == PHOTO:
        clean.content.seek(0)
        _save_thumbnail(field, clean.content.read())


def delete_stored(field: FieldFile) -> None:
    """Delete a stored file and its thumbnail (if any); the row is the caller's."""
    if field:
        field.storage.delete(thumbnail_name(field.name))
        field.delete(save=False)


def thumbnail_of(field: FieldFile) -> str | None:
    """The storage name of a stored photo's thumbnail, made now for photos stored before thumbnails existed (lazily:
    one request pays ~50 ms once); None when the photo is gone or no thumbnail can be made."""
    name = thumbnail_name(field.name)
    if field.storage.exists(name):
        return name
    if not field.storage.exists(field.name):
        return None
    with field.open("rb") as original:
        return _save_thumbnail(field, original.read())


# --- sending ----------------------------------------------------------------------------------------------------


def requester(request: HttpRequest):
    """Who asks for a file: the signed-in person, or an API client by its bearer token (the API's answers link
    these same addresses, so an app can show the photos it was given)."""
    if request.user.is_authenticated or not request.META.get("HTTP_AUTHORIZATION"):
        return request.user
    try:
        found = TokenAuthentication().authenticate(request)
    except AuthenticationFailed:
        return request.user
    return found[0] if found else request.user


def wants_thumbnail(request: HttpRequest) -> bool:
    """`?size=thumb` asks for the list thumbnail of a photo."""
    return request.GET.get("size") == "thumb"


def send(
    request: HttpRequest, field: FieldFile, *, thumb: bool = False, filename: str = "", disposition: str = ""
) -> HttpResponse:
    """The stored file (or its thumbnail) as the answer of a view that has already checked permission.

    Only the extensions in SERVED are sent, with their own Content-Type, a Content-Disposition and nosniff. With
    REMBUG_MEDIA_ACCEL_PREFIX (nginx `internal` location) or REMBUG_MEDIA_SENDFILE (Apache/lighttpd) the web server
    sends the bytes and Django only answers the headers.
    """
    if not field:
        raise Http404(_("Berkas tidak ditemukan."))
    name = field.name
    if thumb:
        if PurePosixPath(name).suffix.lower().lstrip(".") not in PHOTO_EXTENSIONS:
            raise Http404(_("Berkas tidak ditemukan."))  # a document has no thumbnail
        name = thumbnail_of(field) or name
    ext = PurePosixPath(name).suffix.lower().lstrip(".")
    if ext not in SERVED or not field.storage.exists(name):
        raise Http404(_("Berkas tidak ditemukan."))
    content_type, default_disposition = SERVED[ext]
    disposition = disposition or default_disposition
    filename = (filename or PurePosixPath(name).name).replace('"', "").replace("\\", "")
    filename = filename.encode("ascii", "ignore").decode() or "berkas"
    accel = getattr(settings, "REMBUG_MEDIA_ACCEL_PREFIX", "")
    if accel:
        response = HttpResponse(content_type=content_type)
        response["X-Accel-Redirect"] = accel.rstrip("/") + "/" + quote(name)
    elif getattr(settings, "REMBUG_MEDIA_SENDFILE", False):
        response = HttpResponse(content_type=content_type)
        response["X-Sendfile"] = field.storage.path(name)
    else:
        response = FileResponse(field.storage.open(name, "rb"), content_type=content_type)
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    # The person's permission is checked on every request; browsers may keep it a while, shared caches never.
    response["Cache-Control"] = "private, max-age=600"
    return response
