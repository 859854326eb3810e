"""The facts a periodic review looks at, for every listed platform of a programme, in one SQL query.

Each fact is a correlated subquery on the listing's platform over the cycle's period [start, end] (dates, in the
portal's time zone): businesses that registered to use it and that it activated (distinct businesses), trials
asked and confirmed, approved trial ratings (count and mean), complaints naming it, and the obligations of the
agreement the review can check from data — an agreement signed and in force, an offer to the programme's
businesses, trials set up by the deadline promised, registrations answered within `LEAD_ANSWER_DAYS`.

Complaints are rows of any model with a foreign key named `about_platform` to `Platform` (the network's support
requests and Q&A reports today): found through `Platform._meta`, so the catalogue imports no other app.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    Count,
    DecimalField,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from platforms.models import (
    PUBLIC_STATUSES,
    Agreement,
    AgreementStatus,
    Listing,
    Offer,
    Platform,
    Trial,
    TrialStatus,
    UsageRegistration,
    UsageStatus,
)
from platforms.selectors import usage_in_programme

LEAD_ANSWER_DAYS = 14
COMPLAINT_FIELD = "about_platform"
OBLIGATIONS = ("agreement", "offer", "trials_on_time", "leads_answered")


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date

    @property
    def since(self) -> datetime.datetime:
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def until(self) -> datetime.datetime:
        """The first instant after the period."""
        next_day = self.end + datetime.timedelta(days=1)
        return timezone.make_aware(datetime.datetime.combine(next_day, datetime.time.min))

    def within(self, field: str) -> Q:
        return Q(**{f"{field}__gte": self.since, f"{field}__lt": self.until})


def complaint_models() -> list:
    """Models whose rows name a platform as what a complaint is about."""
    return [
        relation.related_model
        for relation in Platform._meta.related_objects
        if relation.field.name == COMPLAINT_FIELD
    ]


def _per_platform(queryset: QuerySet, aggregate) -> Coalesce:
    rows = queryset.filter(platform=OuterRef("platform")).order_by().values("platform")
    return Coalesce(Subquery(rows.annotate(n=aggregate).values("n")[:1]), Value(0))


def _complaints(period: Period):
    total = Value(0)
    for model in complaint_models():
        rows = (
            model.objects.filter(period.within("created_at"), **{COMPLAINT_FIELD: OuterRef("platform")})
            .order_by()
            .values(COMPLAINT_FIELD)
            .annotate(n=Count("pk"))
            .values("n")[:1]
        )
        total = total + Coalesce(Subquery(rows, output_field=IntegerField()), Value(0))
    return total


def listings_with_facts(*, programme: str, period: Period) -> QuerySet[Listing]:
    """The programme's selected and complementary listings, each annotated with its facts (one query)."""
    today = timezone.localdate()
    on = min(period.end, today)
    usages = UsageRegistration.objects.filter(usage_in_programme(programme))
    trials = Trial.objects.filter(listing__group__programme=programme)
    ratings = trials.approved_ratings().filter(period.within("rated_at"))
    late_trials = trials.filter(period.within("requested_at")).filter(
        Q(ready_at__isnull=False, setup_due__lt=F("ready_at__date"))
        | Q(status=TrialStatus.ACCEPTED, setup_due__lt=today)
    )
    unanswered = usages.filter(
        period.within("created_at"),
        status=UsageStatus.REQUESTED,
        created_at__lt=timezone.now() - datetime.timedelta(days=LEAD_ANSWER_DAYS),
    )
    return (
        Listing.objects.filter(group__programme=programme, status__in=PUBLIC_STATUSES)
        .select_related("platform", "group")
        .annotate(
            f_registered=_per_platform(
                usages.filter(period.within("created_at")), Count("business", distinct=True)
            ),
            f_activated=_per_platform(
                usages.filter(period.within("confirmed_at"), status=UsageStatus.ACTIVE),
                Count("business", distinct=True),
            ),
            f_trials=_per_platform(trials.filter(period.within("requested_at")), Count("pk")),
            f_tried=_per_platform(trials.filter(period.within("tried_at")), Count("pk")),
            f_rating_count=_per_platform(ratings, Count("pk")),
            f_rating_average=Subquery(
                ratings.filter(platform=OuterRef("platform"))
                .order_by()
                .values("platform")
                .annotate(mean=Avg("rating"))
                .values("mean")[:1],
                output_field=DecimalField(max_digits=6, decimal_places=4),
            ),
            f_complaints=_complaints(period),
            o_agreement=Exists(
                Agreement.objects.in_force(on=on).filter(
                    status=AgreementStatus.SIGNED, platform=OuterRef("platform"), programme=programme
                )
            ),
            o_offer=Exists(
                Offer.objects.current(on=on)
                .filter(platform=OuterRef("platform"))
                .filter(Q(programme="") | Q(programme=programme))
            ),
            o_late_trials=Exists(late_trials.filter(platform=OuterRef("platform"))),
            o_unanswered=Exists(unanswered.filter(platform=OuterRef("platform"))),
        )
        .order_by("platform__name", "pk")
    )


def facts_of(listing: Listing) -> dict:
    """The annotated facts of one listing as `PlatformReview` field values."""
    average = listing.f_rating_average
    if average is not None:
        average = Decimal(average).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return {
        "registered": listing.f_registered,
        "activated": listing.f_activated,
        "trials": listing.f_trials,
        "trials_tried": listing.f_tried,
        "rating_count": listing.f_rating_count,
        "rating_average": average,
        "complaints": listing.f_complaints,
        "obligations": {
            "agreement": listing.o_agreement,
            "offer": listing.o_offer,
            "trials_on_time": not listing.o_late_trials,
            "leads_answered": not listing.o_unanswered,
        },
    }
