"""Public catalogue: pages by programme and group, accent-insensitive search, filters, detail, bounded queries."""

import pytest

from platforms import selectors, services
from platforms.models import ListingStatus, Platform
from smedx_portal.certificates import certificate_issue
from smedx_portal.models import CertificateKind
from tests.platforms.factories import (
    ListingFactory,
    OfferFactory,
    PlatformFactory,
    ProviderFactory,
    group,
    sign_agreement,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def catalogue(staff, evaluate):
    """Five public platforms across groups and programmes, and one still under evaluation."""
    provider = ProviderFactory(name="Công ty MISA")
    made = {}
    for name, code, status in [
        ("Kế toán Mây", "smedx-accounting-finance", ListingStatus.SELECTED),
        ("Hóa đơn Điện Tử Xanh", "rdx-e-invoice", ListingStatus.SELECTED),
        ("Bán Hàng Nhanh", "rdx-pos", ListingStatus.SELECTED),
        ("Sổ Bán Hàng", "rdx-pos", ListingStatus.COMPLEMENTARY),
        ("Nhân Sự 365", "smedx-hr", ListingStatus.SELECTED),
        ("Chưa Duyệt", "smedx-hr", ListingStatus.UNDER_EVALUATION),
    ]:
        platform = PlatformFactory(provider=provider, name=name)
        platform.search_key = services.providers.platform_search_key(platform)
        platform.save()
        listing = ListingFactory(platform=platform, group=group(code))
        evaluate(listing)
        if status == ListingStatus.SELECTED:
            sign_agreement(services.listing_select(listing=listing, actor=staff))
        elif status == ListingStatus.COMPLEMENTARY:
            sign_agreement(services.listing_add_complementary(listing=listing, actor=staff))
        made[name] = platform
    OfferFactory(platform=made["Bán Hàng Nhanh"])
    return made


def names(response) -> list[str]:
    return [platform.name for platform in response.context["page"]]


def test_catalogue_lists_only_selected_and_complementary(client, catalogue):
    response = client.get("/nen-tang/")
    assert response.status_code == 200
    assert sorted(names(response)) == [
        "Bán Hàng Nhanh",
        "Hóa đơn Điện Tử Xanh",
        "Kế toán Mây",
        "Nhân Sự 365",
        "Sổ Bán Hàng",
    ]
    assert "Chưa Duyệt" not in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("ke toan", ["Kế toán Mây"]),
        ("KẾ TOÁN", ["Kế toán Mây"]),
        ("hoa don dien tu", ["Hóa đơn Điện Tử Xanh"]),
        ("ban hang", ["Bán Hàng Nhanh", "Sổ Bán Hàng"]),
        ("misa", ["Bán Hàng Nhanh", "Hóa đơn Điện Tử Xanh", "Kế toán Mây", "Nhân Sự 365", "Sổ Bán Hàng"]),
        ("chua duyet", []),
        ("khong co", []),
    ],
)
def test_accent_insensitive_search(client, catalogue, query, expected):
    assert sorted(names(client.get("/nen-tang/", {"q": query}))) == expected


def test_filters(client, catalogue):
    assert sorted(names(client.get("/nen-tang/", {"programme": "RDX"}))) == [
        "Bán Hàng Nhanh",
        "Hóa đơn Điện Tử Xanh",
        "Sổ Bán Hàng",
    ]
    assert sorted(names(client.get("/nen-tang/", {"group": "rdx-pos"}))) == ["Bán Hàng Nhanh", "Sổ Bán Hàng"]
    assert names(client.get("/nen-tang/", {"offers": "on"})) == ["Bán Hàng Nhanh"]
    assert names(client.get("/nen-tang/", {"certified": "on"})) == []
    assert names(client.get("/nen-tang/", {"group": "rdx-pos", "q": "so ban"})) == ["Sổ Bán Hàng"]


def test_an_expired_offer_does_not_count(client, catalogue):
    import datetime

    OfferFactory(
        platform=catalogue["Kế toán Mây"],
        valid_from=datetime.date(2024, 1, 1),
        valid_until=datetime.date(2024, 12, 31),
    )
    assert names(client.get("/nen-tang/", {"offers": "on"})) == ["Bán Hàng Nhanh"]


def test_group_page_counts_selected_and_complementary_apart(client, catalogue):
    response = client.get("/nen-tang/nhom/rdx-pos/")
    assert response.status_code == 200
    assert [listing.platform.name for listing in response.context["selected"]] == ["Bán Hàng Nhanh"]
    assert [listing.platform.name for listing in response.context["complementary"]] == ["Sổ Bán Hàng"]
    assert response.context["complementary"].paginator.per_page == 20
    html = response.content.decode()
    assert "Nền tảng được lựa chọn (1/3)" in html and "Nền tảng bổ sung (1)" in html
    assert client.get("/nen-tang/nhom/khong-co/").status_code == 404


def test_programme_page_groups_by_domain(client, catalogue):
    response = client.get("/nen-tang/chuong-trinh/smedx/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Quản trị và nghiệp vụ quản lý" in html and "Nền tảng khách sạn, điểm vui chơi" in html
    assert "rdx-pos" not in html
    assert client.get("/nen-tang/chuong-trinh/rdx/").status_code == 200
    assert client.get("/nen-tang/chuong-trinh/abc/").status_code == 404


def test_english_names(client, catalogue):
    html = client.get("/en/nen-tang/chuong-trinh/rdx/").content.decode()
    assert "Sales and point of sale (POS)" in html


def test_detail_page_shows_groups_offers_and_usage_count(client, catalogue):
    platform = catalogue["Bán Hàng Nhanh"]
    Platform.objects.filter(pk=platform.pk).update(usage_count=12)
    response = client.get(f"/nen-tang/{platform.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Bán hàng, quản lý cửa hàng (POS)" in html
    assert "Miễn phí 6 tháng đầu" in html
    assert 'data-usage-count="12"' in html


def test_detail_page_of_a_platform_not_in_the_list_is_404(client, catalogue):
    assert client.get(f"/nen-tang/{catalogue['Chưa Duyệt'].pk}/").status_code == 404
    assert client.get("/nen-tang/999999/").status_code == 404


def test_query_counts_are_bounded(client, catalogue, django_assert_max_num_queries):
    for i in range(25):  # more than a page, with offers, in several groups
        platform = PlatformFactory(name=f"Thêm {i}")
        for code in ("rdx-pos", "rdx-delivery"):
            listing = ListingFactory(platform=platform, group=group(code), status=ListingStatus.COMPLEMENTARY)
            assert listing.slot is None
        OfferFactory(platform=platform)
    with django_assert_max_num_queries(4):  # count, page, prefetch of listings+groups, filter's group choices
        response = client.get("/nen-tang/", {"programme": "RDX"})
    assert len(response.context["page"]) == 20
    with django_assert_max_num_queries(4):
        client.get("/nen-tang/", {"q": "them", "offers": "on", "page": 2})
    with django_assert_max_num_queries(4):  # group, selected, count and page of complementary
        response = client.get("/nen-tang/nhom/rdx-pos/")
    assert len(response.context["complementary"]) == 20
    with django_assert_max_num_queries(2):
        client.get("/nen-tang/chuong-trinh/rdx/")
    with django_assert_max_num_queries(4):
        client.get(f"/nen-tang/{catalogue['Bán Hàng Nhanh'].pk}/")


def test_platforms_for_groups_puts_certified_first(catalogue, staff):
    certified = catalogue["Sổ Bán Hàng"]
    certified.certificate = certificate_issue(
        kind=CertificateKind.PLATFORM, subject=certified, holder_name="Công ty MISA", title="Đạt yêu cầu"
    )
    certified.save()
    listings = list(selectors.platforms_for_groups(["rdx-pos", "rdx-e-invoice"]))
    assert [listing.platform.name for listing in listings] == [
        "Sổ Bán Hàng",
        "Bán Hàng Nhanh",
        "Hóa đơn Điện Tử Xanh",
    ]
    assert listings[0].is_certified and listings[0].status == ListingStatus.COMPLEMENTARY
    assert listings[0].platform.provider.name == "Công ty MISA"
    assert list(selectors.platforms_for_groups(["rdx-pos"], programme="SMEDX")) == []
    assert [x.platform.name for x in selectors.platforms_for_groups(["smedx-hr"], programme="SMEDX")] == [
        "Nhân Sự 365"
    ]
