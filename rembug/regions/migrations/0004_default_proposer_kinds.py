"""Every existing city gets the default kinds of proposer, and every existing proposal the kind it was written as
(RT, RW, Pokmas; a Musrenbang Tematik's the tematik kind). Idempotent; reversing leaves the rows (they are data)."""

from django.db import migrations

from rembug.regions.kinds import DEFAULT_KINDS

CITY_LEVELS = ("kota", "kabupaten")


def forwards(apps, schema_editor):
    Region = apps.get_model("regions", "Region")
    ProposerKind = apps.get_model("regions", "ProposerKind")
    Proposal = apps.get_model("proposals", "Proposal")
    CommunityGroup = apps.get_model("regions", "CommunityGroup")
    city_ids = list(Region.objects.filter(level__in=CITY_LEVELS).values_list("pk", flat=True))
    have = set(ProposerKind.objects.values_list("city_id", "code"))
    ProposerKind.objects.bulk_create(
        [
            ProposerKind(
                city_id=city_id,
                code=spec.code,
                name=spec.name,
                holder=spec.holder,
                entry_forum=spec.entry_forum,
                writer_roles=list(spec.writer_roles),
                profile=spec.profile,
                aliases=list(spec.aliases),
            )
            for city_id in city_ids
            for spec in DEFAULT_KINDS
            if (city_id, spec.code) not in have
        ]
    )
    used = set(Proposal.objects.filter(proposer_kind__isnull=True).values_list("city_id", flat=True).distinct())
    for city_id in used:
        kinds = dict(ProposerKind.objects.filter(city_id=city_id).values_list("code", "pk"))
        todo = Proposal.objects.filter(city_id=city_id, proposer_kind__isnull=True)
        plain = todo.filter(proposer_group__isnull=True)
        for code, query in (
            ("rt", plain.filter(proposer_region__level="rt")),
            ("rw", plain.filter(proposer_region__level="rw")),
            ("tematik", plain.filter(proposer_region__level__in=("kelurahan", "desa")).exclude(theme="")),
            ("kelurahan", plain.filter(proposer_region__level__in=("kelurahan", "desa"), theme="")),
        ):
            if code in kinds:
                query.update(proposer_kind_id=kinds[code])
        group_kinds = CommunityGroup.objects.filter(city_id=city_id).values_list("kind", flat=True).distinct()
        for code in set(group_kinds):
            if code in kinds:
                todo.filter(proposer_group__kind=code).update(proposer_kind_id=kinds[code])


class Migration(migrations.Migration):
    dependencies = [
        ("regions", "0003_regions_kept_by_kelurahan"),
        ("proposals", "0006_sipd_fields_own_unit_and_amount"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
