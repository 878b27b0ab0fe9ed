"""python manage.py verify_records [--kota 35.73]: recompute the hash chain of every finalized Berita Acara."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from rembug.forums.records import records_verify
from rembug.regions.models import Level, Region


class Command(BaseCommand):
    help = "Memeriksa rantai kode rekaman Berita Acara yang sudah ditetapkan; menyebut setiap rekaman yang berubah."

    def add_arguments(self, parser):
        parser.add_argument("--kota", help="kode Kemendagri kota/kabupaten (default: semua)")
        parser.add_argument("--tanpa-berkas", action="store_true", help="jangan periksa berkas PDF Berita Acara")

    def handle(self, *args, kota=None, tanpa_berkas=False, **options):
        cities = None
        if kota:
            cities = list(Region.objects.filter(code=kota, level__in=[Level.KOTA, Level.KABUPATEN]))
            if not cities:
                raise CommandError(f"Kota/kabupaten {kota} tidak dikenal.")
        problems = records_verify(cities, check_files=not tanpa_berkas)
        for problem in problems:
            self.stderr.write(str(problem))
        if problems:
            raise CommandError(f"{len(problems)} masalah ditemukan pada rekaman Berita Acara.")
        self.stdout.write(self.style.SUCCESS("Semua rekaman Berita Acara utuh."))
