"""The public directory of certified experts and their profile pages."""

from decimal import Decimal

import pytest

from experts.models import ExpertKind
from experts.selectors import directory
from tests.experts.factories import ExpertFactory, certified_expert, certify

pytestmark = pytest.mark.django_db


@pytest.fixture
def network():
    return {
        "lan": certified_expert(
            name="Nguyễn Thị Lan",
            headline="Kế toán số cho hộ kinh doanh",
            specialties=["dbi-operations"],
            provinces=[1],
            sectors=["tap-hoa"],
        ),
        "duc": certified_expert(
            name="Trần Minh Đức",
            headline="Bán hàng đa kênh",
            specialties=["rdx-customers-sales"],
            provinces=[79],
            sectors=["thoi-trang"],
        ),
        "org": certified_expert(
            name="Công ty Tư vấn Số Việt",
            kind=ExpertKind.ORGANISATION,
            headline="An toàn thông tin",
            specialties=["infrastructure-security"],
            provinces=[1, 79],
        ),
        "uncertified": ExpertFactory(name="Lê Văn Chưa", specialties=["dbi-operations"]),
    }


def names(response):
    return [expert.name for expert in response.context["page"].object_list]


def test_lists_only_certified_experts(client, network):
    response = client.get("/chuyen-gia/")
    assert response.status_code == 200
    assert sorted(names(response)) == ["Công ty Tư vấn Số Việt", "Nguyễn Thị Lan", "Trần Minh Đức"]
    html = response.content.decode()
    assert "3</strong> chuyên gia được chứng nhận / mục tiêu tối thiểu 100" in html


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("province=79", ["Công ty Tư vấn Số Việt", "Trần Minh Đức"]),
        ("specialty=dbi-operations", ["Nguyễn Thị Lan"]),
        ("kind=organisation", ["Công ty Tư vấn Số Việt"]),
        ("q=ke+toan", ["Nguyễn Thị Lan"]),  # accent-insensitive: "ke toan" finds "Kế toán"
        ("q=KẾ TOÁN", ["Nguyễn Thị Lan"]),
        ("q=an+toan+thong+tin", ["Công ty Tư vấn Số Việt"]),
        ("q=duc", ["Trần Minh Đức"]),
        ("q=chua", []),
    ],
)
def test_filters_and_search(client, network, query, expected):
    assert sorted(names(client.get(f"/chuyen-gia/?{query}"))) == expected


def test_sector_filter(client, network):
    from businesses.models import Sector

    sector = Sector.objects.get(code="thoi-trang")
    assert names(client.get(f"/chuyen-gia/?sector={sector.pk}")) == ["Trần Minh Đức"]


def test_pagination_and_pinned_query_count(client, django_assert_max_num_queries):
    for index in range(25):
        certified_expert(
            name=f"Chuyên gia {index:02d}", specialties=["retail", "rdx-operations"], provinces=[1, 79, 48]
        )
    client.get("/chuyen-gia/")  # warm up content types, sessions, ...
    # count, the yearly figure, province and sector choices, the page, its specialties and provinces: 7,
    # whatever the page size
    with django_assert_max_num_queries(7):
        first = client.get("/chuyen-gia/")
    assert len(first.context["page"].object_list) == 20
    assert "Trang 1/2" in first.content.decode()
    with django_assert_max_num_queries(7):
        second = client.get("/chuyen-gia/?page=2&q=chuyen+gia")
    assert len(second.context["page"].object_list) == 5
    assert "q=chuyen+gia" in second.content.decode()  # pagination keeps the filters


def test_directory_orders_by_rating(network):
    network["duc"].rating_avg, network["duc"].rating_count = Decimal("4.80"), 5
    network["duc"].save()
    assert [e.name for e in directory()][0] == "Trần Minh Đức"


def test_profile_page(client, network):
    lan = network["lan"]
    response = client.get(f"/chuyen-gia/{lan.pk}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Nguyễn Thị Lan" in html and "Vận hành" in html and "Thành phố Hà Nội" in html
    assert lan.certificate.number in html and "Chưa có đánh giá" in html


def test_profile_of_an_uncertified_member_is_not_public(client, network):
    assert client.get(f"/chuyen-gia/{network['uncertified'].pk}/").status_code == 404
    assert client.get("/chuyen-gia/999999/").status_code == 404


def test_profile_escapes_the_bio(client, staff):
    expert = ExpertFactory(bio='<script>alert("x")</script> **Giỏi**')
    certify(expert, staff)
    html = client.get(f"/chuyen-gia/{expert.pk}/").content.decode()
    assert "<script>alert" not in html and "&lt;script&gt;" in html and "<strong>Giỏi</strong>" in html


def test_rules_page(client, staff):
    assert "đang được xây dựng" in client.get("/chuyen-gia/quy-che/").content.decode()
    client.force_login(staff)
    response = client.post(
        "/admin/experts/networkrules/add/",
        {
            "title": "Quy chế Mạng lưới 2026",
            "body": "1. Chuyên gia **tư vấn trung thực**.\n2. Không thu phí ngoài thỏa thuận.",
        },
    )
    assert response.status_code == 302
    client.logout()
    html = client.get("/chuyen-gia/quy-che/").content.decode()
    assert "Quy chế Mạng lưới 2026" in html and "<strong>tư vấn trung thực</strong>" in html
