"""Years created before the default survey was given at creation got it on their first page view; give every year
that has no indicator yet the default survey now, so that reading never has to write (issue 10 point 4)."""

from django.db import migrations

from rembug.conditions.defaults import DEFAULT_INDICATORS


def give_default_survey(apps, schema_editor):
    PlanningCycle = apps.get_model("cycles", "PlanningCycle")
    Indicator = apps.get_model("conditions", "Indicator")
    for cycle in PlanningCycle.objects.filter(indicators__isnull=True):
        Indicator.objects.bulk_create(
            Indicator(
                cycle=cycle,
                field=str(field),
                code=code,
                name=name,
                question=question,
                scale=list(scale),
                position=(i + 1) * 10,
            )
            for i, (field, code, name, question, scale) in enumerate(DEFAULT_INDICATORS)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("conditions", "0001_initial"),
        ("cycles", "0002_history_tables"),
    ]

    operations = [migrations.RunPython(give_default_survey, migrations.RunPython.noop)]
