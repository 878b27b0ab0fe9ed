"""The database cache table behind the API throttle (settings.CACHES["throttle"]), so `migrate` is the only step."""

from django.core.management import call_command
from django.db import migrations


def create_cache_table(apps, schema_editor):
    # createcachetable skips tables that exist; it only touches the database being migrated.
    call_command("createcachetable", "throttle", database=schema_editor.connection.alias, verbosity=0)


class Migration(migrations.Migration):
    dependencies: list = []

    operations = [migrations.RunPython(create_cache_table, migrations.RunPython.noop)]
