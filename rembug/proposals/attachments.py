"""Photos and documents of a proposal, checked by what the file really is, not by its name (rembug.uploads).

At most 10 files per proposal, so a kelurahan's storage stays predictable; the size limits per file are in
rembug.uploads (8 MB for a photo, 5 MB for a PDF).
"""

from __future__ import annotations

import uuid

from django.db import transaction
from django.utils.translation import gettext as _

from rembug.errors import DomainError, NotAllowed
from rembug.uploads import clean_attachment, store

from .models import Attachment, Proposal
from .services import _require_editable, proposal_event_record

MAX_FILES = 10


@transaction.atomic
def attachment_add(
    *, actor, proposal: Proposal, upload, caption: str = "", client_upload: uuid.UUID | None = None
) -> Attachment:
    """One checked file added to an editable proposal. The same `client_upload` sent again (a phone retrying
    after a lost answer) returns the attachment stored the first time, so a retry never doubles a photo."""
    if not actor.has_perm("proposals.change_proposal", proposal):
        raise NotAllowed(_("Anda tidak berwenang mengubah usulan ini."))
    locked = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if client_upload is not None:
        earlier = Attachment.objects.filter(client_upload=client_upload).first()
        if earlier is not None:
            if earlier.proposal_id != locked.pk:
                raise DomainError(_("Kode unggahan ini sudah dipakai untuk usulan lain."), field="files")
            return earlier
    _require_editable(locked)
    if locked.attachments.count() >= MAX_FILES:
        raise DomainError(_("Paling banyak %(n)s lampiran per usulan.") % {"n": MAX_FILES}, field="files")
    clean = clean_attachment(upload, field="files")
    attachment = Attachment(
        proposal=locked,
        kind=clean.kind,
        content_type=clean.content_type,
        size=clean.size,
        caption=caption.strip()[:200],
        uploaded_by=actor,
        client_upload=client_upload,
    )
    store(attachment.file, clean)
    attachment.save()
    proposal_event_record(
        locked, actor=actor, kind="attachment", data={"file": attachment.file.name, "kind": clean.kind}
    )
    return attachment
