"""Digital-maturity levels (seed 001 II.1a). Stored as plain codes on businesses and assessments."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Level(models.TextChoices):
    READY = "san_sang", _("Sẵn sàng")
    GROWTH = "tang_truong", _("Tăng trưởng")
    BREAKTHROUGH = "dot_pha", _("Đột phá")


LEVEL_MEANINGS = {
    Level.READY: _("Xây dựng năng lực số cơ bản"),
    Level.GROWTH: _("Tăng cường năng lực số"),
    Level.BREAKTHROUGH: _("Trình độ năng lực số tiên tiến"),
}

LEVEL_RANK = {Level.READY: 1, Level.GROWTH: 2, Level.BREAKTHROUGH: 3}
