"""SMS gateways for the sending tests (the gateway is the one thing tests may stand in for).

Each backend keeps what it accepted in the core outbox, like the locmem backend; behaviour is set per test
through class attributes and reset by the `gateway` fixture.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable

from smedx_portal import sms
from smedx_portal.sms import BaseSmsBackend, SmsMessage, TransportError


class WorkerKilled(BaseException):
    """Stands for the worker process dying (SIGKILL, OOM): not an Exception, nothing catches it."""


class ScriptedBackend(BaseSmsBackend):
    calls = 0
    kill_on_call: int | None = None  # the worker dies during this call (1-based)
    kill_after_accepting = True  # ... after the gateway accepted the message, or before
    transient: dict[str, int] = {}  # phone -> how many more calls fail transiently
    permanent: set[str] = set()
    gateway_down = False
    on_send: Callable[[SmsMessage], None] | None = None

    @classmethod
    def reset(cls) -> None:
        cls.calls, cls.kill_on_call, cls.kill_after_accepting = 0, None, True
        cls.transient, cls.permanent, cls.gateway_down, cls.on_send = {}, set(), False, None

    def send(self, message: SmsMessage) -> str:
        cls = type(self)
        cls.calls += 1
        if cls.on_send:
            cls.on_send(message)
        if cls.gateway_down:
            raise TransportError("gateway unreachable")
        if message.phone in cls.permanent:
            raise TransportError("gateway answered 400", permanent=True)
        if cls.transient.get(message.phone, 0) > 0:
            cls.transient[message.phone] -= 1
            raise TransportError("gateway answered 503")
        if cls.kill_on_call == cls.calls:
            if cls.kill_after_accepting:
                sms.outbox.append(message)
            raise WorkerKilled
        sms.outbox.append(message)
        return uuid.uuid4().hex
