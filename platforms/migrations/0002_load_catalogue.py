from django.db import migrations


def load(apps, schema_editor):
    from platforms.seed import catalogue_load

    catalogue_load(apps=apps)


class Migration(migrations.Migration):
    dependencies = [
        ("platforms", "0001_initial"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
