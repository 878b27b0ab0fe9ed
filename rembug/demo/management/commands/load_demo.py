from django.core.management.base import BaseCommand

from rembug.cycles.selectors import today
from rembug.demo.services import demo_load
from rembug.demo.year import demo_year
from rembug.regions.models import Region


class Command(BaseCommand):
    help = "Muat data demo Kota Malang (aman dijalankan berulang)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--tanpa-tahun-lalu",
            action="store_true",
            dest="skip_year",
            help="Jangan buat satu tahun perencanaan lengkap (lebih cepat).",
        )

    def handle(self, *args, skip_year=False, **options):
        for line in demo_load():
            self.stdout.write(line)
        if not skip_year:
            # The year whose budget is spent now: its implementation is under way on the day of the demo.
            year = today().year - 1
            cycle = demo_year(city=Region.objects.get(code="35.73"), year=year)
            if cycle:
                self.stdout.write(
                    f"Tahun perencanaan {year} lengkap: Rembug, Musrenbang, verifikasi, pagu, pelaksanaan."
                )
        self.stdout.write(self.style.SUCCESS("Demo Kota Malang siap. Akun demo: manage.py demo_accounts"))
