import pytest
from django.urls import reverse

from reports.models import SegmentCount
from reports.segments import segment_businesses, segment_groups, segments_refresh
from tests.reports.factories import counted_business, surveyed

pytestmark = pytest.mark.django_db


def test_groups_are_sector_by_weakest_pillar(dataset):
    # one more tạp hóa store whose weakest pillar is customers & sales (tie → alphabetical code first)
    extra = counted_business(
        province=dataset["hanoi"], ward=dataset["ward_a"], sector=dataset["sectors"]["grocery"]
    )
    surveyed(extra, "san_sang", pillars={"rdx-operations": "20", "rdx-customers-sales": "20"})
    assert segments_refresh() > 0
    groups = {(group["sector"], group["pillar"]): group for group in segment_groups(programme="RDX")}
    assert {key: group["size"] for key, group in groups.items()} == {
        ("Tạp hóa", "rdx-operations"): 1,  # store 0: operations 30 < customers 60
        ("Tạp hóa", "rdx-customers-sales"): 3,  # stores 1 (40 < 50), 2 (70 < 80) and the tie (code order)
        ("Ăn uống", "rdx-customers-sales"): 1,
    }
    assert groups[("Tạp hóa", "rdx-operations")]["levels"] == {"san_sang": 1, "tang_truong": 0, "dot_pha": 0}
    assert groups[("Tạp hóa", "rdx-customers-sales")]["levels"] == {
        "san_sang": 2,
        "tang_truong": 1,
        "dot_pha": 0,
    }
    assert groups[("Tạp hóa", "rdx-customers-sales")]["pillar_label"] == "Khách hàng và kênh bán hàng"
    hanoi_only = segment_groups(programme="RDX", province_id=1)
    assert sum(group["size"] for group in hanoi_only) == 4
    smedx = segment_groups(programme="SMEDX")
    assert [(group["sector"], group["pillar"], group["size"]) for group in smedx] == [
        ("Công nghiệp chế biến - chế tạo", "dbi-culture", 1)
    ]
    members = segment_businesses(
        programme="RDX", sector_id=dataset["sectors"]["grocery"].pk, pillar="rdx-customers-sales"
    )
    assert set(members.values_list("business_id", flat=True)) == {
        dataset["stores"][1].pk,
        dataset["stores"][2].pk,
        extra.pk,
    }
    assert SegmentCount.objects.filter(pillar="rdx-customers-sales", province_id=1).count() == 2  # two levels


def test_segments_page_for_officer_is_scoped(client, officer, dataset, django_assert_max_num_queries):
    segments_refresh()
    client.force_login(officer)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("reports:segments"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Thành phố Hà Nội" in body and "Ăn uống" not in body  # the HCM household is not shown
    assert "Tính lại ngay" not in body
    assert client.get(reverse("reports:segments"), {"province": 79}).status_code == 404
    assert (
        client.get(reverse("reports:segment_csv"), {"sector": 1, "pillar": "x", "province": 79}).status_code
        == 404
    )


def test_segment_csv_lists_the_group(client, officer, dataset):
    segments_refresh()
    client.force_login(officer)
    grocery = dataset["sectors"]["grocery"].pk
    response = client.get(
        reverse("reports:segment_csv"), {"programme": "RDX", "sector": grocery, "pillar": "rdx-operations"}
    )
    assert response.status_code == 200
    lines = b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()
    assert lines[0].startswith("Mã,Tên")
    assert {int(line.split(",")[0]) for line in lines[1:]} == {dataset["stores"][0].pk}


def test_staff_see_the_country_and_can_recompute(client, staff, dataset, django_capture_on_commit_callbacks):
    client.force_login(staff)
    assert "Chưa tính lần nào" in client.get(reverse("reports:segments")).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:segments_refresh"))
    assert response.status_code == 302
    body = client.get(reverse("reports:segments"), {"programme": "RDX"}).content.decode()
    assert "Ăn uống" in body and "Tạp hóa" in body and "<svg" in body


def test_only_staff_recompute_and_business_users_see_nothing(client, officer, business_user):
    client.force_login(officer)
    assert client.post(reverse("reports:segments_refresh")).status_code == 403
    client.force_login(business_user)
    assert client.get(reverse("reports:segments")).status_code == 403
