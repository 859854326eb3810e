"""Schemathesis against the live API: every operation, generated valid and invalid inputs, a seeded key with all
scopes. No server error and no response breaking the schema. Bounded (examples per operation, time) for CI."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from django.utils import timezone

from accounts.models import ConsentPurpose
from businesses.models import BusinessKind, VerificationStatus
from businesses.stats import stats_rebuild
from platforms.models import ListingStatus, UsageRegistration
from smedx_portal.api.keys import FIXED_SCOPES, api_key_issue
from smedx_portal.api.webhooks import webhook_endpoint_set
from smedx_portal.levels import Level
from tests.factories import BusinessFactory, MembershipFactory, consenting
from tests.platforms.factories import ListingFactory, PlatformFactory, ProviderFactory

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")
MAX_EXAMPLES = int(os.environ.get("API_SCHEMATHESIS_EXAMPLES", "10"))
MAX_SECONDS = int(os.environ.get("API_SCHEMATHESIS_SECONDS", "60"))


def reference_data() -> None:
    """What migrations load (provinces, sectors, the catalogue's groups), again if an earlier transactional test
    flushed it, and a published criteria set. Cheaper than a serialized rollback of the whole database."""
    from assessment.criteria_files import CRITERIA_DIR, read_criteria_file
    from assessment.demo import publish_with_demo_approvals
    from assessment.models import CriteriaSet
    from assessment.services.criteria_sets import criteria_set_load
    from businesses.models import Province
    from businesses.reference import reference_data_load
    from platforms.models import CategoryGroup
    from platforms.seed import catalogue_load

    if not Province.objects.exists():
        reference_data_load()
    if not CategoryGroup.objects.exists():
        catalogue_load()
    if not CriteriaSet.objects.published().exists():
        publish_with_demo_approvals(criteria_set_load(spec=read_criteria_file(CRITERIA_DIR / "rdx.yaml")))


def seed() -> str:
    """A provider with listed platforms and registrations, businesses in the statistics; a key with every scope."""
    reference_data()
    provider = ProviderFactory(name="Kế Toán Việt")
    platforms = [PlatformFactory(provider=provider, name=f"Nền tảng {n}") for n in range(2)]
    for slot, platform in enumerate(platforms, start=1):
        ListingFactory(platform=platform, status=ListingStatus.SELECTED, slot=slot)
    for n in range(12):
        business = BusinessFactory(
            kind=BusinessKind.ENTERPRISE if n % 3 == 0 else BusinessKind.RETAIL_STORE,
            in_smedx=n % 3 == 0,
            tax_code="0100109106" if n == 0 else None,
            verification_status=VerificationStatus.VERIFIED,
            result={"level": Level.GROWTH, "score": Decimal("55.5")} if n % 2 else None,
        )
        membership = MembershipFactory(business=business)
        consenting(membership.user, ConsentPurpose.PROVIDER_SHARING)
        if n < 6:
            registration = UsageRegistration.objects.create(
                business=business,
                platform=platforms[n % 2],
                requested_by=membership.user,
                message="Xin tư vấn",
            )
            UsageRegistration.objects.filter(pk=registration.pk).update(
                created_at=timezone.now() - datetime.timedelta(days=n)
            )
    stats_rebuild()
    # An endpoint to read, rotate and delete; paused, so nothing is sent unless the run sets a URL of its own.
    webhook_endpoint_set(owner=provider, url="https://93.184.215.14/smedx-hook", is_active=False)
    issued = api_key_issue(
        name="Schemathesis",
        scopes=[*FIXED_SCOPES, "province:01:read"],
        owner=provider,
        throttle_rate="100000/min",
    )
    return issued.raw_key


@pytest.mark.schemathesis
@pytest.mark.django_db(transaction=True)
def test_schemathesis_finds_no_server_error_and_no_schema_violation(live_server, settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.API_WEBHOOK_ALLOW_PRIVATE = (
        False  # URLs it sets are checked like in production, not called locally
    )
    settings.API_WEBHOOK_TIMEOUT = 2
    raw_key = seed()
    command = [
        str(SCHEMATHESIS),
        "run",
        f"{live_server.url}/api/schema/",
        "--url",
        live_server.url,
        "--header",
        f"Authorization: Bearer {raw_key}",
        "--header",
        "Accept-Language: vi",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--max-examples",
        str(MAX_EXAMPLES),
        "--phases",
        "examples,coverage,fuzzing",
        "--seed",
        "20260302",
        "--workers",
        "1",
        "--request-timeout",
        "30",
        "--max-time",
        str(MAX_SECONDS),
        "--no-color",
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=240, cwd=tmp_path)
    output = result.stdout + result.stderr
    print(output[-3000:])  # the summary, visible with -s or on failure
    assert result.returncode == 0, output[-8000:]
    assert "No issues found" in output or " passed" in output, output[-4000:]
