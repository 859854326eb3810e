"""Fixtures of the catalogue's tests: a provider with a platform, staff evaluators, small valid files."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.models import ConsentPurpose
from businesses.models import VerificationStatus
from platforms import services
from platforms.models import EvaluationCriterion, ListingStatus
from tests.factories import BusinessFactory, MembershipFactory, StaffFactory, consenting
from tests.platforms.factories import ListingFactory, PlatformFactory, ProviderFactory, group, sign_agreement

PNG_1PX = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf_bytes(text: str = "Ho so ky thuat") -> bytes:
    """A small real PDF (pypdf writes a blank page; the text goes in the metadata)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=200, height=200)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def pdf_upload(name: str = "ho-so.pdf", content_type: str = "application/pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(), content_type=content_type)


def png_upload(name: str = "logo.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG_1PX, content_type="image/png")


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Factories hash a password per user; the default hasher's cost is for production, not for tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return StaffFactory(full_name="Cán bộ Cục")


@pytest.fixture
def evaluators(db):
    return [StaffFactory(full_name=f"Người chấm {n}") for n in (1, 2, 3)]


@pytest.fixture
def provider(db):
    return ProviderFactory(name="Công ty Cổ phần Kế Toán Việt")


@pytest.fixture
def platform(provider):
    return PlatformFactory(provider=provider, name="Kế toán Mây")


@pytest.fixture
def accounting(db):
    return group("smedx-accounting-finance")


@pytest.fixture
def listing(platform, accounting):
    return ListingFactory(platform=platform, group=accounting)


def all_scores(programme: str, value: int) -> dict[int, int]:
    return {c.pk: value for c in EvaluationCriterion.objects.for_programme(programme)}


@pytest.fixture
def evaluate(staff):
    """Score a listing with every criterion at `value` (0–5) by `evaluator` (default: staff)."""

    def _evaluate(listing, value: int = 4, evaluator=None):
        return services.evaluation_submit(
            listing=listing, evaluator=evaluator or staff, scores=all_scores(listing.group.programme, value)
        )

    return _evaluate


@pytest.fixture
def selected_listing(listing, evaluate, staff):
    evaluate(listing)
    selected = services.listing_select(listing=listing, actor=staff)
    sign_agreement(selected)
    return selected


@pytest.fixture
def public_platform(selected_listing):
    assert selected_listing.status == ListingStatus.SELECTED
    return selected_listing.platform


@pytest.fixture
def store_owner(db):
    membership = MembershipFactory(
        business=BusinessFactory(name="Tạp hóa Minh An", verification_status=VerificationStatus.VERIFIED)
    )
    return consenting(membership.user, ConsentPurpose.PROVIDER_SHARING)


@pytest.fixture
def store(store_owner):
    return store_owner.businesses.get()
