"""Load SIPD's usulan list into a city's planning year, all or nothing: `manage.py import_sipd FILE.xlsx --kota 35.73
--tahun 2025 [--dry-run]`. Every bad cell is printed by row and column; nothing is written then."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rembug.errors import DomainError
from rembug.regions.models import CITY_LEVELS, Region
from rembug.sipd.services import sipd_import
from rembug.spreadsheets import SpreadsheetInvalid


class Command(BaseCommand):
    help = "Impor daftar usulan SIPD (.xlsx) ke satu tahun perencanaan; semua atau tidak sama sekali."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Berkas .xlsx hasil ekspor SIPD.")
        parser.add_argument("--kota", required=True, help="Kode kota/kabupaten, mis. 35.73.")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun perencanaan, mis. 2025.")
        parser.add_argument("--dry-run", action="store_true", help="Periksa dan hitung saja; tidak menyimpan.")

    def handle(self, *args, file: str, kota: str, tahun: int, dry_run: bool = False, **options):
        city = Region.objects.filter(code=kota, level__in=CITY_LEVELS).first()
        if city is None:
            raise CommandError(f"Kota/kabupaten {kota} tidak dikenal.")
        try:
            with Path(file).open("rb") as handle:
                result = sipd_import(actor=None, city=city, year=tahun, file=handle, dry_run=dry_run)
        except SpreadsheetInvalid as error:
            for line in error.lines():
                self.stderr.write(line)
            raise CommandError(error.message) from error
        except (DomainError, OSError) as error:
            raise CommandError(str(getattr(error, "message", error))) from error
        self.stdout.write(self.style.SUCCESS(result.message))
