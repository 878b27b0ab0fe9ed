"""Make every kecamatan and kelurahan/desa office of a city an agency (after `load_regions`, decision 0027)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from rembug.agencies.services import agency_offices_ensure
from rembug.regions.models import Level, Region


class Command(BaseCommand):
    help = "Jadikan setiap kantor kecamatan dan kelurahan/desa sebuah perangkat daerah kota/kabupaten itu."

    def add_arguments(self, parser):
        parser.add_argument("code", help="Kode kota/kabupaten, mis. 35.73 (Kota Malang).")

    def handle(self, *args, code: str, **options):
        city = Region.objects.filter(code=code, level__in=(Level.KOTA, Level.KABUPATEN)).first()
        if city is None:
            raise CommandError(f"Kota/kabupaten dengan kode {code} tidak ditemukan.")
        created = agency_offices_ensure(city=city)
        self.stdout.write(
            self.style.SUCCESS(f"{city.label}: {created} kantor wilayah ditambahkan sebagai perangkat daerah.")
        )
