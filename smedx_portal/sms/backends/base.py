from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass


@dataclass(frozen=True)
class SmsMessage:
    phone: str  # E.164, e.g. +84912345678
    text: str
    reference: str = ""  # caller's idempotency key, passed to the gateway


class TransportError(Exception):
    """The gateway refused or failed. `permanent` errors must not be retried."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class BaseSmsBackend(ABC):
    @abstractmethod
    def send(self, message: SmsMessage) -> str:
        """Send one message; return the gateway's message id, or raise TransportError."""
