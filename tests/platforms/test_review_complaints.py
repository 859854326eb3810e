"""Complaints name the platform they are about — from the support form and from a Q&A report — choosing only
among the platforms shown as selected; the review counts them. The review pages read in a fixed number of
queries however many platforms and notices there are."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from experts.models import ContentReport, SupportRequest
from platforms import services
from platforms.models import DelistingNotice, ListingStatus, UsageRegistration, UsageStatus
from smedx_portal.programmes import Programme
from tests.experts.factories import QuestionFactory
from tests.factories import BusinessFactory, MembershipFactory, UserFactory
from tests.platforms.factories import ListingFactory, PlatformFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def support_post(client, platform_pk):
    return client.post(
        reverse("experts:support"),
        {
            "name": "Anh Bình",
            "phone": "0912345679",
            "topic": "other",
            "message": "Nhà cung cấp không trả lời",
            "about_platform": platform_pk,
        },
    )


def test_only_selected_platforms_may_be_named(client, public_platform):
    unselected = ListingFactory(status=ListingStatus.APPLIED).platform
    page = client.get(reverse("experts:support")).content.decode()
    assert public_platform.name in page and unselected.name not in page
    refused = support_post(client, unselected.pk)
    assert refused.status_code == 200 and not SupportRequest.objects.exists()
    assert support_post(client, public_platform.pk).status_code == 302
    assert SupportRequest.objects.get().about_platform == public_platform


def test_a_qa_report_names_the_platform_and_the_review_counts_it(client, public_platform, store_owner):
    question = QuestionFactory()
    client.force_login(store_owner)
    page = client.get(question.get_absolute_url()).content.decode()
    assert f'<option value="{public_platform.pk}">{public_platform.name}</option>' in page
    url = reverse("experts:post_report", args=["cau-hoi", question.pk])
    client.post(url, {"reason": "Quảng cáo sai sự thật", "about_platform": public_platform.pk})
    assert ContentReport.objects.get().about_platform == public_platform
    staff = UserFactory(role=Role.MINISTRY_STAFF)
    cycle = services.review_cycle_open(
        programme=Programme.SMEDX,
        title="Quý này",
        period_start=TODAY - datetime.timedelta(days=10),
        period_end=TODAY,
        actor=staff,
    )
    assert cycle.reviews.get().complaints == 1


def test_review_pages_read_in_a_fixed_number_of_queries(
    client, selected_listing, django_assert_max_num_queries
):
    for n in range(2, 4):
        ListingFactory(
            platform=PlatformFactory(name=f"Nền tảng {n}"),
            group=selected_listing.group,
            status=ListingStatus.SELECTED,
            slot=n,
        )
    owner = UserFactory()
    for n in range(3):
        business = MembershipFactory(user=owner, business=BusinessFactory(name=f"Cửa hàng {n}")).business
        UsageRegistration.objects.create(
            business=business,
            platform=selected_listing.platform,
            listing=selected_listing,
            status=UsageStatus.ACTIVE,
        )
    staff = UserFactory(role=Role.MINISTRY_STAFF)
    cycle = services.review_cycle_open(
        programme=Programme.SMEDX,
        title="Kỳ",
        period_start=TODAY - datetime.timedelta(days=10),
        period_end=TODAY,
        actor=staff,
    )
    review = cycle.reviews.get(listing=selected_listing)
    services.review_decide(review=review, outcome="delist", reason="Vi phạm", actor=staff)
    client.force_login(staff)
    for url in (
        reverse("platforms:review_cycles"),
        reverse("platforms:review_cycle", args=[cycle.pk]),
        reverse("platforms:platform_review", args=[review.pk]),
    ):
        with django_assert_max_num_queries(8):  # session, user, count, page (+ related rows), no row-by-row
            assert client.get(url).status_code == 200
    assert cycle.reviews.count() == 3
    client.force_login(owner)
    with django_assert_max_num_queries(8):
        page = client.get(reverse("platforms:notices")).content.decode()
    assert DelistingNotice.objects.filter(read_at__isnull=False).count() == 3
    assert page.count("data-notice=") == 3
