import uuid

from smedx_portal.sms.backends.base import BaseSmsBackend, SmsMessage


class SmsBackend(BaseSmsBackend):
    """Tests: keeps messages in `smedx_portal.sms.outbox` (in this process)."""

    def send(self, message: SmsMessage) -> str:
        from smedx_portal import sms

        sms.outbox.append(message)
        return uuid.uuid4().hex
