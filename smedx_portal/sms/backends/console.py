import logging
import sys
import uuid

from smedx_portal.sms.backends.base import BaseSmsBackend, SmsMessage

logger = logging.getLogger(__name__)


class SmsBackend(BaseSmsBackend):
    """Development: prints each message instead of sending it."""

    def send(self, message: SmsMessage) -> str:
        message_id = uuid.uuid4().hex
        sys.stdout.write(f"[SMS to {message.phone}] {message.text}\n")
        sys.stdout.flush()
        return message_id
