"""Where each checklist step is done: a chair's step on the dashboard is a button that goes there, not a path
written as text ("Buka Usulan → Tulis usulan baru"; issue 13, point 6). Keyed by the step's check, so a city that
rewrites its checklist keeps the buttons."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rembug.accounts.roles import Role

from .checks import CheckContext

_WRITE = ("proposals_written",)
_LIST = ("photos_attached", "location_marked", "carry_over_followed")
_REMBUG = ("rembug_opened", "meeting_details_filled", "order_agreed", "funding_complete", "rembug_finalized")
_ATTENDANCE = ("attendance_recorded", "women_represented", "all_groups_present")
_DELEGATES = ("delegates_chosen",)


def _holder_key(assignment) -> str | None:
    """The proposer key the proposal and Rembug pages use (proposers.Proposer.key)."""
    if assignment.role in (Role.KETUA_RT, Role.KETUA_RW):
        return assignment.region.code
    if assignment.role == Role.KETUA_POKMAS and assignment.group_id:
        return f"g{assignment.group_id}"
    return None


def step_action(check_key: str, ctx: CheckContext | None) -> tuple[str, str] | None:
    """(button text, address) of the page where a chair does this step, or None (another role, or no page)."""
    key = _holder_key(ctx.assignment) if ctx is not None else None
    if key is None:
        return None
    forum = ctx.forum
    if check_key in _WRITE:
        return str(_("Tulis usulan baru")), reverse("proposals:create", args=[key])
    if check_key in _LIST:
        return str(_("Buka daftar usulan")), reverse("proposals:list")
    if check_key in _ATTENDANCE and forum is not None:
        return str(_("Buka daftar hadir")), reverse("forums:attendance", args=[forum.pk])
    if check_key in _DELEGATES and forum is not None:
        return str(_("Pilih delegasi")), reverse("forums:delegates", args=[forum.pk])
    if check_key in (*_REMBUG, *_ATTENDANCE, *_DELEGATES):
        return str(_("Buka Rembug")), reverse("forums:for_holder", args=[key])
    return None
