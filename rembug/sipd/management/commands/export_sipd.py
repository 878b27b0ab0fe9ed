"""Write a city's planning year as SIPD's usulan list (26 columns): `manage.py export_sipd --kota 35.73 --tahun 2025
--output usulan.xlsx`."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rembug.regions.models import CITY_LEVELS, Region
from rembug.sipd.export import sipd_export


class Command(BaseCommand):
    help = "Tulis daftar usulan satu tahun perencanaan dalam 26 kolom SIPD (.xlsx)."

    def add_arguments(self, parser):
        parser.add_argument("--kota", required=True, help="Kode kota/kabupaten, mis. 35.73.")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun perencanaan, mis. 2025.")
        parser.add_argument("--output", required=True, help="Berkas .xlsx yang ditulis.")

    def handle(self, *args, kota: str, tahun: int, output: str, **options):
        city = Region.objects.filter(code=kota, level__in=CITY_LEVELS).first()
        if city is None:
            raise CommandError(f"Kota/kabupaten {kota} tidak dikenal.")
        Path(output).write_bytes(sipd_export(city=city, year=tahun))
        self.stdout.write(self.style.SUCCESS(f"Daftar usulan SIPD {city.name} {tahun} ditulis ke {output}."))
