"""Re-encrypt every stored identity number with the first IDENTITY_ENCRYPTION_KEYS key and re-hash it with the
first IDENTITY_HASH_KEYS key. Rotation: put the new key first (keep the old one after it), deploy, run this,
then remove the old key."""

from django.core.management.base import BaseCommand

from smedx_portal.identity import identity_fields, rotate_rows


class Command(BaseCommand):
    help = "Re-encrypt and re-hash identity numbers (CCCD, tax codes) with the newest keys."

    def handle(self, *args, **options):
        for model, field in identity_fields():
            done = rotate_rows(model, field)
            self.stdout.write(f"{model._meta.label}.{field.name}: {done}")
