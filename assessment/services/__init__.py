"""Business operations of the survey, by concern: criteria sets, taking, submitting, results, certificates.

Every function is keyword-only where it writes and runs in a transaction; views, admin actions, the API and
commands call these through this package.
"""

from assessment.services.certificates import CERTIFICATE_VALIDITY_DAYS, assessment_verify, can_verify
from assessment.services.criteria_sets import (
    CriteriaSetFrozen,
    criteria_set_check,
    criteria_set_load,
    criteria_set_new_version,
    criteria_set_publish,
)
from assessment.services.results import assessment_result
from assessment.services.submitting import AssessmentIncomplete, assessment_submit, incomplete_pages
from assessment.services.taking import (
    START_READS,
    AssessmentLocked,
    NoCriteria,
    PageResult,
    PhaseClosed,
    assessment_save_page,
    assessment_start,
    business_profile,
    channel_for,
    load_answers,
    load_answers_for,
    parse_page,
)

__all__ = [
    "CERTIFICATE_VALIDITY_DAYS",
    "AssessmentIncomplete",
    "AssessmentLocked",
    "CriteriaSetFrozen",
    "NoCriteria",
    "PageResult",
    "PhaseClosed",
    "START_READS",
    "assessment_result",
    "assessment_save_page",
    "assessment_start",
    "assessment_submit",
    "assessment_verify",
    "business_profile",
    "can_verify",
    "channel_for",
    "criteria_set_check",
    "criteria_set_load",
    "criteria_set_new_version",
    "criteria_set_publish",
    "incomplete_pages",
    "load_answers",
    "load_answers_for",
    "parse_page",
]
