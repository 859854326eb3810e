"""The brandname SMS gateway over HTTPS (JSON POST), with a timeout and bounded retries.

The gateway contract: POST {url} with a bearer token and
{"brandname", "phone", "text", "reference"}; 2xx answers {"message_id": "..."}.
4xx are permanent refusals (bad number, blocked content); 5xx and network errors are transient.
"""

from __future__ import annotations

import json
import logging
import time
import urllib.error
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from smedx_portal.sms.backends.base import BaseSmsBackend, SmsMessage, TransportError

logger = logging.getLogger(__name__)


class SmsBackend(BaseSmsBackend):
    def __init__(self) -> None:
        if not settings.SMS_GATEWAY_URL.startswith("https://") and not settings.DEBUG:
            raise ImproperlyConfigured("SMS_GATEWAY_URL must be an https:// URL")
        self.url = settings.SMS_GATEWAY_URL
        self.token = settings.SMS_GATEWAY_TOKEN
        self.timeout = settings.SMS_GATEWAY_TIMEOUT
        self.retries = settings.SMS_GATEWAY_RETRIES

    def send(self, message: SmsMessage) -> str:
        last_error: TransportError | None = None
        for attempt in range(self.retries + 1):
            try:
                return self._post(message)
            except TransportError as exc:
                if exc.permanent:
                    raise
                last_error = exc
                logger.warning("SMS gateway attempt %s failed: %s", attempt + 1, exc)
                if attempt < self.retries:
                    time.sleep(min(2**attempt * 0.5, 5))
        assert last_error is not None
        raise last_error

    def _post(self, message: SmsMessage) -> str:
        body = json.dumps(
            {
                "brandname": settings.SMS_BRANDNAME,
                "phone": message.phone,
                "text": message.text,
                "reference": message.reference,
            }
        ).encode()
        request = urllib.request.Request(  # noqa: S310 - URL scheme checked in __init__
            self.url,
            data=body,
            method="POST",
            headers={"Content-Type": "application/json", "Authorization": f"Bearer {self.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                payload = json.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            raise TransportError(
                f"gateway answered {exc.code}", permanent=400 <= exc.code < 500 and exc.code != 429
            )
        except (urllib.error.URLError, TimeoutError, OSError) as exc:
            raise TransportError(f"gateway unreachable: {exc}")
        except ValueError:
            raise TransportError("gateway answered with invalid JSON")
        message_id = payload.get("message_id")
        if not message_id:
            raise TransportError("gateway answer has no message_id")
        return str(message_id)
