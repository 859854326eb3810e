"""The two programmes. A programme is a code, not a table."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Programme(models.TextChoices):
    SMEDX = "SMEDX", _("SMEdx — Chương trình hỗ trợ doanh nghiệp nhỏ và vừa chuyển đổi số")
    RDX = "RDX", _("RDX — Chương trình hỗ trợ cửa hàng bán lẻ chuyển đổi số")


SHORT_NAMES = {Programme.SMEDX: "SMEdx", Programme.RDX: "RDX"}

DECISIONS = {
    Programme.SMEDX: _("Quyết định 377/QĐ-BTTTT ngày 26/3/2021 của Bộ Thông tin và Truyền thông"),
    Programme.RDX: _("Quyết định 1459/QĐ-BTTTT ngày 28/8/2024 của Bộ Thông tin và Truyền thông"),
}


def short_name(code: str) -> str:
    return SHORT_NAMES.get(code, code)
