"""The provider's pages: organisation, platforms, applications with status and comments, offers, leads."""

import pytest

from platforms import services
from platforms.models import Offer, Platform, Provider
from tests.factories import UserFactory
from tests.platforms.conftest import png_upload
from tests.platforms.factories import ProviderUserFactory

pytestmark = pytest.mark.django_db


def test_a_provider_account_registers_its_organisation_then_a_platform(client):
    user = ProviderUserFactory()
    client.force_login(user)
    assert client.get("/nha-cung-cap/")["Location"] == "/nha-cung-cap/to-chuc/"
    response = client.post(
        "/nha-cung-cap/to-chuc/",
        {"name": "Công ty TNHH Bán Lẻ Số", "contact_name": "Trần Thị Mai", "contact_phone": "+84912345678"},
    )
    assert response.status_code == 302
    provider = Provider.objects.get(owner=user)
    response = client.post(
        "/nha-cung-cap/nen-tang/moi/",
        {
            "name": "Sổ Bán Hàng Điện Tử",
            "short_description": "Quản lý bán hàng cho tạp hóa",
            "features": "Bán hàng\nQuản lý kho",
            "logo_upload": png_upload(),
        },
    )
    platform = Platform.objects.get(provider=provider)
    assert response["Location"] == f"/nha-cung-cap/nen-tang/{platform.pk}/ung-tuyen/"
    assert (
        platform.search_key
        == "so ban hang đien tu cong ty tnhh ban le so quan ly ban hang cho tap hoa".replace("đ", "d")
    )
    assert platform.logo.name.endswith(".png")
    assert platform.feature_list() == ["Bán hàng", "Quản lý kho"]


def test_only_provider_accounts(client):
    client.force_login(UserFactory())
    assert client.get("/nha-cung-cap/").status_code == 403
    assert client.get("/nha-cung-cap/to-chuc/").status_code == 403
    client.logout()
    assert client.get("/nha-cung-cap/").status_code == 302


def test_dashboard_shows_statuses_comments_and_history(client, listing, evaluate, staff):
    evaluate(listing)
    services.listing_reject(listing=listing, actor=staff, reason="Chưa đáp ứng tiêu chí an toàn bảo mật")
    owner = listing.platform.provider.owner
    client.force_login(owner)
    html = client.get("/nha-cung-cap/").content.decode()
    assert 'data-status="rejected"' in html
    assert "Chưa đáp ứng tiêu chí an toàn bảo mật" in html
    page = client.get(f"/nha-cung-cap/ho-so/{listing.pk}/").content.decode()
    assert "Lịch sử trạng thái" in page
    for label in ("Đã nộp hồ sơ", "Đang đánh giá", "Không được lựa chọn"):
        assert label in page
    assert "Ban quản lý Chương trình" in page  # staff are not named to providers
    assert staff.full_name not in page


def test_provider_pages_of_another_provider_are_404(client, listing):
    client.force_login(ProviderUserFactory())
    services.provider_register(
        user=ProviderUserFactory(), name="Khác", contact_name="A", contact_phone="+84912000000"
    )
    assert client.get(f"/nha-cung-cap/ho-so/{listing.pk}/").status_code == 404
    assert (
        client.get(f"/nha-cung-cap/nen-tang/{listing.platform.pk}/sua/").status_code == 302
    )  # no organisation yet


def test_offers_are_managed_by_their_provider(client, public_platform):
    client.force_login(public_platform.provider.owner)
    response = client.post(
        f"/nha-cung-cap/nen-tang/{public_platform.pk}/uu-dai/moi/",
        {"title": "Giảm 50% năm đầu", "valid_from": "2026-01-01", "is_active": "on"},
    )
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert "Giảm 50% năm đầu" in client.get(f"/nen-tang/{public_platform.pk}/").content.decode()
    client.force_login(ProviderUserFactory())
    assert client.get(f"/nha-cung-cap/uu-dai/{offer.pk}/sua/").status_code == 404
    assert client.get(f"/nha-cung-cap/nen-tang/{public_platform.pk}/uu-dai/moi/").status_code == 404


def test_dashboard_query_count_is_bounded(
    client, public_platform, store, store_owner, django_assert_max_num_queries
):
    services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    client.force_login(public_platform.provider.owner)
    with django_assert_max_num_queries(12):
        response = client.get("/nha-cung-cap/")
    assert response.status_code == 200
