"""Fixtures of the campaigns tests: people, a sending loop that runs batches like the worker does."""

from __future__ import annotations

import pytest

from campaigns.models import SmsCampaign
from campaigns.services.sending import campaign_send_batch
from tests.factories import ProvinceOfficerFactory, StaffFactory

# Sending tests run at a fixed time inside the 07:00–22:00 window unless they say otherwise.
MORNING = "2026-11-23 09:00:00+07:00"


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Factories hash a password for every user; PBKDF2 would make each test take seconds."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return StaffFactory(full_name="Cán bộ Bộ")


@pytest.fixture
def other_staff(db):
    return StaffFactory(full_name="Cán bộ phê duyệt")


@pytest.fixture
def officer(db):
    return ProvinceOfficerFactory(full_name="Cán bộ Sở Hà Nội")  # province 1 = Hà Nội


@pytest.fixture
def gateway(settings):
    """The scripted test gateway (tests/campaigns/backends.py), reset for each test."""
    from tests.campaigns.backends import ScriptedBackend

    settings.SMS_BACKEND = "tests.campaigns.backends.ScriptedBackend"
    ScriptedBackend.reset()
    yield ScriptedBackend
    ScriptedBackend.reset()


@pytest.fixture
def run_batches():
    """Run a sending campaign's batches one after another, as the worker would (no waiting). Returns the
    list of BatchResults; stops when a batch says to wait for something other than the pace."""

    def _run(campaign: SmsCampaign, *, limit: int = 1000):
        campaign.refresh_from_db()
        results = []
        seq = campaign.batch_seq
        for _ in range(limit):
            result = campaign_send_batch(campaign_id=campaign.pk, seq=seq)
            results.append(result)
            if not result.continues or result.reason != "pace":
                break
            seq = result.next_seq
        return results

    return _run
