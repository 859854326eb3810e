from django.core.management.base import BaseCommand

from businesses.reference import reference_data_load


class Command(BaseCommand):
    help = "Load provinces, wards, the old 63-province mapping and sectors (idempotent)."

    def handle(self, *args, **options):
        counts = reference_data_load()
        self.stdout.write(
            self.style.SUCCESS(
                f"{counts.provinces} provinces, {counts.wards} wards, "
                f"{counts.legacy_provinces} legacy provinces, {counts.sectors} sectors"
            )
        )
