from programmes.models.group import Decision, DecisionKind, Ministry, WorkingGroupMember
from programmes.models.monitoring import ProgressAlert, ProgressSnapshot
from programmes.models.outreach import FollowUp, FollowUpStep, OutreachAssignment
from programmes.models.plans import (
    EDITABLE_PLAN_STATUSES,
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
    "Decision",
    "DecisionKind",
    "FollowUp",
    "FollowUpStep",
    "Ministry",
    "OutreachAssignment",
    "PlanMilestone",
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
