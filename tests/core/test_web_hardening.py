"""The web fixes of issue 19: no open redirect through any `next`, the language cookie's flags, and a signed-in
person's pages and downloads sent `Cache-Control: private, no-store`."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.urls import reverse

from businesses.models import BusinessKind
from tests.factories import BusinessFactory, MembershipFactory, ProvinceOfficerFactory

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.django_db


def test_every_next_in_the_code_goes_through_safe_next():
    """A grep of the code: `next` is read from a request only by smedx_portal.redirects.safe_next."""
    reads = re.compile(r"""(GET|POST|REQUEST)(\.get\(|\[)\s*["']next["']""")
    found = []
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT).as_posix()
        if relative.startswith((".venv/", "tests/")) or relative == "smedx_portal/redirects.py":
            continue
        found += [
            f"{relative}: {line.strip()}" for line in path.read_text().splitlines() if reads.search(line)
        ]
    assert found == []


@pytest.mark.parametrize(
    ("target", "followed"),
    [
        ("https://evil.example/phish", False),
        ("//evil.example/", False),
        ("/\\evil.example", False),
        ("javascript:alert(1)", False),
        ("/doanh-nghiep/", True),
    ],
)
def test_the_verification_decision_follows_only_local_next(client, target, followed):
    business = BusinessFactory(kind=BusinessKind.RETAIL_STORE)
    client.force_login(ProvinceOfficerFactory())
    response = client.post(
        reverse("businesses:decide_verification", args=[business.pk]),
        {"decision": "verify", "reason": "", "next": target},
    )
    assert response.status_code == 302
    expected = target if followed else reverse("businesses:verification_queue")
    assert response["Location"] == expected


def test_the_language_cookie_is_samesite_lax_and_http_only(client, settings):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"})
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie["samesite"] == "Lax" and cookie["httponly"]
    settings.LANGUAGE_COOKIE_SECURE = (
        True  # production's value (settings: LANGUAGE_COOKIE_SECURE = PRODUCTION)
    )
    assert client.post(reverse("set_language"), {"language": "vi"}).cookies["django_language"]["secure"]


def test_production_sets_the_language_cookie_secure():
    text = (ROOT / "smedx_portal" / "settings" / "security.py").read_text()
    assert "LANGUAGE_COOKIE_SECURE = PRODUCTION" in text


def test_personal_pages_and_downloads_are_private_no_store(client):
    membership = MembershipFactory()
    client.force_login(membership.user)
    urls = [
        reverse("businesses:mine"),
        reverse("businesses:detail", args=[membership.business_id]),
        reverse("businesses:edit", args=[membership.business_id]),
        reverse("privacy:mine"),
        reverse("privacy:download_json"),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        directives = {part.strip() for part in response["Cache-Control"].split(",")}
        assert {"private", "no-store"} <= directives, url


def test_public_pages_keep_their_own_caching(client):
    response = client.get(reverse("businesses:wards"), {"province": "1"})
    assert "no-store" not in response.get("Cache-Control", "")
