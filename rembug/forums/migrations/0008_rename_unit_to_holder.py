# One word per idea (docs/decisions/0026): "unit" is the unit of measure only; the RT/RW/Pokmas, kelurahan or
# kecamatan whose forum a meeting is, is its holder. The two partial unique constraints name the renamed fields in
# their conditions, so they are dropped before the rename and made again after it (same rules).

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("forums", "0007_history_tables"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="meeting", name="one_rembug_per_pokmas"),
        migrations.RemoveConstraint(model_name="meeting", name="one_rembug_per_unit"),
        migrations.RenameField(model_name="meeting", old_name="unit_region", new_name="holder_region"),
        migrations.RenameField(model_name="meeting", old_name="unit_group", new_name="holder_group"),
        migrations.RenameField(model_name="historicalmeeting", old_name="unit_region", new_name="holder_region"),
        migrations.RenameField(model_name="historicalmeeting", old_name="unit_group", new_name="holder_group"),
        migrations.AlterModelOptions(
            name="meeting",
            options={
                "ordering": ["-cycle__year", "holder_region__code"],
                "verbose_name": "rembug",
                "verbose_name_plural": "rembug",
            },
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                condition=models.Q(("holder_group__isnull", True), models.Q(("status", "superseded"), _negated=True)),
                fields=("cycle", "holder_region", "kind", "theme", "status"),
                name="one_forum_per_holder",
            ),
        ),
        migrations.AddConstraint(
            model_name="meeting",
            constraint=models.UniqueConstraint(
                condition=models.Q(("holder_group__isnull", False), models.Q(("status", "superseded"), _negated=True)),
                fields=("cycle", "holder_group", "status"),
                name="one_rembug_per_pokmas",
            ),
        ),
    ]
