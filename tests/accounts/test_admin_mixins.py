"""The read-only admin block lives once, in `ReadOnlyAdminMixin` (issue 10, "One home for each rule")."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.test import RequestFactory

from rembug.accounts.admin import RoleAssignmentInline
from rembug.accounts.admin_mixins import ReadOnlyAdminMixin
from rembug.delivery.models import Activity, ProgressReport
from rembug.forums.models import Meeting
from rembug.proposals.models import Proposal
from rembug.verification.models import Recommendation

#: Rows written only by their services, which keep the history: the admin shows them and never writes them.
WRITTEN_BY_SERVICES = (Activity, ProgressReport, Meeting, Proposal, Recommendation)


@pytest.mark.parametrize("model", WRITTEN_BY_SERVICES, ids=lambda m: m._meta.label)
def test_rows_written_by_services_have_a_read_only_admin(model):
    assert isinstance(admin.site._registry[model], ReadOnlyAdminMixin)


def test_the_role_inline_is_read_only_too():
    assert issubclass(RoleAssignmentInline, ReadOnlyAdminMixin)


@pytest.mark.django_db
def test_the_read_only_admin_refuses_add_change_and_delete_even_to_a_superuser(django_user_model):
    request = RequestFactory().get("/")
    request.user = django_user_model.objects.create_superuser("root", "root@example.org", "x")
    model_admin = admin.site._registry[Proposal]
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
