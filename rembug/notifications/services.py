"""Writes to the inbox. `notify_status_change` tells the chair of the proposer of every status change.

Residents' chief complaint about today's systems is that nobody tells them what became of a proposal; so every
change of status reaches the chair (Ketua RT/RW/Pokmas) of the proposer, in the inbox and by e-mail,
with the reason where there is one.

Decisions:
- The person who made the change is not told of it (a chair finalizing their own Rembug already knows);
  anyone else chairing the proposer still is.
- Texts are written in Bahasa Indonesia whatever language the actor's browser uses: they are stored and read
  later by someone else (decision 0004).
- E-mail leaves only after the transaction commits, so a rolled-back change sends nothing; a mail failure is
  logged, never raised: the status change must not fail because a mail server is down. The inbox row is the
  record; `emailed_at` says whether the e-mail went out.

This module must not import `rembug.proposals.services` (that module calls this one).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from rembug.accounts.models import RoleAssignment
from rembug.accounts.roles import Role
from rembug.proposals.lifecycle import Status
from rembug.proposals.models import Proposal, ProposalEvent

from .models import Notification

logger = logging.getLogger(__name__)


def _status_label(value: str) -> str:
    return str(Status(value).label) if value in Status.values else "—"


def _chairs_query(proposal: Proposal) -> Q:
    """Who chairs the proposer: the Pokmas chair of the group, else the RT/RW chair of the region.

    A role sits only at its own level (accounts.roles), so Ketua RT/RW on the proposer's region is exact.
    """
    if proposal.proposer_group_id:
        return Q(role=Role.KETUA_POKMAS, group_id=proposal.proposer_group_id)
    return Q(role__in=(Role.KETUA_RT, Role.KETUA_RW), region_id=proposal.proposer_region_id, group__isnull=True)


def proposer_chairs(proposal: Proposal, *, exclude=None) -> list:
    """The active chairs of the proposer of `proposal` (one query), without `exclude`."""
    found = RoleAssignment.objects.filter(_chairs_query(proposal), is_active=True, user__is_active=True)
    if exclude is not None and exclude.pk is not None:
        found = found.exclude(user_id=exclude.pk)
    users = {}
    for assignment in found.select_related("user").order_by("user_id"):
        users.setdefault(assignment.user_id, assignment.user)
    return list(users.values())


def _texts(proposal: Proposal, event: ProposalEvent, recipient, url: str) -> tuple[str, str]:
    new_label = _status_label(event.to_status)
    subject = _("Usulan %(number)s: %(status)s") % {"number": proposal.number, "status": new_label}
    site = getattr(settings, "REMBUG_SITE_URL", "").rstrip("/")
    lines = [
        _("Yth. %(name)s,") % {"name": recipient.display_name},
        "",
        _("Status usulan %(number)s telah berubah.") % {"number": proposal.number},
        "",
        _("Judul: %(title)s") % {"title": proposal.title},
        _("Status: %(old)s → %(new)s") % {"old": _status_label(event.from_status), "new": new_label},
    ]
    if event.reason.strip():
        lines.append(_("Alasan: %(reason)s") % {"reason": event.reason.strip()})
    if event.actor is not None:
        lines.append(_("Diubah oleh: %(name)s") % {"name": event.actor.display_name})
    lines += [
        "",
        _("Lihat usulan: %(link)s") % {"link": f"{site}{url}"},
        "",
        _("Pesan ini dikirim otomatis oleh Rembug karena Anda ketua pengusul usulan ini."),
    ]
    return subject, "\n".join(lines)


def notify_status_change(*, proposal: Proposal, event: ProposalEvent) -> list[Notification]:
    """One inbox notification per chair of the proposer (not the actor); e-mail after commit."""
    recipients = proposer_chairs(proposal, exclude=event.actor)
    if not recipients:
        return []
    url = reverse("proposals:detail", args=[proposal.number])
    with translation.override(settings.LANGUAGE_CODE):
        notes = []
        for user in recipients:
            subject, body = _texts(proposal, event, user, url)
            notes.append(
                Notification(recipient=user, proposal=proposal, event=event, subject=subject, body=body, url=url)
            )
    created = Notification.objects.bulk_create(notes)
    outgoing = [(n.pk, n.recipient.email, n.subject, n.body) for n in created if n.recipient.email]
    if outgoing:
        transaction.on_commit(lambda: _send(outgoing), robust=True)
    return created


def _send(outgoing: list[tuple[int, str, str, str]]) -> None:
    """Send the e-mails, one per recipient (addresses are never shown to each other); failures are logged."""
    sent: list[int] = []
    try:
        connection = get_connection(fail_silently=False)
        connection.open()
    except Exception:
        logger.exception("Cannot open the mail connection; %d notification(s) not e-mailed", len(outgoing))
        return
    try:
        for pk, address, subject, body in outgoing:
            try:
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [address], connection=connection).send()
            except Exception:
                logger.exception("Notification %s could not be e-mailed", pk)
            else:
                sent.append(pk)
    finally:
        try:
            connection.close()
        except Exception:
            logger.exception("Closing the mail connection failed")
    if sent:
        Notification.objects.filter(pk__in=sent).update(emailed_at=timezone.now())


def notification_mark_read(*, notification: Notification) -> Notification:
    """Mark one notification read (the caller has already checked it is the user's own)."""
    if notification.read_at is None:
        notification.read_at = timezone.now()
        Notification.objects.filter(pk=notification.pk, read_at__isnull=True).update(read_at=notification.read_at)
    return notification


def notifications_mark_all_read(*, user) -> int:
    """Mark every unread notification of `user` read; returns how many."""
    return Notification.objects.filter(recipient=user, read_at__isnull=True).update(read_at=timezone.now())
