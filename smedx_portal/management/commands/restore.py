"""`manage.py restore <folder> --yes`: replace the database and the media folder with a backup."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from smedx_portal.backup import BackupError, backup_restore


class Command(BaseCommand):
    help = "Replace the PostgreSQL database and the media folder with a backup made by `backup`."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path)
        parser.add_argument("--yes", action="store_true", help="Confirm: the current data is replaced.")

    def handle(self, *args, folder: Path, yes: bool, **options):
        if not yes:
            raise CommandError("Restoring replaces the database and the media folder: add --yes to confirm.")
        try:
            backup_restore(directory=folder)
        except (BackupError, FileNotFoundError) as exc:
            raise CommandError(str(exc))
        self.stdout.write(f"Restored from {folder}")
