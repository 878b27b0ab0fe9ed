# One word per idea (docs/decisions/0026): "unit" is the unit of measure only; the proposing RT/RW/Pokmas is the
# proposer. The index over the proposer is dropped before the rename and built again after it under its new name.

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("proposals", "0004_history_tables"),
    ]

    operations = [
        migrations.RemoveIndex(model_name="proposal", name="proposals_p_cycle_i_65901e_idx"),
        migrations.RenameField(model_name="proposal", old_name="unit_region", new_name="proposer_region"),
        migrations.RenameField(model_name="proposal", old_name="unit_group", new_name="proposer_group"),
        migrations.AddIndex(
            model_name="proposal",
            index=models.Index(fields=["cycle", "proposer_region", "status"], name="proposals_p_cycle_i_ad48be_idx"),
        ),
    ]
