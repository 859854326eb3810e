from django.core.management.base import BaseCommand

from platforms.seed import agreement_terms_load, catalogue_load


class Command(BaseCommand):
    help = (
        "Load the catalogue's domains, category groups, evaluation criteria and agreement terms (idempotent)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update", action="store_true", help="Overwrite names, weights and scales edited in the admin."
        )

    def handle(self, *args, update: bool = False, **options):
        counts = catalogue_load(update=update)
        agreement_terms_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts.domains} domains, {counts.groups} groups, {counts.criteria} criteria "
                f"({counts.created} created)"
            )
        )
