"""Print the record of processing (each kind of personal data: purpose, legal basis, where stored, who receives
it, retention) from the code's data inventory, as the Markdown table kept in the README."""

from django.core.management.base import BaseCommand
from django.utils import translation

from privacy.inventory import processing_record_markdown


class Command(BaseCommand):
    help = "Print the record of processing of personal data (Markdown), generated from privacy/inventory.py."

    def handle(self, *args, **options):
        with translation.override("vi"):
            self.stdout.write(processing_record_markdown())
