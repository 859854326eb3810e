from programmes.models.consultations import (
    Consultation,
    ConsultationQuestion,
    ConsultationState,
    PolicyComment,
)
from programmes.models.group import Decision, DecisionKind, Ministry, WorkingGroupMember
from programmes.models.monitoring import ProgressAlert, ProgressSnapshot
from programmes.models.outreach import FollowUp, FollowUpStep, OutreachAssignment
from programmes.models.plans import (
    EDITABLE_PLAN_STATUSES,
    PLAN_FIGURE_FIELDS,
    PlanAction,
    PlanMilestone,
    PlanRevision,
    PlanStatus,
    PlanTarget,
    PlanTemplate,
    ProvincePlan,
)
from programmes.models.reports import OPEN_REPORT_STATUSES, ProvinceReport, ReportPeriod, ReportStatus

__all__ = [
    "EDITABLE_PLAN_STATUSES",
    "OPEN_REPORT_STATUSES",
    "PLAN_FIGURE_FIELDS",
    "Consultation",
    "ConsultationQuestion",
    "ConsultationState",
    "Decision",
    "DecisionKind",
    "FollowUp",
    "FollowUpStep",
    "Ministry",
    "OutreachAssignment",
    "PlanAction",
    "PlanMilestone",
    "PolicyComment",
    "PlanRevision",
    "PlanStatus",
    "PlanTarget",
    "PlanTemplate",
    "ProgressAlert",
    "ProgressSnapshot",
    "ProvincePlan",
    "ProvinceReport",
    "ReportPeriod",
    "ReportStatus",
    "WorkingGroupMember",
]
