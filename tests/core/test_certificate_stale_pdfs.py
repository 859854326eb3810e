"""Certificates renumbered by migration 0007 kept PDFs printing their old sequential number. Migration 0009
deletes those files; the public PDF link never serves a PDF that does not print the current number (it renders
the new one on request); `manage.py rerender_certificates` renders them all."""

from __future__ import annotations

import importlib
import io
import os

import pytest
from django.apps import apps
from django.core.management import call_command
from pypdf import PdfReader

from smedx_portal.models import Certificate
from tests.core.test_certificates import _issue_now
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db
OLD = "DN-2026-000001"


def migration(name: str):
    return importlib.import_module(f"smedx_portal.migrations.{name}")


def pdf_text(certificate: Certificate) -> str:
    with certificate.pdf.open("rb") as handle:
        return "".join(page.extract_text() for page in PdfReader(handle).pages)


@pytest.fixture
def renumbered(django_capture_on_commit_callbacks, settings, tmp_path):
    """A certificate whose PDF was printed with a sequential number, then renumbered by 0007."""
    settings.MEDIA_ROOT = str(tmp_path)
    with django_capture_on_commit_callbacks(execute=True):
        certificate = _issue_now(BusinessFactory(name="Tạp hóa Hồng Nhung"))
    Certificate.objects.filter(pk=certificate.pk).update(number=OLD)
    from smedx_portal.certificates import certificate_render_pdf

    certificate_render_pdf(certificate.pk)  # the PDF of the old days, printing DN-2026-000001
    migration("0007_certificate_random_numbers").renumber(apps, None)
    certificate.refresh_from_db()
    assert certificate.number != OLD and OLD in pdf_text(certificate)
    return certificate


def test_the_migration_deletes_pdfs_printing_an_old_number(renumbered):
    path = renumbered.pdf.path
    current = _issue_now(BusinessFactory())  # rendered with its own number: kept
    Certificate.objects.filter(pk=current.pk).update(
        pdf="certificates/2026/kept.pdf", pdf_rendered_at=renumbered.issued_at
    )

    migration("0009_certificate_stale_pdfs").delete_stale_pdfs(apps, None)

    renumbered.refresh_from_db()
    assert renumbered.pdf.name == "" and not os.path.exists(path)
    assert Certificate.objects.get(pk=current.pk).pdf.name == "certificates/2026/kept.pdf"


def test_the_pdf_link_never_serves_the_old_number_and_renders_the_new(
    client, renumbered, django_capture_on_commit_callbacks
):
    url = f"/chung-nhan/{renumbered.number}/pdf/"
    with django_capture_on_commit_callbacks(execute=True):  # the render task runs (eagerly) on commit
        assert client.get(url).status_code == 404  # "being prepared", and the stale file is gone
    response = client.get(url)
    assert response.status_code == 200
    renumbered.refresh_from_db()
    text = pdf_text(renumbered)
    assert renumbered.number in text and OLD not in text


def test_the_command_renders_every_stale_pdf(renumbered):
    out = io.StringIO()
    call_command("rerender_certificates", "--now", stdout=out)
    assert out.getvalue().startswith("1 certificate PDF(s) rendered")
    renumbered.refresh_from_db()
    assert renumbered.pdf_rendered_at is not None
    text = pdf_text(renumbered)
    assert renumbered.number in text and OLD not in text
