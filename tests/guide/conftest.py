import datetime

import pytest

from rembug.cycles.models import Stage
from rembug.cycles.selectors import today
from rembug.guide.services import guide_defaults_load


@pytest.fixture
def guide(db):
    """The default guide, as `manage.py load_guide` loads it."""
    guide_defaults_load()


@pytest.fixture
def all_open(cycle):
    """Every stage open today (test setup only: real windows follow one another)."""
    day = today()
    Stage.objects.filter(cycle=cycle).update(
        opens_on=day - datetime.timedelta(days=1), closes_on=day + datetime.timedelta(days=1)
    )
    return cycle
