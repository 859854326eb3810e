from django.core.management.base import BaseCommand

from platforms.seed import catalogue_load


class Command(BaseCommand):
    help = "Load the catalogue's domains, category groups and evaluation criteria (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite names, weights and scales edited in the admin."
        )

    def handle(self, *args, update: bool = False, **options):
        counts = catalogue_load(update=update)
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts.domains} domains, {counts.groups} groups, {counts.criteria} criteria "
                f"({counts.created} created)"
            )
        )
