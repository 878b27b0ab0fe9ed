"""What follows a password change and a login.

A changed password ends every API token of its owner: whoever learnt the old one keeps no way in. Checked on save,
by comparing the stored hash, so every way of changing a password is covered (the admin's password form,
set_password in a service or a management command, a hash written directly). Web sessions end already: Django
ties each session to the password hash.

At login, the session learns whether it still owes a second step (twofactor.py, middleware.py).
"""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from . import twofactor
from .models import User
from .services import user_tokens_revoke


@receiver(pre_save, sender=User, dispatch_uid="rembug-password-changed-check")
def _note_password_change(sender, instance: User, update_fields=None, raw=False, **kwargs) -> None:
    instance._rembug_password_changed = False
    if raw or instance.pk is None or (update_fields is not None and "password" not in update_fields):
        return
    stored = User.objects.filter(pk=instance.pk).values_list("password", flat=True).first()
    instance._rembug_password_changed = stored is not None and stored != instance.password


@receiver(post_save, sender=User, dispatch_uid="rembug-password-changed-revoke")
def _revoke_tokens_after_password_change(sender, instance: User, **kwargs) -> None:
    if getattr(instance, "_rembug_password_changed", False):
        user_tokens_revoke(user=instance)
        instance._rembug_password_changed = False


@receiver(user_logged_in, dispatch_uid="rembug-second-step-state")
def _remember_second_step(sender, request, user, **kwargs) -> None:
    """Decide once, at login, whether this session owes a code (or an enrolment); the gate then reads the session."""
    if request is not None and hasattr(request, "session"):
        twofactor.remember_state(request, user)
