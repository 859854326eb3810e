"""Webhooks: an owner (a provider organisation) sets an HTTPS URL and gets a secret; events are delivered as
JSON, signed, retried with exponential backoff for about a day, and logged attempt by attempt.

Signature (documented in the API description, verified in the tests by an independent implementation):

    X-SMEdx-Timestamp: <Unix time in seconds of this attempt>
    X-SMEdx-Signature: v1=<hex HMAC-SHA256(key=secret, message=timestamp + "." + raw body)>

No SSRF: outside development the URL must be https, and every address its host resolves to must be public
(no private, loopback, link-local, multicast or reserved range); the connection then goes to the address that
was checked (no second DNS answer in between), and redirects are not followed.
"""

from smedx_portal.api.webhooks.delivery import (
    CLAIM_SECONDS,
    RETRYABLE,
    AttemptOutcome,
    PinnedHTTPConnection,
    PinnedHTTPSConnection,
    connection_supports_skip_locked,
    retry_delay,
    retry_schedule,
    webhook_deliver,
    webhook_due_ids,
    webhook_log_purge,
)
from smedx_portal.api.webhooks.endpoints import (
    EndpointChange,
    subject_key,
    webhook_emit,
    webhook_enabled,
    webhook_endpoint_delete,
    webhook_endpoint_of,
    webhook_endpoint_rotate_secret,
    webhook_endpoint_set,
    webhook_redeliver,
)
from smedx_portal.api.webhooks.signing import (
    DELIVERY_HEADER,
    EVENT_HEADER,
    EVENTS,
    SIGNATURE_HEADER,
    SIGNATURE_VERSION,
    TIMESTAMP_HEADER,
    USER_AGENT,
    UnsafeWebhookUrl,
    check_webhook_url,
    new_secret,
    sign,
)

__all__ = [
    "AttemptOutcome",
    "CLAIM_SECONDS",
    "DELIVERY_HEADER",
    "EVENTS",
    "EVENT_HEADER",
    "EndpointChange",
    "PinnedHTTPConnection",
    "PinnedHTTPSConnection",
    "RETRYABLE",
    "SIGNATURE_HEADER",
    "SIGNATURE_VERSION",
    "TIMESTAMP_HEADER",
    "USER_AGENT",
    "UnsafeWebhookUrl",
    "check_webhook_url",
    "connection_supports_skip_locked",
    "new_secret",
    "retry_delay",
    "retry_schedule",
    "sign",
    "subject_key",
    "webhook_deliver",
    "webhook_due_ids",
    "webhook_emit",
    "webhook_enabled",
    "webhook_endpoint_delete",
    "webhook_endpoint_of",
    "webhook_endpoint_rotate_secret",
    "webhook_endpoint_set",
    "webhook_log_purge",
    "webhook_redeliver",
]
