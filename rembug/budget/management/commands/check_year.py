"""`python manage.py check_year --kota 35.73 --tahun 2026`: list the year's proposals left without a fate.

Exits with status 1 when any is found, so a city's closing checklist (or a cron job) notices (issue 12, point 4).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from rembug.cycles.models import PlanningCycle
from rembug.proposals.selectors import unsettled_in


class Command(BaseCommand):
    help = "Daftar usulan satu tahun perencanaan yang belum mendapat keputusan akhir dengan alasannya."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--kota", required=True, help="Kode Kemendagri kota/kabupaten, mis. 35.73")
        parser.add_argument("--tahun", required=True, type=int, help="Tahun perencanaan, mis. 2026")

    def handle(self, *args, kota: str, tahun: int, **options) -> None:
        cycle = PlanningCycle.objects.select_related("city").filter(city__code=kota, year=tahun).first()
        if cycle is None:
            raise CommandError(f"Tahun perencanaan {tahun} untuk kota {kota} tidak ditemukan.")
        found = 0
        for proposal in unsettled_in(cycle).iterator(chunk_size=2000):
            found += 1
            self.stdout.write(f"{proposal.number}\t{proposal.get_status_display()}\t{proposal.title}")
        if found:
            self.stderr.write(f"{found} usulan {cycle} belum mendapat keputusan akhir dengan alasannya.")
            raise SystemExit(1)
        self.stdout.write(f"Semua usulan {cycle} sudah mendapat keputusan akhir dengan alasannya.")
