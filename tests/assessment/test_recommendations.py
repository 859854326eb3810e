"""Recommended platforms for the weakest areas come from the catalogue (`platforms`), looked up lazily."""

import pytest
from django.apps import apps
from django.urls import reverse

from assessment.selectors import recommended_groups, recommended_platforms

pytestmark = pytest.mark.django_db


def _catalogue_installed() -> bool:
    try:
        apps.get_model("platforms", "Listing")
    except LookupError:
        return False
    return True


def test_without_a_catalogue_or_codes_there_is_nothing_to_recommend():
    assert recommended_platforms([]) == []
    if not _catalogue_installed():
        assert recommended_platforms(["rdx-pos"]) == []
        assert [(g.code, g.name, g.listings) for g in recommended_groups(["rdx-pos"])] == [
            ("rdx-pos", "rdx-pos", [])
        ]


@pytest.mark.skipif(
    not _catalogue_installed(),
    reason="platforms.Listing is not installed yet (the catalogue is built in parallel)",
)
def test_selected_and_certified_platforms_are_recommended_for_the_weakest_areas(client, owner, draft):
    import datetime

    from platforms.models import CategoryGroup
    from smedx_portal.certificates import certificate_issue
    from tests.platforms.factories import ListingFactory, PlatformFactory

    pos, loyalty = CategoryGroup.objects.get(code="rdx-pos"), CategoryGroup.objects.get(code="rdx-loyalty")

    def listing(name, group, status, slot=None):
        return ListingFactory(platform=PlatformFactory(name=name), group=group, status=status, slot=slot)

    listing("POS Một", pos, "selected", slot=1)
    listing("POS Bổ sung", pos, "complementary")
    certified = listing("POS Chứng nhận", pos, "complementary").platform
    certified.certificate = certificate_issue(
        kind="platform",
        subject=certified,
        holder_name=certified.name,
        title="Nền tảng số được chứng nhận",
        valid_until=datetime.date.today() + datetime.timedelta(days=365),
    )
    certified.save()
    listing("POS Đang xét", pos, "under_evaluation")
    listing("POS Thứ tư", pos, "complementary")
    listing("Tích Điểm", loyalty, "selected", slot=1)

    found = recommended_platforms(["rdx-loyalty", "rdx-pos"])
    # in the order of the codes; selected first, then certified; at most three per group
    assert [listing.platform.name for listing in found] == [
        "Tích Điểm",
        "POS Một",
        "POS Chứng nhận",
        "POS Bổ sung",
    ]
    assert [listing.certified for listing in found] == [False, False, True, False]
    groups = recommended_groups(["rdx-pos"])
    assert groups[0].name == pos.display_name and groups[0].url == pos.get_absolute_url()

    # the result page of a store weak in loyalty lists the selected loyalty platform
    from assessment.services import assessment_submit
    from tests.assessment.conftest import RDX_BEST

    client.force_login(owner)
    weak = {**RDX_BEST, 1: {**RDX_BEST[1], "loyalty": "none", "customer-data": "none"}}
    for page, data in weak.items():
        client.post(reverse("assessment:page", kwargs={"pk": draft.pk, "page": page}), data)
    assessment_submit(assessment_id=draft.pk, actor=owner)
    html = client.get(reverse("assessment:result", kwargs={"pk": draft.pk})).content.decode()
    assert "Tích Điểm" in html and "Được Chương trình lựa chọn" in html
    assert loyalty.get_absolute_url() in html


def test_the_result_offers_a_trial_of_each_recommended_selected_platform_when_one_is_possible(
    client, owner, store, draft
):
    """ "Dùng thử" beside a recommended selected platform, for the business's representative, while the business
    is verified and has no open trial of it; never for a complementary platform or for staff."""
    from assessment.services import assessment_submit
    from businesses.models import VerificationStatus
    from platforms.models import CategoryGroup, Trial
    from tests.assessment.conftest import RDX_BEST
    from tests.factories import StaffFactory
    from tests.platforms.factories import ListingFactory, PlatformFactory

    loyalty = CategoryGroup.objects.get(code="rdx-loyalty")
    selected = ListingFactory(
        platform=PlatformFactory(name="Tích Điểm"), group=loyalty, status="selected", slot=1
    ).platform
    extra = ListingFactory(
        platform=PlatformFactory(name="Điểm Bổ sung"), group=loyalty, status="complementary"
    )
    client.force_login(owner)
    weak = {**RDX_BEST, 1: {**RDX_BEST[1], "loyalty": "none", "customer-data": "none"}}
    for page, data in weak.items():
        client.post(reverse("assessment:page", kwargs={"pk": draft.pk, "page": page}), data)
    assessment_submit(assessment_id=draft.pk, actor=owner)
    url = reverse("assessment:result", kwargs={"pk": draft.pk})
    try_selected = reverse("platforms:trial_request", args=[selected.pk])
    try_extra = reverse("platforms:trial_request", args=[extra.platform.pk])

    assert try_selected not in client.get(url).content.decode()  # the business is not verified yet
    store.verification_status = VerificationStatus.VERIFIED
    store.save()
    html = client.get(url).content.decode()
    assert try_selected in html and "Dùng thử" in html
    assert try_extra not in html and "Điểm Bổ sung" in html  # recommended, but a trial needs a selected one
    response = client.get(try_selected)  # the link leads to the request form
    assert response.status_code == 200 and "Tích Điểm" in response.content.decode()

    Trial.objects.create(
        business=store, platform=selected, listing=selected.listings.get(), requested_by=owner
    )
    assert try_selected not in client.get(url).content.decode()  # already asked: follow that trial instead

    client.force_login(StaffFactory())
    assert try_selected not in client.get(url).content.decode()
