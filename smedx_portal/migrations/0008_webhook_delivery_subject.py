"""Webhook deliveries name what they are about, so a person's deletion finds and scrubs the ones carrying their
data; the deliveries already stored get it from their body (every event so far is about a usage registration)."""

import json

from django.db import migrations, models


def fill_subjects(apps, schema_editor):
    delivery_model = apps.get_model("core", "WebhookDelivery")
    for delivery in delivery_model.objects.filter(event__startswith="usage_registration.").iterator():
        try:
            registration_id = int(json.loads(delivery.body)["data"]["id"])
        except (ValueError, KeyError, TypeError):
            continue
        delivery_model.objects.filter(pk=delivery.pk).update(
            subject_key=f"platforms.usageregistration:{registration_id}"
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_certificate_random_numbers"),
    ]

    operations = [
        migrations.AddField(
            model_name="webhookdelivery",
            name="subject_key",
            field=models.CharField(blank=True, db_index=True, editable=False, max_length=80),
        ),
        migrations.RunPython(fill_subjects, migrations.RunPython.noop),
    ]
