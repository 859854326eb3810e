"""The dashboards' summary tables, kept current by `businesses/stats.py` inside each change's transaction (and
equal to a recount, which the tests check). Defined here to keep `businesses/models.py` about the businesses
themselves; `businesses.models` re-exports them."""

from django.db import models

from smedx_portal.programmes import Programme


class WardStat(models.Model):
    """Businesses per ward × kind × sector × programme × level in that programme: the province dashboard's
    grain. A business counts once in each programme it takes part in (or has a result in), with that
    programme's level ("" until surveyed in it).

    Plain integer codes, 0 for "none", so the natural key has no NULLs and upserts can match it.
    """

    province = models.ForeignKey("businesses.Province", on_delete=models.CASCADE, related_name="+")
    ward_code = models.PositiveIntegerField(default=0)
    kind = models.CharField(max_length=20)
    sector_id = models.PositiveIntegerField(default=0)
    programme = models.CharField(max_length=8, choices=Programme.choices)
    level = models.CharField(max_length=16, blank=True)
    businesses = models.BigIntegerField(default=0)
    score_sum = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "ward_code", "kind", "sector_id", "programme", "level"],
                name="unique_ward_stat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id}/{self.ward_code} {self.kind} {self.level}: {self.businesses}"


class ProvinceStat(models.Model):
    """Businesses per province × kind × sector × programme × level: the national dashboard's grain."""

    province = models.ForeignKey("businesses.Province", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=20)
    sector_id = models.PositiveIntegerField(default=0)
    programme = models.CharField(max_length=8, choices=Programme.choices)
    level = models.CharField(max_length=16, blank=True)
    businesses = models.BigIntegerField(default=0)
    score_sum = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["province", "kind", "sector_id", "programme", "level"],
                name="unique_province_stat",
            )
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.kind} {self.level}: {self.businesses}"


class PillarStat(models.Model):
    """Latest pillar scores summed per province, programme and pillar code (averages = score_sum / businesses)."""

    province = models.ForeignKey("businesses.Province", on_delete=models.CASCADE, related_name="+")
    programme = models.CharField(max_length=8, choices=Programme.choices)
    pillar = models.CharField(max_length=64)
    businesses = models.BigIntegerField(default=0)
    score_sum = models.DecimalField(max_digits=16, decimal_places=2, default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["province", "programme", "pillar"], name="unique_pillar_stat")
        ]

    def __str__(self) -> str:
        return f"{self.province_id} {self.pillar}: {self.businesses}"


class SubmissionStat(models.Model):
    """Survey submissions per month, province, programme and level (the dashboards' trend over time)."""

    month = models.DateField()
    province = models.ForeignKey("businesses.Province", on_delete=models.CASCADE, related_name="+")
    programme = models.CharField(max_length=8, choices=Programme.choices)
    level = models.CharField(max_length=16)
    submissions = models.BigIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["month", "province", "programme", "level"], name="unique_submission_stat"
            )
        ]

    def __str__(self) -> str:
        return f"{self.month:%m/%Y} {self.province_id} {self.level}: {self.submissions}"
