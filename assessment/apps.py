from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssessmentConfig(AppConfig):
    name = "assessment"
    verbose_name = _("Đánh giá mức độ chuyển đổi số")

    def ready(self) -> None:
        # The owner's home in businesses shows each programme's result, certificate, plan and next step.
        from assessment.owner_home import fill_owner_rows
        from assessment.selectors import trial_criteria_set_ids
        from businesses.home import register_row_filler
        from smedx_portal.trial_sets import register_trial_finder

        register_row_filler(fill_owner_rows)
        # Results keep their criteria set's id only: apps below assessment learn here which sets are trials.
        register_trial_finder(trial_criteria_set_ids)
