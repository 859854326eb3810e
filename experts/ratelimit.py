"""Posting limits per account (or per address for anonymous forms), counted in Django's cache."""

from __future__ import annotations

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _


class RateLimited(Exception):
    message = _("Bạn gửi quá nhiều trong thời gian ngắn. Vui lòng thử lại sau ít phút.")


def check_rate(*, key: str, rate: tuple[int, int]) -> None:
    """Count one more action under `key`; raise RateLimited past `count` actions in `seconds` (fixed window)."""
    count, seconds = rate
    cache_key = f"experts:rate:{key}"
    cache.add(cache_key, 0, timeout=seconds)
    try:
        used = cache.incr(cache_key)
    except ValueError:  # expired between add and incr
        cache.set(cache_key, 1, timeout=seconds)
        used = 1
    if used > count:
        raise RateLimited(str(RateLimited.message))
