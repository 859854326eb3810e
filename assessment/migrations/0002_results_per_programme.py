"""Each business's latest submitted assessment per programme becomes its result in that programme, and the
summary tables (emptied by businesses 0007) are recounted per programme from those results."""

from collections import Counter, defaultdict
from decimal import Decimal

from django.db import migrations
from django.utils import timezone

FLAGS = {"SMEDX": "in_smedx", "RDX": "in_rdx"}


def copy_results(apps, schema_editor):
    Assessment = apps.get_model("assessment", "Assessment")
    BusinessResult = apps.get_model("businesses", "BusinessResult")
    latest = {}
    submitted = Assessment.objects.filter(status="submitted", submitted_at__isnull=False).order_by("submitted_at")
    submissions = Counter()
    for row in submitted.values(
        "business_id",
        "business__province_id",
        "programme",
        "level",
        "total_score",
        "pillar_scores",
        "criteria_set_id",
        "criteria_set__version",
        "submitted_at",
    ).iterator(chunk_size=5000):
        latest[(row["business_id"], row["programme"])] = row  # ordered by time: the last one stays
        month = timezone.localtime(row["submitted_at"]).date().replace(day=1)
        submissions[(month, row["business__province_id"], row["programme"], row["level"])] += 1
    BusinessResult.objects.bulk_create(
        (
            BusinessResult(
                business_id=business_id,
                programme=programme,
                level=row["level"],
                score=row["total_score"] or 0,
                pillar_scores=row["pillar_scores"] or {},
                criteria_set_id=row["criteria_set_id"],
                criteria_version=row["criteria_set__version"],
                assessed_at=row["submitted_at"],
            )
            for (business_id, programme), row in latest.items()
        ),
        batch_size=5000,
    )
    SubmissionStat = apps.get_model("businesses", "SubmissionStat")
    SubmissionStat.objects.bulk_create(
        SubmissionStat(month=month, province_id=province, programme=programme, level=level, submissions=n)
        for (month, province, programme, level), n in submissions.items()
    )
    _recount(apps, latest)


def _recount(apps, latest):
    Business = apps.get_model("businesses", "Business")
    cells = defaultdict(lambda: [0, Decimal(0)])
    pillars = defaultdict(lambda: [0, Decimal(0)])
    for business in Business.objects.values(
        "id", "province_id", "ward_id", "kind", "sector_id", "in_smedx", "in_rdx"
    ).iterator(chunk_size=5000):
        for programme, flag in FLAGS.items():
            result = latest.get((business["id"], programme))
            if not business[flag] and result is None:
                continue
            level = result["level"] if result else ""
            score = Decimal(result["total_score"] or 0) if result else Decimal(0)
            key = (business["province_id"], business["ward_id"] or 0, business["kind"], business["sector_id"] or 0)
            cells[(*key, programme, level)][0] += 1
            cells[(*key, programme, level)][1] += score
            for pillar, value in ((result or {}).get("pillar_scores") or {}).items():
                pillars[(business["province_id"], programme, pillar)][0] += 1
                pillars[(business["province_id"], programme, pillar)][1] += Decimal(str(value))
    WardStat = apps.get_model("businesses", "WardStat")
    ProvinceStat = apps.get_model("businesses", "ProvinceStat")
    PillarStat = apps.get_model("businesses", "PillarStat")
    names = ["province_id", "ward_code", "kind", "sector_id", "programme", "level"]
    WardStat.objects.bulk_create(
        (WardStat(**dict(zip(names, key)), businesses=n, score_sum=s) for key, (n, s) in cells.items()),
        batch_size=5000,
    )
    provinces = defaultdict(lambda: [0, Decimal(0)])
    for (province, _ward, kind, sector, programme, level), (n, s) in cells.items():
        provinces[(province, kind, sector, programme, level)][0] += n
        provinces[(province, kind, sector, programme, level)][1] += s
    names = ["province_id", "kind", "sector_id", "programme", "level"]
    ProvinceStat.objects.bulk_create(
        ProvinceStat(**dict(zip(names, key)), businesses=n, score_sum=s) for key, (n, s) in provinces.items()
    )
    PillarStat.objects.bulk_create(
        PillarStat(province_id=p, programme=g, pillar=c, businesses=n, score_sum=s)
        for (p, g, c), (n, s) in pillars.items()
    )


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
        ("businesses", "0007_results_per_programme"),
    ]

    operations = [migrations.RunPython(copy_results, migrations.RunPython.noop)]
