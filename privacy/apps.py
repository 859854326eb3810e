from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Dữ liệu cá nhân")

    def ready(self) -> None:
        from privacy import checks  # noqa: F401  (registers the holiday-file check)
