"""Shared codes for what experts specialise in, so lower apps store plain codes instead of foreign keys.

Pillar codes are the `code`s of the pillars in the criteria files (`assessment/criteria/*.yaml`); domain codes
are the `code`s of the catalogue's domains (`platforms.Domain`). Experts' specialties are lists of these.
"""

from django.utils.translation import gettext_lazy as _

PILLARS = {
    # RDX (retail stores and household businesses)
    "rdx-customers-sales": _("Khách hàng và kênh bán hàng"),
    "rdx-operations": _("Vận hành cửa hàng"),
    "rdx-management-people": _("Quản lý và con người"),
    "rdx-technology-data": _("Công nghệ và dữ liệu"),
    # SMEdx (the Digital Business Index pillars)
    "dbi-customer-experience": _("Trải nghiệm số cho khách hàng"),
    "dbi-strategy": _("Chiến lược chuyển đổi số"),
    "dbi-infrastructure-technology": _("Hạ tầng và công nghệ số"),
    "dbi-operations": _("Vận hành"),
    "dbi-culture": _("Chuyển đổi văn hóa doanh nghiệp"),
    "dbi-data-assets": _("Dữ liệu và tài sản thông tin"),
}

DOMAINS = {
    "management": _("Quản trị doanh nghiệp"),
    "customers-market": _("Khách hàng và thị trường"),
    "infrastructure-security": _("Hạ tầng công nghệ và an toàn thông tin"),
    "sector-operations": _("Vận hành theo ngành"),
    "retail": _("Bán lẻ"),
}

SPECIALTY_CHOICES = [(code, label) for code, label in {**PILLARS, **DOMAINS}.items()]
