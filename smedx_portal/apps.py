from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "smedx_portal"
    label = "core"
    verbose_name = _("Cổng SMEdx / RDX")
