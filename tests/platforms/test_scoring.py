"""Weighted scoring by several independent evaluators: totals, spread and ranking within a group."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from platforms import selectors, services
from platforms.models import EvaluationCriterion, Listing
from tests.platforms.conftest import all_scores
from tests.platforms.factories import ListingFactory

pytestmark = pytest.mark.django_db


def test_weighted_total_formula():
    # (value, weight, scale): 5/5*30 + 0/5*10 + 3/10*60 = 30 + 0 + 18 → 48 of 100
    assert services.weighted_total(
        [(5, Decimal(30), 5), (0, Decimal(10), 5), (3, Decimal(60), 10)]
    ) == Decimal("48.00")
    assert services.weighted_total([]) == Decimal("0.00")
    assert services.weighted_total([(2, Decimal("7"), 3)]) == Decimal("66.67")


def test_weights_change_the_total(listing, staff):
    criteria = list(EvaluationCriterion.objects.for_programme("SMEDX"))
    technical = {c.pk: 5 for c in criteria if c.kind == "technical"}
    participation = {c.pk: 0 for c in criteria if c.kind == "participation"}
    evaluation = services.evaluation_submit(
        listing=listing, evaluator=staff, scores={**technical, **participation}
    )
    assert evaluation.total == Decimal("50.00")  # technical weighs 50 of 100
    functionality = EvaluationCriterion.objects.get(code="tech-functionality")  # weight 15
    scores = {c.pk: 0 for c in criteria} | {functionality.pk: 5}
    evaluation = services.evaluation_submit(listing=listing, evaluator=staff, scores=scores)
    assert evaluation.total == Decimal("15.00")
    assert evaluation.scores.get(criterion=functionality).weight == Decimal("15")


def test_several_evaluators_mean_and_spread(listing, evaluators):
    for evaluator, value in zip(evaluators, (5, 4, 2), strict=True):
        services.evaluation_submit(listing=listing, evaluator=evaluator, scores=all_scores("SMEDX", value))
    listing.refresh_from_db()
    # 100, 80, 40 → mean 73.33, spread 60
    assert listing.score_total == Decimal("73.33")
    assert listing.score_spread == Decimal("60.00")
    assert listing.evaluator_count == 3
    # an evaluator re-scores: only their own evaluation changes
    services.evaluation_submit(listing=listing, evaluator=evaluators[2], scores=all_scores("SMEDX", 4))
    listing.refresh_from_db()
    assert (listing.score_total, listing.score_spread, listing.evaluator_count) == (
        Decimal("86.67"),
        Decimal("20.00"),
        3,
    )


def test_every_criterion_must_be_scored_within_its_scale(listing, staff):
    scores = all_scores("SMEDX", 3)
    missing = dict(list(scores.items())[1:])
    with pytest.raises(ValidationError):
        services.evaluation_submit(listing=listing, evaluator=staff, scores=missing)
    too_high = scores | {next(iter(scores)): 6}
    with pytest.raises(ValidationError, match="Chấm từ 0 đến 5"):
        services.evaluation_submit(listing=listing, evaluator=staff, scores=too_high)


def test_ranking_of_all_applicants_of_a_group(accounting, evaluators):
    listings = [ListingFactory(group=accounting) for _ in range(4)]
    for listing, value in zip(listings, (3, 5, 4, 5), strict=True):
        services.evaluation_submit(
            listing=listing, evaluator=evaluators[0], scores=all_scores("SMEDX", value)
        )
    unscored = ListingFactory(group=accounting)
    ranks = dict(
        Listing.objects.filter(group=accounting)
        .annotate(r=selectors.listing_rank_subquery())
        .values_list("pk", "r")
    )
    assert ranks[listings[1].pk] == 1 and ranks[listings[3].pk] == 1  # ties share a rank
    assert ranks[listings[2].pk] == 3
    assert ranks[listings[0].pk] == 4
    assert ranks[unscored.pk] is None


def test_closed_applications_cannot_be_scored(selected_listing, evaluate):
    with pytest.raises(ValidationError, match="không còn trong giai đoạn đánh giá"):
        evaluate(selected_listing)
