"""A new planning year gets the default condition survey when it is created, wherever it is created from.

`cycle_create`, the admin and the demo loader all create cycles; the survey must exist before anyone reads it, and
reading must not write (a GET that created rows was a write on a read). The cycles app cannot call conditions
(conditions builds on cycles), so conditions listens for the new year.
"""

from __future__ import annotations

from django.db.models.signals import post_save
from django.dispatch import receiver

from rembug.cycles.models import PlanningCycle

from .services import indicators_default


@receiver(post_save, sender=PlanningCycle, dispatch_uid="rembug-conditions-default-survey")
def give_new_cycle_the_default_survey(sender, instance: PlanningCycle, created: bool, raw: bool = False, **kwargs):
    if created and not raw:  # `raw`: loaddata restores a backup's own indicators
        indicators_default(instance)
