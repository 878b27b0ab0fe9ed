from django.core.management.base import BaseCommand

from rembug.demo.services import demo_load


class Command(BaseCommand):
    help = "Muat data demo Kota Malang (aman dijalankan berulang)."

    def handle(self, *args, **options):
        for line in demo_load():
            self.stdout.write(line)
        self.stdout.write(self.style.SUCCESS("Demo Kota Malang siap. Akun demo: manage.py demo_accounts"))
