"""Who may do what is decided by role assignments: each grant, withdrawal and return is kept with its author."""

import pytest
from django.utils import timezone

from rembug.accounts.models import RoleAssignment
from rembug.accounts.services import role_assign, user_create
from tests.test_history import admin_form_data, before_after, recent

pytestmark = pytest.mark.django_db
LURAH_AREA = "35.73.05.1011"


@pytest.fixture
def newcomer():
    return user_create(username="warga-baru", password=None, full_name="Warga Baru")


def test_granting_and_giving_back_a_role_records_who_did_it(person, region, newcomer):
    planner = person("bappeda", "35.73")
    start = timezone.now()
    assignment = role_assign(actor=planner, user=newcomer, role="lurah", region=region(LURAH_AREA))
    (granted,) = assignment.history.all()
    assert granted.history_type == "+" and granted.history_user == planner and recent(granted, start)
    assert (granted.role, granted.region_id, granted.is_active) == ("lurah", region(LURAH_AREA).pk, True)

    assignment.is_active = False  # withdrawn (the admin does it; see below)
    assignment.save()
    role_assign(actor=planner, user=newcomer, role="lurah", region=region(LURAH_AREA))
    back = assignment.history.first()
    assert back.history_type == "~" and back.history_user == planner
    assert before_after(back)["is_active"] == (False, True)
    assert RoleAssignment.objects.get(pk=assignment.pk).is_active


def test_withdrawing_a_role_in_the_admin_names_the_staff_member(client, person, region, newcomer):
    planner = person("bappeda", "35.73")
    assignment = role_assign(actor=planner, user=newcomer, role="lurah", region=region(LURAH_AREA))
    client.force_login(planner)
    url = f"/admin/accounts/roleassignment/{assignment.pk}/change/"
    data = admin_form_data(client.get(url))
    data.pop("is_active")
    answer = client.post(url, data)
    assert answer.status_code == 302, answer.context["adminform"].form.errors
    withdrawn = assignment.history.first()
    assert withdrawn.history_user == planner and before_after(withdrawn)["is_active"] == (True, False)
    page = client.get(f"/admin/accounts/roleassignment/{assignment.pk}/history/")
    assert page.status_code == 200 and planner.username in page.text
