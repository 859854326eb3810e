"""What remains of a person who deleted their data, for counts only: their phone's keyed hash, and the ways they
had been reached that no kept row shows (reports.reach counts them once under the phone's pseudonym)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ErasedPhone(models.Model):
    """What remains of the phone of a person who deleted their data: its keyed hash (smedx_portal.personal), so
    yearly counts of people reached count them once, without the number."""

    phone_key = models.CharField(max_length=64, unique=True)
    erased_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("số điện thoại đã xóa (mã băm)")
        verbose_name_plural = _("số điện thoại đã xóa (mã băm)")

    def __str__(self) -> str:
        return self.phone_key[:12]


class ErasedReach(models.Model):
    """A way a person who deleted their data had been reached that their kept rows no longer show (registering
    an account, taking the survey): their phone's pseudonym (or account), the programme, year and channel."""

    person = models.CharField(max_length=40)  # reports.reach.person_key: "#" + keyed hash, or "account:<id>"
    programme = models.CharField(max_length=8)
    year = models.PositiveSmallIntegerField()
    channel = models.CharField(max_length=16)

    class Meta:
        verbose_name = _("lượt tiếp cận của người đã xóa dữ liệu")
        verbose_name_plural = _("lượt tiếp cận của người đã xóa dữ liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "programme", "year", "channel"], name="erased_reach_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme} {self.year} {self.channel}"
