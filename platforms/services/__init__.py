"""Business operations of the catalogue (one function per use case), called by views, admin and tasks alike."""

from platforms.services.applications import fast_track_sources, listing_apply, listing_fast_track
from platforms.services.decisions import (
    evaluation_submit,
    listing_add_complementary,
    listing_certify,
    listing_delist,
    listing_reject,
    listing_select,
    listing_start_evaluation,
    review_record,
    weighted_total,
)
from platforms.services.providers import (
    document_add,
    offer_save,
    platform_create,
    platform_update,
    provider_register,
    provider_update,
)
from platforms.services.trials import (
    trial_accept,
    trial_cancel,
    trial_decline,
    trial_mark_ready,
    trial_moderate,
    trial_rate,
    trial_request,
)
from platforms.services.usage import (
    usage_cancel,
    usage_confirm,
    usage_decline,
    usage_notify_provider,
    usage_recount,
    usage_register,
)

__all__ = [
    "document_add",
    "evaluation_submit",
    "fast_track_sources",
    "listing_add_complementary",
    "listing_apply",
    "listing_certify",
    "listing_delist",
    "listing_fast_track",
    "listing_reject",
    "listing_select",
    "listing_start_evaluation",
    "offer_save",
    "platform_create",
    "platform_update",
    "provider_register",
    "provider_update",
    "review_record",
    "trial_accept",
    "trial_cancel",
    "trial_decline",
    "trial_mark_ready",
    "trial_moderate",
    "trial_rate",
    "trial_request",
    "usage_cancel",
    "usage_confirm",
    "usage_decline",
    "usage_notify_provider",
    "usage_recount",
    "usage_register",
    "weighted_total",
]
