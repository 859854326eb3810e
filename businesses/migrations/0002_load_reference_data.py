from django.db import migrations


def load(apps, schema_editor):
    from businesses.reference import reference_data_load

    reference_data_load(apps)


class Migration(migrations.Migration):
    dependencies = [("businesses", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
