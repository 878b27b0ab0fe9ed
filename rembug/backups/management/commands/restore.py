"""python manage.py restore FILE --yes: put a backup back and prove each table matches its manifest."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from rembug.backups.services import BackupError, backup_restore


class Command(BaseCommand):
    help = (
        "Memulihkan basis data dan berkas unggahan dari cadangan, lalu membuktikan setiap tabel sama dengan "
        "cadangannya. Menimpa data yang ada: hentikan server aplikasi lebih dulu."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="berkas cadangan .tar.gz")
        parser.add_argument("--yes", action="store_true", help="ya, timpa data yang ada")

    def handle(self, *args, file, yes=False, **options):
        if not Path(file).is_file():
            raise CommandError(f"Berkas {file} tidak ada.")
        if not yes:
            raise CommandError("Pemulihan menimpa seluruh data. Ulangi dengan --yes bila sudah yakin.")
        try:
            manifest = backup_restore(Path(file))
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"Dipulihkan dari cadangan {manifest['created_at']}: {len(manifest['tables'])} tabel sama persis."
            )
        )
