"""PDFs printed before 0007 renumbered their certificates still show the old sequential number: delete them, so
they are never served; the public PDF link renders the new one on first request, and
`manage.py rerender_certificates` renders them all at once."""

from django.db import migrations


def delete_stale_pdfs(apps, schema_editor):
    certificate_model = apps.get_model("core", "Certificate")
    storage = certificate_model._meta.get_field("pdf").storage
    stale = certificate_model.objects.exclude(pdf="").filter(pdf_rendered_at__isnull=True)
    for certificate in stale.iterator():
        if storage.exists(certificate.pdf.name):
            storage.delete(certificate.pdf.name)
        certificate_model.objects.filter(pk=certificate.pk).update(pdf="")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0008_webhook_delivery_subject"),
    ]

    operations = [
        migrations.RunPython(delete_stale_pdfs, migrations.RunPython.noop),
    ]
