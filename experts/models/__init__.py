"""The expert network: applications, experts and their certificates, consultations, public Q&A, support."""

from experts.models.consultations import (
    Channel,
    Consultation,
    ConsultationStatus,
    Invitation,
    InvitationStatus,
    Message,
)
from experts.models.network import (
    ApplicationDocument,
    ApplicationStatus,
    Expert,
    ExpertApplication,
    ExpertKind,
    ExpertSpecialty,
    ExpertStatus,
    Language,
    NetworkRules,
)
from experts.models.qa import Answer, ContentReport, PostStatus, Question, QuestionTopic, ReportStatus
from experts.models.support import SupportRequest, SupportStatus

__all__ = [
    "Answer",
    "ApplicationDocument",
    "ApplicationStatus",
    "Channel",
    "Consultation",
    "ConsultationStatus",
    "ContentReport",
    "Expert",
    "ExpertApplication",
    "ExpertKind",
    "ExpertSpecialty",
    "ExpertStatus",
    "Invitation",
    "InvitationStatus",
    "Language",
    "Message",
    "NetworkRules",
    "PostStatus",
    "Question",
    "QuestionTopic",
    "ReportStatus",
    "SupportRequest",
    "SupportStatus",
]
