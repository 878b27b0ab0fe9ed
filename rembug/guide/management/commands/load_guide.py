from django.core.management.base import BaseCommand

from rembug.guide.services import guide_defaults_load


class Command(BaseCommand):
    help = "Muat panduan bawaan (Bimtek) untuk semua peran dan tahap; aman dijalankan berulang kali."

    def handle(self, *args, **options):
        counts = guide_defaults_load()
        self.stdout.write(
            self.style.SUCCESS(
                "Panduan: {created} halaman dibuat, {updated} diperbarui, {kept} diubah kota/admin dan dibiarkan; "
                "{help} bantuan isian dibuat.".format(**counts)
            )
        )
