"""Writes about people: creating accounts and assigning roles inside the assigner's own region."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from knox.models import AuthToken

from rembug.errors import DomainError, NotAllowed
from rembug.history import recorded

from .models import RoleAssignment, User
from .roles import ROLE_SPECS, Role
from .scopes import forget_assignments


@transaction.atomic
def user_create(*, username: str, password: str | None, full_name: str = "", email: str = "", phone: str = "") -> User:
    """A new account. Only what the work needs is stored: name, e-mail for notices, optional phone."""
    if User.objects.filter(username__iexact=username).exists():
        raise DomainError(_("Nama pengguna %(name)s sudah dipakai.") % {"name": username}, field="username")
    user = User(username=username, full_name=full_name, email=email, phone=phone)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    return user


@recorded
@transaction.atomic
def role_assign(*, actor: User | None, user: User, role: str, region, agency=None, group=None) -> RoleAssignment:
    """Give `user` a role over `region`. `actor=None` is the system (demo loader, management commands).

    The assigner must hold a role allowed to appoint it, over a region containing the new one (accounts/rules.py).
    """
    assignment = RoleAssignment(user=user, role=role, region=region, agency=agency, group=group, created_by=actor)
    if actor is not None and not actor.has_perm("accounts.assign_role", assignment):
        raise NotAllowed(
            _("Anda tidak berwenang memberi peran %(role)s di %(region)s.")
            % {"role": Role(role).label, "region": region.label}
        )
    try:
        assignment.clean()
    except ValidationError as error:
        raise DomainError(" ".join(m for ms in error.message_dict.values() for m in ms)) from error
    existing = RoleAssignment.objects.filter(user=user, role=role, region=region, agency=agency, group=group).first()
    if existing:
        if not existing.is_active:
            existing.is_active = True
            existing.save(update_fields=["is_active"])
        return existing
    assignment.save()
    if ROLE_SPECS[Role(role)].city_staff and not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    forget_assignments(user)
    return assignment


@recorded
@transaction.atomic
def role_revoke(*, actor: User | None, assignment: RoleAssignment) -> RoleAssignment:
    """End a role (the row is kept, inactive: who held what stays readable). Only someone who may give it may end it."""
    if actor is not None and not actor.has_perm("accounts.assign_role", assignment):
        raise NotAllowed(
            _("Anda tidak berwenang mencabut peran %(role)s di %(region)s.")
            % {"role": Role(assignment.role).label, "region": assignment.region.label}
        )
    assignment.is_active = False
    assignment.save(update_fields=["is_active"])  # a save, not an update: the role's history records who ended it
    forget_assignments(assignment.user)
    return assignment


@transaction.atomic
def user_tokens_revoke(*, user: User) -> int:
    """Delete every API token of `user` (after a password change, or when a device is lost). Returns how many."""
    deleted, _by_model = AuthToken.objects.filter(user=user).delete()
    return deleted
