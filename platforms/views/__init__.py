"""Public catalogue, usage registration, and the provider's pages. Views are thin: forms → services/selectors."""

from platforms.views.agreements import agreement_detail, agreement_file, agreement_sign
from platforms.views.provider import (
    apply,
    confirm_usage,
    decline_usage,
    document,
    fast_track,
    listing_detail,
    offer_edit,
    platform_edit,
    provider_dashboard,
    provider_profile,
)
from platforms.views.public import cancel_usage, catalogue, detail, group, logo, programme, register_usage
from platforms.views.trials import (
    provider_trials,
    trial_accept,
    trial_cancel,
    trial_decline,
    trial_detail,
    trial_rate,
    trial_ready,
    trial_request,
    trials,
)

__all__ = [
    "agreement_detail",
    "agreement_file",
    "agreement_sign",
    "apply",
    "cancel_usage",
    "catalogue",
    "confirm_usage",
    "decline_usage",
    "detail",
    "document",
    "fast_track",
    "group",
    "listing_detail",
    "logo",
    "offer_edit",
    "platform_edit",
    "programme",
    "provider_dashboard",
    "provider_profile",
    "provider_trials",
    "register_usage",
    "trial_accept",
    "trial_cancel",
    "trial_decline",
    "trial_detail",
    "trial_rate",
    "trial_ready",
    "trial_request",
    "trials",
]
