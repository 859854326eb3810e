"""Keys: shown once and stored hashed, a prefix to identify them, scopes validated, revocation and expiry."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from smedx_portal.api.keys import KEY_PATTERN, api_key_issue, api_key_lookup, api_key_revoke
from smedx_portal.models import ApiKey, AuditEntry
from tests.factories import BusinessFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_a_key_is_stored_only_as_its_prefix_and_sha256(issue_key):
    key, raw = issue_key(["stats:read"])
    match = KEY_PATTERN.match(raw)
    assert match and match.group(1) == key.prefix
    assert raw.startswith(f"smx_{key.prefix}_") and len(raw) > 50
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    secret = raw.split("_", 2)[2]
    assert all(secret not in str(value) for value in ApiKey.objects.filter(pk=key.pk).values().get().values())
    assert AuditEntry.objects.for_object(key).get().action == "api_key.issue"


def test_two_keys_never_share_a_prefix_or_secret(issue_key):
    keys = [issue_key(["stats:read"]) for _ in range(20)]
    assert len({key.prefix for key, _ in keys}) == 20
    assert len({raw for _, raw in keys}) == 20


def test_lookup_accepts_the_key_and_refuses_a_changed_secret(issue_key):
    key, raw = issue_key(["stats:read"])
    assert api_key_lookup(raw) == (key, None)
    tampered = raw[:-1] + ("A" if raw[-1] != "A" else "B")
    assert api_key_lookup(tampered) == (None, "invalid_api_key")
    assert api_key_lookup("smx_nope") == (None, "invalid_api_key")
    assert api_key_lookup("") == (None, "invalid_api_key")


def test_revoked_and_expired_keys_are_refused(issue_key):
    revoked, revoked_raw = issue_key(["stats:read"])
    api_key_revoke(key=revoked, actor=StaffFactory(), reason="Đối tác ngừng kết nối")
    assert api_key_lookup(revoked_raw) == (None, "api_key_revoked")
    assert (
        AuditEntry.objects.for_object(revoked)
        .filter(action="api_key.revoke", reason="Đối tác ngừng kết nối")
        .exists()
    )

    expired, expired_raw = issue_key(
        ["stats:read"], expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    assert api_key_lookup(expired_raw) == (None, "api_key_expired")


@pytest.mark.parametrize(
    ("scopes", "owner", "message"),
    [
        ([], False, "ít nhất một"),
        (["stats:write"], False, "không hợp lệ"),
        (["province:1:read"], False, "không hợp lệ"),
        (["province:99:read"], False, "99"),
        (["leads:read"], False, "nhà cung cấp"),
    ],
)
def test_scopes_are_validated_when_a_key_is_issued(scopes, owner, message):
    with pytest.raises(ValidationError) as error:
        api_key_issue(name="x", scopes=scopes, owner=BusinessFactory() if owner else None)
    assert message in str(error.value)
    assert not ApiKey.objects.exists()


def test_leads_scopes_need_an_owner_and_province_scopes_name_a_province():
    owner = BusinessFactory()
    issued = api_key_issue(
        name="Nhà cung cấp", scopes=["leads:write", "leads:read", "province:79:read"], owner=owner
    )
    assert issued.key.scopes == ["leads:read", "leads:write", "province:79:read"]
    assert issued.key.owner == owner


def test_the_key_endpoint_describes_the_calling_key_and_records_its_last_use(issue_key, call):
    key, raw = issue_key(["identity:read", "stats:read"], name="Cổng smedx.vn")
    assert key.last_used_at is None
    response = call("get", "/api/v1/key/", key=raw)
    assert response.status_code == 200
    assert response.json() == {
        "name": "Cổng smedx.vn",
        "prefix": key.prefix,
        "scopes": ["identity:read", "stats:read"],
        "owner_type": None,
        "owner_name": None,
        "expires_at": None,
        "created_at": response.json()["created_at"],
        "last_used_at": response.json()["last_used_at"],
    }
    key.refresh_from_db()
    assert key.last_used_at is not None
    assert raw not in response.content.decode()


@pytest.mark.parametrize(
    ("make", "code"),
    [
        (lambda key, raw: (api_key_revoke(key=key, actor=None), raw)[1], "api_key_revoked"),
        (
            lambda key, raw: (ApiKey.objects.filter(pk=key.pk).update(expires_at=timezone.now()), raw)[1],
            "api_key_expired",
        ),
        (lambda key, raw: raw[:-2] + "zz", "invalid_api_key"),
        (lambda key, raw: "smx_" + "a" * 60, "invalid_api_key"),
    ],
    ids=["revoked", "expired", "wrong-secret", "garbage"],
)
def test_a_refused_key_gets_401_with_a_stable_code(issue_key, call, make, code):
    key, raw = issue_key(["stats:read"])
    presented = make(key, raw)
    response = call("get", "/api/v1/stats/businesses/", key=presented)
    assert response.status_code == 401
    assert response.json()["error"]["code"] == code
    assert response["WWW-Authenticate"].startswith("Bearer")
