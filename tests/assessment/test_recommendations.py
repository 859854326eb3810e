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
    from platforms.models import CategoryGroup, Domain, Listing, Platform, Provider

    domain = Domain.objects.get_or_create(code="retail", defaults={"name": "Bán lẻ"})[0]
    pos, _ = CategoryGroup.objects.get_or_create(
        code="rdx-pos", defaults={"programme": "RDX", "domain": domain, "name": "Bán hàng (POS)"}
    )
    loyalty, _ = CategoryGroup.objects.get_or_create(
        code="rdx-loyalty", defaults={"programme": "RDX", "domain": domain, "name": "Khách hàng thân thiết"}
    )
    provider = Provider.objects.create(name="Công ty Nền tảng Việt")

    def listing(name, group, status, slot=None):
        platform = Platform.objects.create(provider=provider, name=name, short_description=name)
        return Listing.objects.create(group=group, platform=platform, status=status, slot=slot)

    listing("POS Một", pos, "selected", slot=1)
    listing("POS Bổ sung", pos, "complementary")
    listing("POS Đang xét", pos, "under_evaluation")
    listing("Tích Điểm", loyalty, "selected", slot=1)

    found = recommended_platforms(["rdx-loyalty", "rdx-pos"])
    assert [listing.platform.name for listing in found] == ["Tích Điểm", "POS Một", "POS Bổ sung"]
    groups = recommended_groups(["rdx-pos"])
    assert groups[0].name.startswith("Bán hàng") and [item.platform.name for item in groups[0].listings] == [
        "POS Một",
        "POS Bổ sung",
    ]

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
