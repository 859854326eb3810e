"""Ranking experts for a need: the pure scoring on a constructed case, and the selectors built on it."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template.loader import render_to_string

from experts.cards import expert_cards_for_pillars
from experts.matching import WEIGHTS, Candidate, Need, rank
from experts.selectors import experts_for_pillars
from tests.experts.factories import business_owner, certified_expert

HANOI, HCMC, DANANG = 1, 79, 48
GROCERY, FASHION = 1, 2


def candidate(expert_id, name, specialties, provinces, sectors=(), rating=None, count=0, load=0):
    return Candidate(
        expert_id=expert_id,
        name=name,
        specialties=frozenset(specialties),
        province_ids=frozenset(provinces),
        sector_ids=frozenset(sectors),
        rating_avg=Decimal(rating) if rating else None,
        rating_count=count,
        open_load=load,
    )


NEED = Need(
    specialties=("rdx-customers-sales",),
    province_id=HANOI,
    province_name="Thành phố Hà Nội",
    sector_id=GROCERY,
    sector_name="Tạp hóa",
    specialty_labels={"rdx-customers-sales": "Khách hàng và kênh bán hàng"},
)

CANDIDATES = [
    # everything matches, well rated, busy with two requests: 40 + 25 + 15 + 9 − 8 = 81
    candidate(1, "An", ["rdx-customers-sales"], [HANOI], [GROCERY], "4.5", 4, load=2),
    # everything matches, unrated (counts as 3/5), free: 40 + 25 + 15 + 6 = 86
    candidate(2, "Bình", ["rdx-customers-sales"], [HANOI], [GROCERY]),
    # specialty and province, other sector, top rating: 40 + 25 + 10 = 75
    candidate(3, "Chi", ["rdx-customers-sales", "retail"], [HANOI, HCMC], [FASHION], "5", 10),
    # specialty only, elsewhere: 40 + 6 = 46
    candidate(4, "Dũng", ["rdx-customers-sales"], [HCMC]),
    # province and sector, other specialty: 25 + 15 + 6 = 46 (ties with Dũng: by name)
    candidate(5, "Đào", ["dbi-strategy"], [HANOI], [GROCERY]),
    # nothing in common, poorly rated: 10 × 1/5 = 2
    candidate(6, "Giang", ["dbi-culture"], [DANANG], [], "1", 3),
]


def test_constructed_case_ranks_in_the_expected_order():
    matches = rank(CANDIDATES, NEED)
    assert [(m.candidate.name, m.score) for m in matches] == [
        ("Bình", Decimal("86.00")),
        ("An", Decimal("81.00")),
        ("Chi", Decimal("75.00")),
        ("Dũng", Decimal("46.00")),
        ("Đào", Decimal("46.00")),
        ("Giang", Decimal("2.00")),
    ]


def test_reasons_explain_each_proposal():
    best, busy = rank(CANDIDATES, NEED)[:2]
    assert best.reasons == [
        "Chuyên môn phù hợp: Khách hàng và kênh bán hàng",
        "Phục vụ Thành phố Hà Nội",
        "Am hiểu ngành Tạp hóa",
        "Chưa có đánh giá",
        "Đang không có yêu cầu nào",
    ]
    assert "Được đánh giá 4,5/5 (4 lượt)" in busy.reasons and "Đang tư vấn 2 yêu cầu" in busy.reasons


def test_limit_and_weights_live_in_one_place():
    assert [m.candidate.name for m in rank(CANDIDATES, NEED, limit=2)] == ["Bình", "An"]
    no_load_penalty = {**WEIGHTS, "load": Decimal("0")}
    assert [m.candidate.name for m in rank(CANDIDATES, NEED, weights=no_load_penalty)][:2] == ["An", "Bình"]


def test_share_of_specialties_counts_for_several_pillars():
    need = Need(specialties=("dbi-strategy", "dbi-operations"))
    both = candidate(1, "Hai", ["dbi-strategy", "dbi-operations"], [])
    one = candidate(2, "Một", ["dbi-strategy"], [])
    assert [(m.candidate.name, m.score) for m in rank([one, both], need)] == [
        ("Hai", Decimal("46.00")),
        ("Một", Decimal("26.00")),
    ]


@pytest.mark.django_db
def test_experts_for_pillars_for_the_results_page():
    near = certified_expert(name="Gần", specialties=["dbi-strategy"], provinces=[HANOI])
    far = certified_expert(name="Xa", specialties=["dbi-strategy", "dbi-data-assets"], provinces=[HCMC])
    certified_expert(name="Khác", specialties=["dbi-culture"], provinces=[HANOI])
    experts = experts_for_pillars(["dbi-strategy", "dbi-data-assets"], province_id=HANOI)
    # near: half the pillars 20 + Hà Nội 25 + unrated 6 = 51; far: both pillars 40 + unrated 6 = 46
    assert experts == [near, far]
    assert [e.match_score for e in experts] == [Decimal("51.00"), Decimal("46.00")]
    assert experts[0].match_reasons[:2] == [
        "Chuyên môn phù hợp: Chiến lược chuyển đổi số",
        "Phục vụ Thành phố Hà Nội",
    ]
    assert experts_for_pillars(["dbi-strategy"], province_id=HANOI, limit=1) == [near]
    assert experts_for_pillars([]) == []


@pytest.mark.django_db
def test_matching_experts_include_renders(rf):
    expert = certified_expert(name="Phạm Thu Hà", specialties=["rdx-operations"])
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    html = render_to_string(
        "experts/includes/matching_experts.html",
        {"matching_experts": expert_cards_for_pillars(["rdx-operations"])},
        request=request,
    )
    assert "Phạm Thu Hà" in html and "Chuyên môn phù hợp: Vận hành cửa hàng" in html
    assert f"/chuyen-gia/{expert.pk}/" in html
    empty = render_to_string(
        "experts/includes/matching_experts.html", {"matching_experts": []}, request=request
    )
    assert "Chưa có chuyên gia phù hợp" in empty


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["vi", "en"])
def test_result_page_cards_rank_and_render_as_the_expert_card(rf, language, django_assert_num_queries):
    """The result page's cards (labels computed once, three queries) match `experts_for_pillars` place for place
    and render exactly as `expert_card.html` renders each expert."""
    from django.utils import translation

    from businesses.models import Province
    from experts.models import Consultation

    busy = certified_expert(
        name="Bận", specialties=["dbi-strategy", "dbi-culture"], provinces=[HANOI, HCMC, DANANG, 4, 6, 8]
    )
    certified_expert(name="Gần", specialties=["dbi-data-assets", "dbi-strategy"], provinces=[HANOI])
    rated = certified_expert(name="Được khen", specialties=["dbi-strategy"], provinces=[HCMC])
    rated.rating_avg, rated.rating_count = Decimal("4.35"), 7
    rated.save(update_fields=["rating_avg", "rating_count"])
    certified_expert(name="Khác", specialties=["dbi-culture"], provinces=[HANOI])
    owner, business = business_owner()
    Consultation.objects.create(
        business=business,
        requested_by=owner,
        topic="Chiến lược",
        pillar="dbi-strategy",
        description="?",
        status="active",
        expert=busy,
    )
    hanoi = Province.objects.get(code=HANOI)
    codes = ["dbi-strategy", "dbi-data-assets"]
    request = rf.get("/")
    request.user = AnonymousUser()
    with translation.override(language):
        experts = experts_for_pillars(codes, province_id=HANOI, limit=3)
        with django_assert_num_queries(3):
            cards = expert_cards_for_pillars(codes, province=hanoi, limit=3)
        assert [card.pk for card in cards] == [expert.pk for expert in experts]
        assert [card.match_score for card in cards] == [expert.match_score for expert in experts]
        page = render_to_string(
            "experts/includes/matching_experts.html", {"matching_experts": cards}, request
        )
        for expert in experts:
            card = render_to_string("experts/includes/expert_card.html", {"expert": expert}, request)
            assert card in page
    assert len(cards) == 3


@pytest.mark.django_db
def test_province_label_names_provinces_and_cities():
    from businesses.models import Province
    from experts.selectors import province_label

    assert province_label(Province.objects.get(code=1)) == "Thành phố Hà Nội"
    assert province_label(Province.objects.get(code=4)) == "tỉnh Cao Bằng"
