"""`manage.py backup <folder>`: the database (pg_dump) and the media folder, with a manifest (smedx_portal/backup.py)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from smedx_portal.backup import BackupError, backup_create


class Command(BaseCommand):
    help = "Back up the PostgreSQL database and the media folder into a new folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backup_create(directory=folder)
        except BackupError as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"Backup written: {manifest.parent}")
