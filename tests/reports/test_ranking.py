import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from reports.models import ProvinceRanking
from reports.ranking import group_of, ranking_compute, score_of
from reports.services import ranking_publish
from smedx_portal.models import AuditEntry
from tests.reports.factories import counted_business, surveyed, when

pytestmark = pytest.mark.django_db
YEAR = 2025


@pytest.fixture
def provinces_with_history(db):
    """Three provinces with known figures for 2025 (and 2024 for progress):

    Huế (46): 2 registered, 2 surveyed in 2025 (tăng trưởng, đột phá) → share 100, average 2.5;
              2024: one sẵn sàng → progress +1.5 (clamped to +1).
    Hà Nội (1): 4 registered, 1 surveyed in 2025 (đột phá), 1 surveyed in 2024 only → share 25, average 3;
              2024 average 1 → progress +2 (clamped).
    TP HCM (79): 2 registered, 2 surveyed in 2025 (sẵn sàng) → share 100, average 1, no 2024 → progress none.
    A business registered in 2026 is not counted for 2025.
    """
    from businesses.models import Province

    hue, hanoi, hcm = (Province.objects.get(code=code) for code in (46, 1, 79))
    old = when(2024, 1, 5)
    hue_a, hue_b = (counted_business(province=hue, ward=None, created=old) for _ in range(2))
    surveyed(hue_a, "san_sang", at=when(2024, 3))
    surveyed(hue_a, "tang_truong", at=when(2025, 3))
    surveyed(hue_b, "dot_pha", at=when(2025, 4))
    hanoi_rows = [counted_business(province=hanoi, created=old) for _ in range(4)]
    surveyed(hanoi_rows[0], "dot_pha", at=when(2025, 5))
    surveyed(hanoi_rows[1], "san_sang", at=when(2024, 5))
    for _ in range(2):
        surveyed(counted_business(province=hcm, ward=None, created=old), "san_sang", at=when(2025, 6))
    counted_business(province=hcm, ward=None, created=when(2026, 1, 2))
    return {"hue": hue, "hanoi": hanoi, "hcm": hcm}


def test_ranking_figures_and_order(provinces_with_history):
    ranked = ranking_compute(YEAR, "RDX")
    assert len(ranked) == 34
    by_code = {item.province_id: item for item in ranked}
    hue, hanoi, hcm = by_code[46], by_code[1], by_code[79]
    assert (hue.registered, hue.surveyed, hue.surveyed_share, hue.submissions) == (2, 2, Decimal("100.00"), 2)
    assert (hue.average_level, hue.previous_average, hue.progress) == (
        Decimal("2.50"),
        Decimal("1.00"),
        Decimal("1.50"),
    )
    assert (hanoi.registered, hanoi.surveyed, hanoi.surveyed_share) == (4, 1, Decimal("25.00"))
    assert (hanoi.average_level, hanoi.progress) == (Decimal("3.00"), Decimal("2.00"))
    assert (hcm.registered, hcm.surveyed, hcm.surveyed_share) == (2, 2, Decimal("100.00"))
    assert (hcm.average_level, hcm.previous_average, hcm.progress) == (Decimal("1.00"), None, None)
    # score = 0.5 × share + 0.3 × (average − 1) / 2 × 100 + 0.2 × (50 + 50 × clamp(progress))
    assert hue.score == Decimal("50") + Decimal("22.50") + Decimal("20") == Decimal("92.50")
    assert hanoi.score == Decimal("12.50") + Decimal("30") + Decimal("20") == Decimal("62.50")
    assert hcm.score == Decimal("50") + Decimal("0") + Decimal("10") == Decimal("60.00")
    assert [item.province_id for item in ranked[:3]] == [46, 1, 79]
    assert [item.rank for item in ranked] == list(range(1, 35))
    # provinces without data all score 10 (no change); ties broken by province code
    rest = ranked[3:]
    assert all(item.score == Decimal("10.00") for item in rest)
    assert [item.province_id for item in rest] == sorted(item.province_id for item in rest)
    assert [item.group for item in ranked].count("A") == 12
    assert [item.group for item in ranked].count("B") == 11
    assert [item.group for item in ranked].count("C") == 11


def test_score_and_groups_are_explainable():
    assert score_of(Decimal(100), Decimal(3), Decimal(1)) == Decimal("100.00")
    assert score_of(Decimal(0), None, None) == Decimal("10.00")
    assert score_of(Decimal(40), Decimal(2), Decimal("-0.5")) == Decimal("20") + Decimal("15") + Decimal("5")
    assert [group_of(rank, 34) for rank in (1, 12, 13, 23, 24, 34)] == ["A", "A", "B", "B", "C", "C"]


def test_publishing_stores_a_snapshot_with_who_published_it(provinces_with_history, staff):
    ranking = ranking_publish(year=YEAR, programme="RDX", actor=staff, note="Sơ kết năm")
    assert ranking.published_by == staff and ranking.weights["surveyed_share"] == "0.5"
    rows = list(ranking.rows.order_by("rank"))
    assert [row.province_id for row in rows[:3]] == [46, 1, 79]
    assert rows[0].group == "A" and rows[0].score == Decimal("92.50")
    entry = AuditEntry.objects.get(action="ranking_publish")
    assert entry.actor == staff and entry.object_id == str(ranking.pk) and entry.reason == "Sơ kết năm"
    # later data does not change the published snapshot
    surveyed(counted_business(province=provinces_with_history["hcm"], ward=None), "dot_pha", at=when(2025, 9))
    assert ranking.rows.get(province_id=79).surveyed == 2


def test_only_ministry_staff_publish(client, officer, staff, provinces_with_history):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        ranking_publish(year=YEAR, programme="RDX", actor=officer)
    client.force_login(officer)
    assert (
        client.post(reverse("reports:ranking_publish"), {"year": YEAR, "programme": "RDX"}).status_code == 403
    )
    assert not ProvinceRanking.objects.exists()
    client.force_login(staff)
    response = client.post(reverse("reports:ranking_publish"), {"year": YEAR, "programme": "RDX", "note": ""})
    assert response.status_code == 302 and response.url.endswith(f"?year={YEAR}&programme=RDX")
    assert (ProvinceRanking.objects.get().year, ProvinceRanking.objects.get().programme) == (YEAR, "RDX")


def test_ranking_page_shows_published_ranking_to_officers(
    client, officer, staff, provinces_with_history, django_assert_max_num_queries
):
    client.force_login(officer)
    body = client.get(reverse("reports:ranking"), {"year": YEAR, "programme": "RDX"}).content.decode()
    assert "chưa được công bố" in body and 'data-province="46"' not in body  # no preview for officers
    ranking_publish(year=YEAR, programme="RDX", actor=staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("reports:ranking"), {"year": YEAR, "programme": "RDX"})
    body = response.content.decode()
    assert (
        body.index('data-province="46"') < body.index('data-province="1"') < body.index('data-province="79"')
    )
    assert "Nhóm A" in body and "92,50" in body and "thành phố năm 2025" in body
    assert 'class="group-A own" data-province="1"' in body  # the officer's own province is highlighted


def test_staff_see_a_preview_before_publishing(client, staff, provinces_with_history):
    client.force_login(staff)
    body = client.get(reverse("reports:ranking"), {"year": YEAR, "programme": "RDX"}).content.decode()
    assert "bản xem trước" in body and 'data-province="46"' in body and "<svg" in body


def test_ranking_page_refuses_others(client, business_user):
    assert client.get(reverse("reports:ranking")).status_code == 302
    client.force_login(business_user)
    assert client.get(reverse("reports:ranking")).status_code == 403


def test_future_years_cannot_be_published(staff):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        ranking_publish(year=datetime.date.today().year + 1, programme="RDX", actor=staff)


def test_each_programme_has_its_own_ranking(provinces_with_history, staff):
    """The businesses above take part in RDX only: SMEdx's ranking of 2025 has nobody surveyed."""
    smedx = ranking_compute(YEAR, "SMEDX")
    assert all(item.surveyed == 0 and item.submissions == 0 for item in smedx)
    ranking_publish(year=YEAR, programme="SMEDX", actor=staff)
    ranking_publish(year=YEAR, programme="RDX", actor=staff)
    assert ProvinceRanking.objects.get(programme="RDX").rows.get(province_id=46).rank == 1
    assert ProvinceRanking.objects.get(programme="SMEDX").rows.get(province_id=46).surveyed == 0
