"""A platform selected under SMEdx applies to RDX in one step, reusing its documents."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from platforms import services
from platforms.models import Document, Listing, ListingStatus
from platforms.services.providers import document_add
from tests.platforms.conftest import pdf_upload
from tests.platforms.factories import ProviderUserFactory, group

pytestmark = pytest.mark.django_db


@pytest.fixture
def smedx_listing(platform, accounting, evaluate, staff):
    listing = services.listing_apply(
        platform=platform,
        group=accounting,
        actor=platform.provider.owner,
        commitment=True,
        uploads=[(pdf_upload("dang-ky-kinh-doanh.pdf"), "Giấy đăng ký kinh doanh", "legal")],
    )
    document_add(
        platform=platform,
        upload=pdf_upload(),
        title="Hồ sơ kỹ thuật",
        kind="technical",
        uploaded_by=None,
        listing=listing,
    )
    evaluate(listing)
    return services.listing_select(listing=listing, actor=staff)


def test_fast_track_reuses_documents_and_can_be_selected_without_new_scores(smedx_listing, staff):
    owner = smedx_listing.platform.provider.owner
    documents_before = Document.objects.count()
    rdx = services.listing_fast_track(
        source=smedx_listing, group=group("rdx-pos"), actor=owner, commitment=True
    )
    assert rdx.group.programme == "RDX"
    assert rdx.fast_track_from == smedx_listing
    assert set(rdx.documents.all()) == set(smedx_listing.documents.all())
    assert rdx.documents.count() == 2
    assert Document.objects.count() == documents_before  # nothing uploaded again
    assert rdx.commitment_accepted_at is not None
    selected = services.listing_select(listing=rdx, actor=staff, reason="Đã được SMEdx lựa chọn")
    assert selected.status == ListingStatus.SELECTED


def test_fast_track_page_in_one_step(client, smedx_listing):
    client.force_login(smedx_listing.platform.provider.owner)
    url = f"/nha-cung-cap/ho-so/{smedx_listing.pk}/xet-nhanh-rdx/"
    page = client.get(url)
    assert page.status_code == 200
    assert "Giấy đăng ký kinh doanh" in page.content.decode()
    rdx_pos = group("rdx-pos")
    response = client.post(url, {"group": rdx_pos.pk, "commitment": "on", "note": "Phù hợp cửa hàng tạp hóa"})
    listing = Listing.objects.get(group=rdx_pos)
    assert response.status_code == 302 and response["Location"] == f"/nha-cung-cap/ho-so/{listing.pk}/"
    assert listing.documents.count() == 2


def test_fast_track_conditions(smedx_listing, platform, staff):
    owner = platform.provider.owner
    with pytest.raises(ValidationError, match="Cần cam kết"):
        services.listing_fast_track(
            source=smedx_listing, group=group("rdx-pos"), actor=owner, commitment=False
        )
    with pytest.raises(ValidationError, match="RDX"):
        services.listing_fast_track(
            source=smedx_listing, group=group("smedx-hr"), actor=owner, commitment=True
        )
    with pytest.raises(PermissionDenied):
        services.listing_fast_track(
            source=smedx_listing, group=group("rdx-pos"), actor=ProviderUserFactory(), commitment=True
        )
    services.listing_fast_track(source=smedx_listing, group=group("rdx-pos"), actor=owner, commitment=True)
    with pytest.raises(ValidationError, match="đã có hồ sơ"):
        services.listing_fast_track(
            source=smedx_listing, group=group("rdx-pos"), actor=owner, commitment=True
        )


def test_only_selected_smedx_listings_fast_track(client, listing):
    owner = listing.platform.provider.owner
    with pytest.raises(ValidationError, match="SMEdx lựa chọn"):
        services.listing_fast_track(source=listing, group=group("rdx-pos"), actor=owner, commitment=True)
    client.force_login(owner)
    assert client.get(f"/nha-cung-cap/ho-so/{listing.pk}/xet-nhanh-rdx/").status_code == 404


def test_another_provider_cannot_open_the_fast_track_page(client, smedx_listing):
    client.force_login(ProviderUserFactory())
    assert client.get(f"/nha-cung-cap/ho-so/{smedx_listing.pk}/xet-nhanh-rdx/").status_code == 404
