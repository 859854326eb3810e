"""The programmes' yearly targets (seed 000 I.2 b–d for SMEdx, seed 001 I.2 b–c for RDX) as data.

No end year is set by either decision; targets are seeded to 2030 and staff edit them in the admin.
"""

from django.db import migrations

SMEDX_SOURCE = "QĐ 377/QĐ-BTTTT, Mục I.2"
RDX_SOURCE = "QĐ 1459/QĐ-BTTTT, Mục I.2"
TARGETS = [
    # programme, first year, indicator, value, source
    ("SMEDX", 2021, "people_reached", 50000, SMEDX_SOURCE + "b"),
    ("SMEDX", 2021, "businesses_trying_platforms", 30000, SMEDX_SOURCE + "c"),
    ("SMEDX", 2021, "experts_network", 100, SMEDX_SOURCE + "d"),
    ("RDX", 2024, "surveyed_share", 100, RDX_SOURCE + "b"),
    ("RDX", 2024, "surveyed_trying_platforms_share", 100, RDX_SOURCE + "c"),
]
LAST_YEAR = 2030


def seed(apps, schema_editor):
    ProgrammeTarget = apps.get_model("reports", "ProgrammeTarget")
    for programme, first, indicator, value, source in TARGETS:
        for year in range(first, LAST_YEAR + 1):
            ProgrammeTarget.objects.get_or_create(
                programme=programme, year=year, indicator=indicator, defaults={"value": value, "source": source}
            )


def unseed(apps, schema_editor):
    apps.get_model("reports", "ProgrammeTarget").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("reports", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
