"""Staff pages for the criteria sets: who may see them, and review → approvals → publication through them
(each decision recorded with who, which ministry and when)."""

import pytest

from assessment.models import CriteriaApproval, CriteriaSet, CriteriaSetStatus
from tests.assessment.conftest import load_set
from tests.factories import ProvinceOfficerFactory, StaffFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def rdx_draft():
    return load_set("rdx-stores-1459.yaml", publish=False)


@pytest.mark.parametrize(
    "who, status",
    [("anonymous", 302), ("owner", 403), ("officer", 403), ("ministry", 200), ("moit", 200)],
)
def test_who_sees_the_criteria_pages(client, rdx_draft, who, status):
    users = {
        "owner": lambda: UserFactory(),
        "officer": lambda: ProvinceOfficerFactory(),
        "ministry": lambda: UserFactory(role="ministry_staff"),
        "moit": lambda: UserFactory(role="moit_staff"),
    }
    if who != "anonymous":
        client.force_login(users[who]())
    for url in ("/danh-gia/bo-tieu-chi/", f"/danh-gia/bo-tieu-chi/{rdx_draft.pk}/"):
        assert client.get(url).status_code == status, url
    response = client.post(f"/danh-gia/bo-tieu-chi/{rdx_draft.pk}/", {"action": "review"})
    assert response.status_code == (302 if who in ("anonymous", "ministry", "moit") else 403)


def test_review_both_approvals_and_publication_through_the_pages(client, rdx_draft):
    ministry, moit = UserFactory(role="ministry_staff"), UserFactory(role="moit_staff")
    url = f"/danh-gia/bo-tieu-chi/{rdx_draft.pk}/"
    client.force_login(ministry)
    client.post(url, {"action": "review", "note": "Đủ nội dung"})
    client.post(url, {"action": "approve", "document": "Biên bản tổ công tác 01/2026"})
    page = client.get(url).content.decode()
    assert "Còn thiếu phê duyệt của:" in page and "Bộ Công Thương" in page
    client.post(url, {"action": "publish"})
    assert CriteriaSet.objects.get(pk=rdx_draft.pk).status == CriteriaSetStatus.REVIEWED
    client.force_login(moit)
    client.post(url, {"action": "approve", "note": "Thống nhất"})
    response = client.post(url, {"action": "publish"}, follow=True)
    assert "không có quyền" in response.content.decode()  # MoIT approves; the ministry publishes
    client.force_login(ministry)
    client.post(url, {"action": "publish"})
    published = CriteriaSet.objects.get(pk=rdx_draft.pk)
    assert published.status == CriteriaSetStatus.PUBLISHED
    assert set(
        CriteriaApproval.objects.filter(criteria_set=published).values_list("ministry", "approved_by")
    ) == {
        ("most", ministry.pk),
        ("moit", moit.pk),
    }
    listing = client.get("/danh-gia/bo-tieu-chi/").content.decode()
    assert "Quyết định 1459/QĐ-BTTTT" in listing and "Đã công bố" in listing
    # a change is a new version with the list of what changed
    client.post(url, {"action": "new_version", "changes": "Ngưỡng sau thí điểm\nThêm kênh bán"})
    copy = CriteriaSet.objects.get(programme="RDX", version=3)
    assert copy.changes == ["Ngưỡng sau thí điểm", "Thêm kênh bán"] and copy.status == CriteriaSetStatus.DRAFT


def test_an_approval_twice_is_refused_with_a_message(client, rdx_draft):
    ministry = StaffFactory()
    url = f"/danh-gia/bo-tieu-chi/{rdx_draft.pk}/"
    client.force_login(ministry)
    client.post(url, {"action": "review"})
    client.post(url, {"action": "approve"})
    response = client.post(url, {"action": "approve"}, follow=True)
    assert "mỗi người chỉ phê duyệt một lần" in response.content.decode()
    assert CriteriaApproval.objects.count() == 1
