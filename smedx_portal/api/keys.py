"""API keys: issue (shown once), verify, revoke. Only a prefix and a SHA-256 of the whole key are stored.

A key looks like `smx_<8-character prefix>_<43-character secret>`. The prefix identifies the key in logs and
admin; the secret has 256 bits of entropy, so a plain SHA-256 is enough (no slow hash needed), and the stored
hash is compared in constant time.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import string
from dataclasses import dataclass
from typing import Any

from django.apps import apps as django_apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from smedx_portal.models import ApiKey
from smedx_portal.services import audit_log

KEY_PREFIX = "smx"
PREFIX_ALPHABET = string.ascii_lowercase + string.digits
PREFIX_LENGTH = 8
KEY_PATTERN = re.compile(rf"^{KEY_PREFIX}_([a-z0-9]{{{PREFIX_LENGTH}}})_([A-Za-z0-9_-]{{20,128}})$")

# The scopes a key can hold. `province:<code>:read` is a pattern: two-digit province code.
SCOPE_CATALOGUE_READ = "catalogue:read"
SCOPE_LEADS_READ = "leads:read"
SCOPE_LEADS_WRITE = "leads:write"
SCOPE_STATS_READ = "stats:read"
SCOPE_IDENTITY_READ = "identity:read"
FIXED_SCOPES = {
    SCOPE_CATALOGUE_READ: _("Đọc danh mục nền tảng được lựa chọn"),
    SCOPE_LEADS_READ: _("Đọc đăng ký sử dụng nền tảng của chính nhà cung cấp"),
    SCOPE_LEADS_WRITE: _("Xác nhận, từ chối đăng ký sử dụng; báo cáo số liệu; cấu hình webhook"),
    SCOPE_STATS_READ: _("Đọc số liệu thống kê mở toàn quốc"),
    SCOPE_IDENTITY_READ: _("Tra cứu mã số thuế đã đăng ký (trao đổi định danh)"),
}
PROVINCE_SCOPE = re.compile(r"^province:(\d{2}):read$")
OWNER_SCOPES = {SCOPE_LEADS_READ, SCOPE_LEADS_WRITE}  # only for keys owned by a provider organisation


def is_valid_scope(scope: str) -> bool:
    return scope in FIXED_SCOPES or bool(PROVINCE_SCOPE.match(scope))


def province_codes(scopes: list[str]) -> set[int]:
    """The province codes a key's `province:<code>:read` scopes name."""
    return {int(match.group(1)) for scope in scopes if (match := PROVINCE_SCOPE.match(scope))}


def hash_key(raw_key: str) -> str:
    return hashlib.sha256(raw_key.encode()).hexdigest()


def _new_prefix() -> str:
    return "".join(secrets.choice(PREFIX_ALPHABET) for _ in range(PREFIX_LENGTH))


def generate_key() -> tuple[str, str]:
    """A new (prefix, raw key)."""
    prefix = _new_prefix()
    return prefix, f"{KEY_PREFIX}_{prefix}_{secrets.token_urlsafe(32)}"


def validate_scopes(scopes: list[str], *, has_owner: bool) -> list[str]:
    if not isinstance(scopes, list) or not scopes:
        raise ValidationError({"scopes": _("Chọn ít nhất một phạm vi quyền.")})
    invalid = [scope for scope in scopes if not isinstance(scope, str) or not is_valid_scope(scope)]
    if invalid:
        raise ValidationError(
            {"scopes": _("Phạm vi không hợp lệ: %(scopes)s.") % {"scopes": ", ".join(map(str, invalid))}}
        )
    if not has_owner and OWNER_SCOPES & set(scopes):
        raise ValidationError(
            {"scopes": _("Quyền leads:read/leads:write chỉ cấp cho khóa của một nhà cung cấp nền tảng.")}
        )
    # Reference data by name, not by import: the core sits below `businesses`.
    province_model = django_apps.get_model("businesses", "Province")
    unknown = province_codes(scopes) - set(province_model.objects.values_list("code", flat=True))
    if unknown:
        raise ValidationError(
            {
                "scopes": _("Không có tỉnh/thành phố mã %(codes)s.")
                % {"codes": ", ".join(f"{c:02d}" for c in unknown)}
            }
        )
    return sorted(set(scopes))


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    raw_key: str  # shown once, never stored


@transaction.atomic
def api_key_issue(
    *,
    name: str,
    scopes: list[str],
    owner: models.Model | None = None,
    expires_at=None,
    throttle_rate: str = "",
    created_by: Any | None = None,
) -> IssuedKey:
    """Issue a key. The raw key is returned once; the caller shows it to staff and forgets it."""
    key = ApiKey(
        name=name,
        scopes=validate_scopes(scopes, has_owner=owner is not None),
        throttle_rate=throttle_rate,
        expires_at=expires_at,
        created_by=created_by if getattr(created_by, "pk", None) else None,
    )
    if owner is not None:
        key.owner_content_type = ContentType.objects.get_for_model(owner)
        key.owner_object_id = str(owner.pk)
    for _attempt in range(5):  # a prefix collision (1 in 36^8 per pair) is retried with a new prefix
        key.prefix, raw_key = generate_key()
        key.key_hash = hash_key(raw_key)
        key.full_clean()
        try:
            with transaction.atomic():
                key.save()
            break
        except IntegrityError:
            continue
    else:  # pragma: no cover - astronomically unlikely
        raise RuntimeError("could not find a free API key prefix")
    audit_log(
        actor=created_by, obj=key, action="api_key.issue", data={"scopes": key.scopes, "prefix": key.prefix}
    )
    return IssuedKey(key=key, raw_key=raw_key)


@transaction.atomic
def api_key_revoke(*, key: ApiKey, actor: Any | None, reason: str = "") -> ApiKey:
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.revoked_by = actor if getattr(actor, "pk", None) else None
        key.revoke_reason = reason
        key.save(update_fields=["revoked_at", "revoked_by", "revoke_reason"])
        audit_log(actor=actor, obj=key, action="api_key.revoke", reason=reason)
    return key


@transaction.atomic
def api_key_update(
    *, key: ApiKey, actor: Any | None, scopes: list[str], expires_at=None, throttle_rate: str = ""
) -> ApiKey:
    """Change what a key may do (staff, in admin). The key string itself never changes."""
    before = {"scopes": key.scopes, "expires_at": key.expires_at and key.expires_at.isoformat()}
    key.scopes = validate_scopes(scopes, has_owner=key.owner_content_type_id is not None)
    key.expires_at = expires_at
    key.throttle_rate = throttle_rate
    key.full_clean()
    key.save(update_fields=["scopes", "expires_at", "throttle_rate"])
    audit_log(
        actor=actor,
        obj=key,
        action="api_key.update",
        data={
            "before": before,
            "after": {"scopes": key.scopes, "expires_at": expires_at and expires_at.isoformat()},
        },
    )
    return key


class KeyLookup:
    """The outcome of looking a raw key up: the key, or why not."""

    UNKNOWN = "invalid_api_key"
    REVOKED = "api_key_revoked"
    EXPIRED = "api_key_expired"


def api_key_lookup(raw_key: str) -> tuple[ApiKey | None, str | None]:
    """(key, None) for a usable key; (None, reason) otherwise. One indexed query; constant-time comparison."""
    match = KEY_PATTERN.match(raw_key or "")
    if not match:
        return None, KeyLookup.UNKNOWN
    key = ApiKey.objects.select_related("owner_content_type").filter(prefix=match.group(1)).first()
    if key is None or not hmac.compare_digest(key.key_hash, hash_key(raw_key)):
        return None, KeyLookup.UNKNOWN
    if key.is_revoked:
        return None, KeyLookup.REVOKED
    if key.is_expired():
        return None, KeyLookup.EXPIRED
    return key, None


LAST_USED_RESOLUTION_SECONDS = 60


def api_key_touch(key: ApiKey) -> None:
    """Record the last use, at most once a minute per key (no write on every call)."""
    now = timezone.now()
    if key.last_used_at is None or (now - key.last_used_at).total_seconds() >= LAST_USED_RESOLUTION_SECONDS:
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
