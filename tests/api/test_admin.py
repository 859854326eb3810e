"""Staff issue keys in the admin: the key is shown once on the page that follows, never again, never stored."""

from __future__ import annotations

import hashlib
import re

import pytest

from smedx_portal.models import ApiKey, AuditEntry
from tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client):
    staff = StaffFactory()
    client.force_login(staff)
    client.staff = staff
    return client


def test_staff_issue_a_partner_key_and_see_it_once(staff_client):
    form = staff_client.get("/admin/core/apikey/add/")
    assert form.status_code == 200
    response = staff_client.post(
        "/admin/core/apikey/add/",
        {
            "owner_choice": "",
            "name": "Cổng smedx.vn",
            "fixed_scopes": ["identity:read", "stats:read"],
            "province_codes": "1, 79",
            "expires_at_0": "",
            "expires_at_1": "",
            "throttle_rate": "",
        },
    )
    assert response.status_code == 200
    assert "no-cache" in response["Cache-Control"]
    page = response.content.decode()
    raw = re.search(r"smx_[a-z0-9]{8}_[A-Za-z0-9_-]{43}", page).group(0)
    key = ApiKey.objects.get()
    assert key.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert key.scopes == ["identity:read", "province:01:read", "province:79:read", "stats:read"]
    assert key.created_by == staff_client.staff
    assert AuditEntry.objects.for_object(key).get().actor == staff_client.staff

    again = staff_client.get(f"/admin/core/apikey/{key.pk}/change/").content.decode()
    assert raw not in again and f"smx_{key.prefix}_…" in again
    assert raw not in staff_client.get("/admin/core/apikey/").content.decode()


def test_leads_scopes_without_an_owner_are_refused_on_the_form(staff_client):
    response = staff_client.post(
        "/admin/core/apikey/add/",
        {"owner_choice": "", "name": "Sai", "fixed_scopes": ["leads:read"], "province_codes": ""},
    )
    assert response.status_code == 200
    assert "chỉ cấp cho khóa của một nhà cung cấp" in response.content.decode()
    assert not ApiKey.objects.exists()


def test_staff_change_scopes_and_revoke(staff_client, issue_key):
    key, _raw = issue_key(["stats:read"])
    response = staff_client.post(
        f"/admin/core/apikey/{key.pk}/change/",
        {"fixed_scopes": ["stats:read", "catalogue:read"], "province_codes": "", "throttle_rate": "60/min"},
    )
    assert response.status_code == 302
    key.refresh_from_db()
    assert key.scopes == ["catalogue:read", "stats:read"] and key.throttle_rate == "60/min"

    staff_client.post("/admin/core/apikey/", {"action": "revoke", "_selected_action": [key.pk]})
    key.refresh_from_db()
    assert key.revoked_at is not None and key.revoked_by == staff_client.staff
    assert list(AuditEntry.objects.for_object(key).values_list("action", flat=True)) == [
        "api_key.revoke",
        "api_key.update",
        "api_key.issue",
    ]


def test_keys_cannot_be_deleted_and_others_cannot_see_them(client, staff_client, issue_key):
    key, _raw = issue_key(["stats:read"])
    assert staff_client.get(f"/admin/core/apikey/{key.pk}/delete/").status_code == 403
    client.force_login(UserFactory())
    assert client.get("/admin/core/apikey/").status_code == 302


def test_the_call_log_is_read_only(staff_client, call, issue_key):
    _key, raw = issue_key(["stats:read"])
    call("get", "/api/v1/key/", key=raw)
    page = staff_client.get("/admin/core/apicall/")
    assert page.status_code == 200 and "/api/v1/key/" in page.content.decode()
    assert staff_client.get("/admin/core/apicall/add/").status_code == 403


def test_staff_issue_a_key_to_a_provider_organisation(staff_client, call, settings):
    from tests.platforms.factories import ProviderFactory

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    provider = ProviderFactory(name="Kế Toán Việt")
    form = staff_client.get("/admin/core/apikey/add/").content.decode()
    assert f"platforms.provider:{provider.pk}" in form and "Kế Toán Việt" in form
    response = staff_client.post(
        "/admin/core/apikey/add/",
        {
            "owner_choice": f"platforms.provider:{provider.pk}",
            "name": "Cổng Kế Toán Việt",
            "fixed_scopes": ["leads:read", "leads:write"],
            "province_codes": "",
        },
    )
    raw = re.search(r"smx_[a-z0-9]{8}_[A-Za-z0-9_-]{43}", response.content.decode()).group(0)
    assert ApiKey.objects.get().owner == provider
    info = call("get", "/api/v1/key/", key=raw).json()
    assert (info["owner_type"], info["owner_name"]) == ("platforms.provider", "Kế Toán Việt")
    assert call("get", "/api/v1/provider/usage-registrations/", key=raw).status_code == 200
