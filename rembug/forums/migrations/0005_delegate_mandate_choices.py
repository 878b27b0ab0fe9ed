"""The delegate's mandate becomes a choice (its old text was replaced in 0004; a separate migration so the
column change runs in its own transaction on PostgreSQL)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("forums", "0004_delegate_role_and_structured_mandate"),
    ]

    operations = [
        migrations.AlterField(
            model_name="delegate",
            name="mandate",
            field=models.CharField(
                choices=[("mengawal", "Menyampaikan dan mengawal usulan prioritas di forum berikutnya"),
                         ("mengawal_melapor", "Mengawal usulan dan melaporkan hasilnya kepada warga"),
                         ("juru_bicara", "Juru bicara wilayah di forum berikutnya")],
                default="mengawal", max_length=20, verbose_name="mandat"),
        ),
    ]
