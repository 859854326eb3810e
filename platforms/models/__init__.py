"""The catalogue: domains → category groups (per programme) → listings (a platform in a group).

Providers apply with a platform per group; staff evaluate (weighted criteria, several evaluators), select at
most three per group (held by the database: `slot` 1–3 unique per group), add complementary platforms,
certify, review and delist. Businesses register to use a platform; the provider confirms.
Every staff decision goes through `platforms.services`, which writes the audit log and the history.
"""

from platforms.models.agreements import (
    PENDING_AGREEMENT_STATUSES,
    Agreement,
    AgreementQuerySet,
    AgreementStatus,
    AgreementTerms,
    SignatureMethod,
)
from platforms.models.catalogue import (
    MAX_SELECTED_PER_GROUP,
    CategoryGroup,
    CategoryGroupQuerySet,
    CriterionKind,
    Domain,
    EvaluationCriterion,
    EvaluationCriterionQuerySet,
    _Bilingual,
)
from platforms.models.listings import (
    OPEN_STATUSES,
    PUBLIC_STATUSES,
    Evaluation,
    Listing,
    ListingQuerySet,
    ListingStatus,
    Review,
    ReviewOutcome,
    Score,
)
from platforms.models.providers import (
    Document,
    DocumentKind,
    Platform,
    PlatformQuerySet,
    Provider,
    _document_upload_to,
    _logo_upload_to,
)
from platforms.models.reviews import (
    Appeal,
    AppealStatus,
    CycleStatus,
    DelistingNotice,
    PlatformReview,
    ReviewCycle,
)
from platforms.models.trials import (
    OPEN_TRIAL_STATUSES,
    RatingStatus,
    Trial,
    TrialQuerySet,
    TrialStatus,
)
from platforms.models.usage import Offer, OfferQuerySet, UsageRegistration, UsageStatus

__all__ = [
    "Appeal",
    "AppealStatus",
    "CycleStatus",
    "DelistingNotice",
    "PlatformReview",
    "ReviewCycle",
    "PENDING_AGREEMENT_STATUSES",
    "Agreement",
    "AgreementQuerySet",
    "AgreementStatus",
    "AgreementTerms",
    "SignatureMethod",
    "MAX_SELECTED_PER_GROUP",
    "OPEN_STATUSES",
    "OPEN_TRIAL_STATUSES",
    "PUBLIC_STATUSES",
    "CategoryGroup",
    "CategoryGroupQuerySet",
    "CriterionKind",
    "Document",
    "DocumentKind",
    "Domain",
    "Evaluation",
    "EvaluationCriterion",
    "EvaluationCriterionQuerySet",
    "Listing",
    "ListingQuerySet",
    "ListingStatus",
    "Offer",
    "OfferQuerySet",
    "Platform",
    "PlatformQuerySet",
    "Provider",
    "RatingStatus",
    "Review",
    "ReviewOutcome",
    "Score",
    "Trial",
    "TrialQuerySet",
    "TrialStatus",
    "UsageRegistration",
    "UsageStatus",
    "_Bilingual",
    "_document_upload_to",
    "_logo_upload_to",
]
