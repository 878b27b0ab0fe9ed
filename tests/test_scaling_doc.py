"""docs/scaling.md places every table of the schema for Citus (issue 14, point 5): a new model must be placed too.

A table missing from the page would be found only when a distributed deployment fails to create it; here it is
found by the test run that adds the model.
"""

from __future__ import annotations

import re
from pathlib import Path

from django.apps import apps

DOC = Path(__file__).resolve().parent.parent / "docs" / "scaling.md"


def test_every_table_is_named_in_the_scaling_page():
    named = set(re.findall(r"`([a-z0-9_]+)`", DOC.read_text()))
    tables = {m._meta.db_table for m in apps.get_models(include_auto_created=True)}
    missing = sorted(tables - named)
    assert not missing, (
        f"docs/scaling.md does not say where {missing} go under Citus: a reference table, a local table on the "
        "coordinator, or distributed by city_id (and whether the table has the column yet)."
    )
