"""python manage.py backup [--output var/backups/]: the database and the uploaded files in one .tar.gz."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from rembug.backups.services import BackupError, backup_create


class Command(BaseCommand):
    help = "Membuat cadangan basis data dan berkas unggahan dalam satu berkas .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(Path(settings.MEDIA_ROOT).parent / "backups"),
            help="folder atau nama berkas cadangan (default: var/backups/)",
        )

    def handle(self, *args, output, **options):
        try:
            path = backup_create(Path(output))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Cadangan tersimpan: {path}"))
