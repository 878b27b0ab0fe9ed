"""Photos and documents of a proposal, checked by what the file really is, not by its name.

A phone photo is often 3-8 MB; we accept up to 8 MB for photos (JPEG, PNG, WebP) and 5 MB for PDF documents,
and at most 10 files per proposal, so a kelurahan's storage stays predictable.
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from rembug.errors import DomainError, NotAllowed

from .models import Attachment, AttachmentKind, Proposal
from .services import _record, _require_editable

MAX_PHOTO_BYTES = 8 * 1024 * 1024
MAX_DOCUMENT_BYTES = 5 * 1024 * 1024
MAX_FILES = 10
PHOTO_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


def _sniff(upload) -> tuple[str, str]:
    """(kind, content type) from the file's bytes; anything else is refused with the file's name."""
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == b"%PDF-":
        return AttachmentKind.DOCUMENT, "application/pdf"
    try:
        with Image.open(upload) as image:
            image.verify()
            fmt = image.format
    except (UnidentifiedImageError, OSError, SyntaxError):
        fmt = None
    finally:
        upload.seek(0)
    if fmt in PHOTO_FORMATS:
        return AttachmentKind.PHOTO, PHOTO_FORMATS[fmt]
    raise DomainError(_("Berkas %(name)s bukan foto (JPG, PNG, WebP) atau dokumen PDF.")
                      % {"name": getattr(upload, "name", "")}, field="files")


@transaction.atomic
def attachment_add(*, actor, proposal: Proposal, upload, caption: str = "") -> Attachment:
    if not actor.has_perm("proposals.change_proposal", proposal):
        raise NotAllowed(_("Anda tidak berwenang mengubah usulan ini."))
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_editable(locked)
    if locked.attachments.count() >= MAX_FILES:
        raise DomainError(_("Paling banyak %(n)s lampiran per usulan.") % {"n": MAX_FILES}, field="files")
    kind, content_type = _sniff(upload)
    limit = MAX_PHOTO_BYTES if kind == AttachmentKind.PHOTO else MAX_DOCUMENT_BYTES
    if upload.size > limit:
        raise DomainError(_("Berkas %(name)s terlalu besar (%(size)s MB; paling besar %(limit)s MB).")
                          % {"name": upload.name, "size": f"{upload.size / 1048576:.1f}",
                             "limit": limit // 1048576}, field="files")
    attachment = Attachment(proposal=locked, kind=kind, content_type=content_type, size=upload.size,
                            caption=caption.strip()[:200], uploaded_by=actor)
    attachment.file.save(upload.name.rsplit("/", 1)[-1][-80:], upload, save=False)
    attachment.save()
    _record(locked, actor=actor, kind="attachment", data={"file": attachment.file.name, "kind": kind})
    return attachment


@transaction.atomic
def attachment_remove(*, actor, attachment: Attachment) -> None:
    proposal = attachment.proposal
    if not actor.has_perm("proposals.change_proposal", proposal):
        raise NotAllowed(_("Anda tidak berwenang mengubah usulan ini."))
    _require_editable(proposal)
    _record(proposal, actor=actor, kind="attachment_removed", data={"file": attachment.file.name})
    attachment.file.delete(save=False)
    attachment.delete()
