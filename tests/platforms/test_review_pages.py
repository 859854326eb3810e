"""The review pages for every role (anonymous, the business using the platform, the platform's provider, another
provider, a province officer, ministry staff, MoIT staff), and the whole review through the pages: staff open a
cycle and delist with a reason, the provider reads it and appeals with a PDF, staff answer, the business reads
the notice; a complaint names the platform from the support form."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import ConsentPurpose, Role
from experts.models import SupportRequest
from platforms import services
from platforms.models import (
    Appeal,
    AppealStatus,
    ListingStatus,
    PlatformReview,
    UsageRegistration,
    UsageStatus,
)
from smedx_portal.programmes import Programme
from tests.factories import ProvinceOfficerFactory, UserFactory, consenting
from tests.platforms.conftest import pdf_upload
from tests.platforms.factories import ProviderUserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
ROLES = ("anonymous", "business", "provider", "other_provider", "officer", "ministry", "moit")


def _row(*codes: int) -> dict[str, int]:
    return dict(zip(ROLES, codes, strict=True))


@pytest.fixture
def world(selected_listing, store, store_owner):
    platform = selected_listing.platform
    UsageRegistration.objects.create(
        business=store,
        platform=platform,
        listing=selected_listing,
        status=UsageStatus.ACTIVE,
        confirmed_at=timezone.now(),
    )
    ministry = UserFactory(role=Role.MINISTRY_STAFF, email="bo@most.example")
    cycle = services.review_cycle_open(
        programme=Programme.SMEDX,
        title="Năm 2026",
        period_start=TODAY - datetime.timedelta(days=30),
        period_end=TODAY,
        actor=ministry,
    )
    review = cycle.reviews.get()
    services.review_decide(review=review, outcome="delist", reason="Không thực hiện ưu đãi", actor=ministry)
    appeal = services.appeal_file(
        review=review, actor=platform.provider.owner, text="Xin xem lại", document=pdf_upload()
    )
    moit = UserFactory(role=Role.MOIT_STAFF)
    rdx_cycle = services.review_cycle_open(
        programme=Programme.RDX,
        title="RDX 2026",
        period_start=TODAY - datetime.timedelta(days=30),
        period_end=TODAY,
        actor=moit,
    )
    users = {
        "anonymous": None,
        "business": store_owner,
        "provider": platform.provider.owner,
        "other_provider": ProviderUserFactory(),
        "officer": ProvinceOfficerFactory(),
        "ministry": ministry,
        "moit": moit,
    }
    return users, {"cycle": cycle.pk, "rdx_cycle": rdx_cycle.pk, "review": review.pk, "appeal": appeal.pk}


STAFF_ONLY = _row(302, 403, 403, 403, 403, 200, 200)
SMEDX_STAFF = _row(302, 403, 403, 403, 403, 200, 404)  # MoIT staff review RDX only
CASES = [
    ("platforms:review_cycles", (), STAFF_ONLY),
    ("platforms:review_cycle_new", (), STAFF_ONLY),
    ("platforms:review_cycle", ("cycle",), SMEDX_STAFF),
    ("platforms:review_cycle", ("rdx_cycle",), STAFF_ONLY),
    ("platforms:platform_review", ("review",), SMEDX_STAFF),
    ("platforms:provider_review", ("review",), _row(302, 403, 200, 404, 403, 403, 403)),
    ("platforms:appeal_document", ("appeal",), _row(302, 404, 200, 404, 404, 200, 404)),
    ("platforms:notices", (), _row(302, 200, 200, 200, 200, 200, 200)),
]


@pytest.mark.parametrize(("name", "args", "expected"), CASES, ids=[f"{c[0]}{c[1]}" for c in CASES])
def test_role_by_url(client, world, name, args, expected):
    users, objects = world
    url = reverse(name, args=[objects[arg] for arg in args])
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        status = client.get(url).status_code
        assert status == expected[role], f"{role} on {url}: {status}, expected {expected[role]}"


POSTS = [
    ("platforms:review_cycle_close", "cycle", _row(302, 403, 403, 403, 403, 302, 404)),
    ("platforms:appeal_answer", "review", _row(302, 403, 403, 403, 403, 302, 404)),
]


@pytest.mark.parametrize(("name", "arg", "expected"), POSTS, ids=[p[0] for p in POSTS])
def test_staff_actions_by_role(client, world, name, arg, expected):
    users, objects = world
    url = reverse(name, args=[objects[arg]])
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        status = client.post(url, {"upheld": "0", "answer": ""}).status_code
        assert status == expected[role], f"{role} on {url}: {status}, expected {expected[role]}"
    assert Appeal.objects.get().status == AppealStatus.PENDING  # the empty answer was refused


def mine_url(review) -> str:
    return reverse("platforms:provider_review", args=[review.pk])


def test_the_review_through_the_pages(
    client, selected_listing, store, store_owner, sms_outbox, django_capture_on_commit_callbacks
):
    consenting(store_owner, ConsentPurpose.PARTICIPATION)
    platform = selected_listing.platform
    platform.provider.contact_email = "kinhdoanh@ketoanviet.vn"
    platform.provider.save()
    UsageRegistration.objects.create(
        business=store,
        platform=platform,
        listing=selected_listing,
        status=UsageStatus.ACTIVE,
        confirmed_at=timezone.now(),
    )
    client.force_login(store_owner)
    response = client.post(
        reverse("experts:support"),
        {
            "name": "Chị Minh An",
            "phone": "0912345678",
            "programme": Programme.SMEDX,
            "topic": "other",
            "message": "Nhà cung cấp không áp dụng ưu đãi",
            "about_platform": platform.pk,
        },
    )
    assert response.status_code == 302 and SupportRequest.objects.get().about_platform == platform

    staff = UserFactory(role=Role.MINISTRY_STAFF)
    client.force_login(staff)
    assert reverse("platforms:review_cycles") in client.get("/").content.decode()  # in the staff menu
    hub = client.get(reverse("programmes:index")).content.decode()  # and on the staff dashboard
    assert reverse("platforms:review_cycles") in hub
    response = client.post(
        reverse("platforms:review_cycle_new"),
        {
            "programme": Programme.SMEDX,
            "title": "Quý 4/2026",
            "period_start": (TODAY - datetime.timedelta(days=60)).isoformat(),
            "period_end": TODAY.isoformat(),
            "appeal_days": 10,
        },
    )
    review = PlatformReview.objects.get()
    assert response.url == reverse("platforms:review_cycle", args=[review.cycle_id])
    assert (review.activated, review.complaints) == (1, 1)
    page = client.get(response.url).content.decode()
    assert platform.name in page and reverse("platforms:platform_review", args=[review.pk]) in page
    url = reverse("platforms:platform_review", args=[review.pk])
    refused = client.post(url, {"outcome": "delist", "reason": " "})
    assert refused.status_code == 400 and "Cần nêu lý do" in refused.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"outcome": "delist", "reason": "Không áp dụng ưu đãi đã cam kết"})
    selected_listing.refresh_from_db()
    assert selected_listing.status == ListingStatus.DELISTED
    assert (
        "Không áp dụng ưu đãi đã cam kết" in mail.outbox[-1].body and mine_url(review) in mail.outbox[-1].body
    )
    assert [m.phone for m in sms_outbox] == [store_owner.phone]

    client.force_login(platform.provider.owner)
    dashboard = client.get(reverse("platforms:provider_dashboard")).content.decode()
    assert "Không áp dụng ưu đãi đã cam kết" in dashboard
    mine = mine_url(review)
    assert "Gửi khiếu nại" in client.get(mine).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(mine, {"text": "Ưu đãi vẫn áp dụng từ tháng 10", "document": pdf_upload()})
    appeal = Appeal.objects.get()
    assert appeal.document and any("Khiếu nại" in email.subject for email in mail.outbox)
    assert client.post(mine, {"text": "Lần hai"}).status_code == 302  # refused with a message
    assert Appeal.objects.count() == 1

    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("platforms:appeal_answer", args=[review.pk]), {"upheld": "0", "answer": "Chưa đủ căn cứ"}
        )
    appeal.refresh_from_db()
    assert (appeal.status, appeal.answered_by) == (AppealStatus.REJECTED, staff)
    assert "Chưa đủ căn cứ" in mail.outbox[-1].body

    client.force_login(store_owner)
    notices = client.get(reverse("platforms:notices")).content.decode()
    assert platform.name in notices and "Không áp dụng ưu đãi đã cam kết" in notices
    assert reverse("platforms:notices") in client.get("/").content.decode()
