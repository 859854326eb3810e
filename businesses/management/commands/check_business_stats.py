from django.core.management.base import BaseCommand, CommandError

from businesses.stats import stats_rebuild, stats_recount


class Command(BaseCommand):
    help = "Compare the dashboard summary tables with a recount of the business rows; --fix rewrites them."

    def add_arguments(self, parser):
        parser.add_argument("--fix", action="store_true", help="rebuild the tables when they differ")

    def handle(self, *args, fix=False, **options):
        differences = stats_recount()
        self.stdout.write(", ".join(f"{name}: {count} cells differ" for name, count in differences.items()))
        if any(differences.values()):
            if not fix:
                raise CommandError("Summary tables differ from the recount; run again with --fix.")
            stats_rebuild()
            self.stdout.write(self.style.SUCCESS("Rebuilt the summary tables."))
