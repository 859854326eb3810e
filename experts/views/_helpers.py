from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator

PAGE_SIZE = 20


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


def client_ip(request) -> str:
    """The client's address, trusting as many X-Forwarded-For hops as there are proxies in front of us."""
    proxies = settings.ALLAUTH_TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [
            part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")
