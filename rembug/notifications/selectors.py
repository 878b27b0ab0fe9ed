"""Reads of a person's inbox. Only the recipient ever sees a notification."""

from __future__ import annotations

from django.db.models import QuerySet

from .models import Notification


def inbox_of(user, *, unread_only: bool = False) -> QuerySet[Notification]:
    """The user's notifications, newest first (no joins: subject, body and link are stored on the row)."""
    if user is None or not user.is_authenticated:
        return Notification.objects.none()
    found = Notification.objects.filter(recipient=user)
    return found.filter(read_at__isnull=True) if unread_only else found


def unread_count(user) -> int:
    """One COUNT query, served by the (recipient, read_at, -created_at) index."""
    return inbox_of(user, unread_only=True).count()
