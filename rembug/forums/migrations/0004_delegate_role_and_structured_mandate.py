"""Delegates get a structured unsur (role) and mandate; old free text that may hold phone numbers or NIK goes.

Decision 0013: the old mandate text is dropped (every existing delegate gets the default mandate), the role is
taken from the attendee's first stakeholder group, and runs of six or more digits (phone numbers, NIK) are cut
out of attendee names and positions, so no Berita Acara printed after this migration carries them.
"""

import re

from django.db import migrations, models

# A run of digits with the separators people type in phone numbers: "0812-3456 7890", "+62 812 3456", NIK.
NUMBER_RUN = re.compile(r"\+?\d[\d\s\-.()/]*\d")


def _strip_numbers(value: str) -> str:
    cut = NUMBER_RUN.sub(lambda m: "" if sum(c.isdigit() for c in m.group()) >= 6 else m.group(), value or "")
    cut = re.sub(r"\(\s*\)", "", cut)
    return re.sub(r"\s{2,}", " ", cut).strip(" ,;:-/")


def forwards(apps, schema_editor):
    Attendee = apps.get_model("forums", "Attendee")
    Delegate = apps.get_model("forums", "Delegate")
    for delegate in Delegate.objects.select_related("attendee").iterator():
        groups = delegate.attendee.groups or []
        delegate.role = groups[0] if groups else "lainnya"
        delegate.mandate = "mengawal"
        delegate.save(update_fields=["role", "mandate"])
    for attendee in Attendee.objects.iterator():
        name, position = _strip_numbers(attendee.name) or "-", _strip_numbers(attendee.position)
        if (name, position) != (attendee.name, attendee.position):
            attendee.name, attendee.position = name, position
            attendee.save(update_fields=["name", "position"])


class Migration(migrations.Migration):

    dependencies = [
        ("forums", "0003_upper_forums"),
    ]

    operations = [
        migrations.AddField(
            model_name="delegate",
            name="role",
            field=models.CharField(choices=[("tokoh_masyarakat", "Tokoh masyarakat"), ("perempuan", "Perempuan"),
                                            ("pemuda", "Pemuda"), ("lansia", "Lansia"), ("difabel", "Difabel"),
                                            ("kelompok_rentan", "Kelompok rentan"), ("lainnya", "Lainnya")],
                                   default="lainnya", max_length=20, verbose_name="unsur"),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
