"""Certification of platforms that asked for the in-depth evaluation, through the core certificates."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from pypdf import PdfReader

from platforms import services
from smedx_portal.models import AuditEntry, CertificateKind
from tests.platforms.factories import ListingFactory, sign_agreement

pytestmark = pytest.mark.django_db

NEXT_YEAR = datetime.date.today() + datetime.timedelta(days=365)


@pytest.fixture
def in_depth_listing(platform, accounting, evaluate, staff):
    listing = ListingFactory(platform=platform, group=accounting, in_depth_requested=True)
    evaluate(listing, 5)
    selected = services.listing_select(listing=listing, actor=staff)
    sign_agreement(selected)
    return selected


@pytest.fixture
def certify(django_capture_on_commit_callbacks, staff):
    def _certify(listing, **kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.listing_certify(listing=listing, actor=staff, valid_until=NEXT_YEAR, **kwargs)

    return _certify


def test_certificate_pdf_opens_and_contains_the_number(in_depth_listing, certify, staff):
    certificate = certify(in_depth_listing)
    certificate.refresh_from_db()
    assert certificate.kind == CertificateKind.PLATFORM
    assert certificate.number.startswith("NT-")
    assert certificate.subject == in_depth_listing.platform
    assert certificate.holder_name == "Công ty Cổ phần Kế Toán Việt"
    assert "Nhóm: Nền tảng dịch vụ kế toán, tài chính" in certificate.scope
    assert "100.00/100" in certificate.scope or "100,00/100" in certificate.scope
    with certificate.pdf.open("rb") as handle:
        reader = PdfReader(handle)
        text = "".join(page.extract_text() for page in reader.pages)
    assert certificate.number in text
    assert "Kế toán Mây" in text
    in_depth_listing.platform.refresh_from_db()
    assert in_depth_listing.platform.certificate == certificate
    assert (
        AuditEntry.objects.for_object(in_depth_listing).filter(action="listing.certify", actor=staff).exists()
    )


def test_verification_page_by_number_and_platform_page_link(client, in_depth_listing, certify):
    certificate = certify(in_depth_listing)
    page = client.get(f"/chung-nhan/{certificate.number}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-status="active"' in html and "Kế toán Mây" in html and "<svg" in html
    detail = client.get(f"/nen-tang/{in_depth_listing.platform.pk}/").content.decode()
    assert f"/chung-nhan/{certificate.number}/" in detail
    assert "Đã chứng nhận" in detail


def test_only_in_depth_selected_and_scored_platforms_are_certified(listing, evaluate, staff, certify):
    with pytest.raises(ValidationError, match="không đề nghị"):
        certify(listing)
    listing.in_depth_requested = True
    listing.save()
    with pytest.raises(ValidationError, match="được lựa chọn hoặc bổ sung"):
        certify(listing)
    with pytest.raises(ValidationError):
        services.listing_certify(listing=listing, actor=staff, valid_until=datetime.date(2020, 1, 1))


def test_a_revoked_certificate_no_longer_counts_as_certified(client, in_depth_listing, certify, staff):
    from smedx_portal.certificates import certificate_revoke

    certificate = certify(in_depth_listing)
    certificate_revoke(certificate=certificate, actor=staff, reason="Vi phạm cam kết")
    response = client.get("/nen-tang/", {"certified": "on"})
    assert response.context["page"].paginator.count == 0
