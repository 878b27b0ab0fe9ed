from django.core.management.base import BaseCommand

from rembug.demo.services import demo_accounts_text


class Command(BaseCommand):
    help = "Tampilkan akun demo."

    def handle(self, *args, **options):
        self.stdout.write(self.style.SUCCESS(demo_accounts_text()))
