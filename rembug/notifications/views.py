"""The inbox (kotak masuk) pages: thin views over the selectors and services. State changes are POSTs (CSRF)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import Notification
from .selectors import inbox_of
from .services import notification_mark_read, notifications_mark_all_read

PAGE_SIZE = 20


def _own(request: HttpRequest, pk: int) -> Notification:
    """Another person's notification does not exist for this user (404)."""
    return get_object_or_404(inbox_of(request.user), pk=pk)


def _back_to_inbox(request: HttpRequest) -> HttpResponse:
    page = request.POST.get("page", "")
    return redirect(f"{_inbox_url()}?page={page}" if page.isdigit() else _inbox_url())


def _inbox_url() -> str:
    return reverse("notifications:inbox")


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(inbox_of(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark read and go to the proposal the notification is about."""
    notification = notification_mark_read(notification=_own(request, pk))
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()}):
        return redirect(notification.url)
    return _back_to_inbox(request)


@login_required
@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    notification_mark_read(notification=_own(request, pk))
    return _back_to_inbox(request)


@login_required
@require_POST
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = notifications_mark_all_read(user=request.user)
    messages.success(request, _("%(count)s pemberitahuan ditandai dibaca.") % {"count": count})
    return _back_to_inbox(request)
