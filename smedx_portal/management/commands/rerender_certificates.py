"""Render again every certificate PDF that is missing or may print an old number (after a renumbering).

python manage.py rerender_certificates          # queue the renders (Celery)
python manage.py rerender_certificates --now    # render here, one after the other
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from smedx_portal.certificates import (
    certificate_pdf_invalidate,
    certificate_render_pdf,
    certificates_without_current_pdf,
)
from smedx_portal.tasks import render_certificate_pdf


class Command(BaseCommand):
    help = "Render again the certificate PDFs that are missing or print an old number."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="render here instead of queueing Celery tasks")

    def handle(self, *args, now: bool = False, **options):
        count = 0
        for certificate in certificates_without_current_pdf().order_by("pk").iterator(chunk_size=200):
            certificate_pdf_invalidate(certificate)  # the stale file is never served meanwhile
            if now:
                certificate_render_pdf(certificate.pk)
            else:
                render_certificate_pdf.delay(certificate.pk)
            count += 1
        self.stdout.write(f"{count} certificate PDF(s) {'rendered' if now else 'queued'}.")
