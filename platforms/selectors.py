"""Read-side queries of the catalogue: public pages, the survey's recommendations, the provider dashboard,
the admin's ranking. Every list is bounded (pagination) and fetches related rows in a fixed number of queries."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import ConsentPurpose
from businesses.selectors import consenting_business_ids
from platforms.models import (
    OPEN_TRIAL_STATUSES,
    PUBLIC_STATUSES,
    Agreement,
    AgreementStatus,
    CategoryGroup,
    Listing,
    ListingStatus,
    Offer,
    Platform,
    Trial,
    UsageRegistration,
    UsageStatus,
)
from smedx_portal.models import CertificateStatus
from smedx_portal.text import search_key


def _certified_q(prefix: str = "") -> Q:
    today = timezone.localdate()
    return Q(**{f"{prefix}certificate__status": CertificateStatus.ACTIVE}) & (
        Q(**{f"{prefix}certificate__valid_until__isnull": True})
        | Q(**{f"{prefix}certificate__valid_until__gte": today})
    )


def _is_certified(prefix: str = "") -> Case:
    return Case(
        When(_certified_q(prefix), then=Value(True)), default=Value(False), output_field=BooleanField()
    )


def _has_offer() -> Exists:
    return Exists(Offer.objects.current().filter(platform=OuterRef("pk")))


def platforms_for_groups(group_codes, programme: str | None = None) -> QuerySet[Listing]:
    """Selected and complementary listings of these groups, with platform and provider; certified platforms first,
    then selected before complementary. Used by the survey's results to recommend platforms."""
    listings = (
        Listing.objects.public()
        .filter(group__code__in=list(group_codes))
        .select_related("group", "group__domain", "platform", "platform__provider", "platform__certificate")
        .annotate(
            is_certified=_is_certified("platform__"),
            status_order=Case(
                When(status=ListingStatus.SELECTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by(
            "-is_certified",
            "status_order",
            "group__position",
            "slot",
            "-platform__usage_count",
            "platform__name",
        )
    )
    if programme:
        listings = listings.filter(group__programme=programme)
    return listings


def catalogue_platforms(
    *,
    programme: str | None = None,
    group: CategoryGroup | None = None,
    query: str = "",
    certified: bool = False,
    has_offers: bool = False,
) -> QuerySet[Platform]:
    """Platforms with at least one public listing matching the filters, for the catalogue list (paginate it).

    The page costs a fixed number of queries: the count, the page (provider and certificate joined, offers as
    an EXISTS), and one prefetch of the page's public listings with their groups."""
    listings = Listing.objects.public().filter(platform=OuterRef("pk"))
    if programme:
        listings = listings.filter(group__programme=programme)
    if group is not None:
        listings = listings.filter(group=group)
    platforms = Platform.objects.filter(Exists(listings))
    key = search_key(query)
    if key:
        platforms = platforms.filter(search_key__contains=key)
    if certified:
        platforms = platforms.filter(_certified_q())
    if has_offers:
        platforms = platforms.filter(_has_offer())
    public_listings = (
        Listing.objects.public().select_related("group").order_by("group__programme", "group__position")
    )
    if programme:
        public_listings = public_listings.filter(group__programme=programme)
    return (
        platforms.select_related("provider", "certificate")
        .defer("description", "features", "pricing", "provider__description", "certificate__scope")
        .annotate(certified_first=_is_certified(), has_offer=_has_offer())
        .prefetch_related(Prefetch("listings", queryset=public_listings, to_attr="public_listings"))
        .order_by("-certified_first", "-usage_count", "name", "pk")
    )


def catalogue_groups(programme: str | None = None) -> QuerySet[CategoryGroup]:
    """Active groups with their domain and the counts of selected and complementary platforms."""
    return (
        CategoryGroup.objects.active()
        .for_programme(programme)
        .select_related("domain")
        .annotate(
            selected_count=Count("listings", filter=Q(listings__status=ListingStatus.SELECTED)),
            complementary_count=Count("listings", filter=Q(listings__status=ListingStatus.COMPLEMENTARY)),
        )
        .order_by("programme", "domain__position", "position")
    )


def group_listings(group: CategoryGroup) -> QuerySet[Listing]:
    """A group's public listings: the (at most three) selected by slot, then complementary ones."""
    return (
        Listing.objects.public()
        .filter(group=group)
        .select_related("platform", "platform__provider", "platform__certificate")
        .annotate(
            is_certified=_is_certified("platform__"),
            has_offer=Exists(Offer.objects.current().filter(platform=OuterRef("platform_id"))),
        )
        .order_by("status", "slot", "-is_certified", "-platform__usage_count", "platform__name")
    )


def public_platform_or_none(pk: int) -> Platform | None:
    """A platform with its provider, certificate, public listings and current offers (or None if not public)."""
    platform = (
        Platform.objects.filter(pk=pk)
        .filter(Exists(Listing.objects.public().filter(platform=OuterRef("pk"))))
        .select_related("provider", "certificate")
        .prefetch_related(
            Prefetch(
                "listings",
                queryset=Listing.objects.public().select_related("group", "group__domain"),
                to_attr="public_listings",
            ),
            Prefetch("offers", queryset=Offer.objects.current(), to_attr="current_offers"),
        )
        .annotate(
            requested_count=Count("usages", filter=Q(usages__status=UsageStatus.REQUESTED), distinct=True)
        )
        .first()
    )
    return platform


def provider_listings(provider) -> QuerySet[Listing]:
    return (
        Listing.objects.filter(platform__provider=provider)
        .select_related("group", "platform", "fast_track_from__group")
        .annotate(document_count=Count("documents", distinct=True))
        .order_by("-submitted_at")
    )


def provider_leads(provider) -> QuerySet[UsageRegistration]:
    """The provider's leads: only of businesses whose consent to sharing with providers is in force."""
    return (
        UsageRegistration.objects.filter(platform__provider=provider)
        .filter(business_id__in=consenting_business_ids(ConsentPurpose.PROVIDER_SHARING))
        .select_related("business", "business__province", "platform", "requested_by", "listing__group")
        .order_by(
            Case(
                When(status=UsageStatus.REQUESTED, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
            "-created_at",
        )
    )


def listing_rank_subquery() -> Coalesce:
    """1 + the number of applicants of the same group with a higher score (None when not scored)."""
    better = (
        Listing.objects.filter(group=OuterRef("group"), score_total__gt=OuterRef("score_total"))
        .order_by()
        .values("group")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Case(
        When(score_total__isnull=True, then=Value(None)),
        default=Coalesce(Subquery(better, output_field=IntegerField()), Value(0)) + 1,
        output_field=IntegerField(),
    )


def usage_counts(*, programme: str | None = None, since=None) -> QuerySet[Platform]:
    """Active registrations per platform (for reviews and honours), optionally since a date."""
    usages = Q(usages__status=UsageStatus.ACTIVE)
    if since is not None:
        usages &= Q(usages__confirmed_at__gte=since)
    platforms = Platform.objects.all()
    if programme:
        platforms = platforms.filter(
            listings__group__programme=programme, listings__status__in=PUBLIC_STATUSES
        )
    return platforms.annotate(active_usages=Count("usages", filter=usages, distinct=True)).order_by(
        "-active_usages"
    )


# --- trials -------------------------------------------------------------------------------------------------


def usage_in_programme(programme: str) -> Q:
    """A usage registration in the programme: by its listing's group, else by the business's programme."""
    flag = {"SMEDX": "business__in_smedx", "RDX": "business__in_rdx"}[programme]
    return Q(listing__group__programme=programme) | Q(listing__isnull=True, **{flag: True})


def _tried_ids(programme: str, year: int) -> tuple[QuerySet, QuerySet]:
    """The business ids of the year's confirmed trials and activated usage registrations of the programme."""
    tried = (
        Trial.objects.filter(listing__group__programme=programme, tried_at__year=year)
        .values("business_id")
        .order_by()
    )
    activated = (
        UsageRegistration.objects.filter(
            usage_in_programme(programme), status=UsageStatus.ACTIVE, confirmed_at__year=year
        )
        .values("business_id")
        .order_by()
    )
    return tried, activated


def businesses_that_tried(*, programme: str, year: int, province_id: int | None = None) -> QuerySet:
    """Businesses that tried a platform of the programme in the year, each counted once: a trial the business
    confirmed (`tried_at` in the year) or a usage registration the provider activated (`confirmed_at`).

    `.count()` gives the figure toward the yearly target (SMEdx: 30,000, QĐ 377 I.2c); nationally
    `count_businesses_that_tried` counts the same without reading the businesses."""
    from businesses.models import Business

    tried, activated = _tried_ids(programme, year)
    # one IN over the UNION: PostgreSQL looks the few ids up by primary key (two ORed INs scanned every
    # business: 90 ms at a million)
    businesses = Business.objects.filter(pk__in=tried.union(activated))
    if province_id is not None:
        businesses = businesses.filter(province_id=province_id)
    return businesses


def count_businesses_that_tried(*, programme: str, year: int) -> int:
    """`businesses_that_tried(...).count()` nationally: the UNION's distinct ids counted, no business row read."""
    tried, activated = _tried_ids(programme, year)
    return tried.union(activated).count()


def platform_ratings(*, programme: str, start, end) -> QuerySet:
    """Approved trial ratings given in [start, end) per platform: `platform`, `score` (mean 1–5), `n`."""
    return (
        Trial.objects.approved_ratings()
        .filter(listing__group__programme=programme, rated_at__gte=start, rated_at__lt=end)
        .values("platform")
        .annotate(score=Avg("rating"), n=Count("id", distinct=True))
        .order_by()
    )


def business_trials(user) -> QuerySet[Trial]:
    """The trials of the businesses a user represents, open ones first."""
    from businesses.selectors import businesses_of

    return (
        Trial.objects.filter(business__in=businesses_of(user))
        .select_related("business", "platform", "platform__provider")
        .order_by(_open_first(), "-requested_at")
    )


def provider_trials(provider) -> QuerySet[Trial]:
    """The provider's trial requests: only of businesses whose consent to sharing with providers is in force."""
    return (
        Trial.objects.filter(platform__provider=provider)
        .filter(business_id__in=consenting_business_ids(ConsentPurpose.PROVIDER_SHARING))
        .select_related("business", "business__province", "platform", "requested_by", "listing__group")
        .order_by(_open_first(), "setup_due", "-requested_at")
    )


def _open_first() -> Case:
    return Case(
        When(status__in=OPEN_TRIAL_STATUSES, then=Value(0)), default=Value(1), output_field=IntegerField()
    )


# --- agreements ---------------------------------------------------------------------------------------------


def provider_agreements(provider) -> list[Agreement]:
    """The provider's agreements, awaiting signature first, each with `in_force` and `expiring` flags."""
    today = timezone.localdate()
    agreements = list(
        Agreement.objects.filter(platform__provider=provider)
        .exclude(status=AgreementStatus.DRAFT)  # the staff's until sent
        .select_related("platform", "terms")
        .annotate(
            in_force=Exists(Agreement.objects.in_force(today).filter(pk=OuterRef("pk"))),
            pending_order=Case(
                When(status=AgreementStatus.SENT, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            ),
        )
        .order_by("pending_order", "-ends_on", "-pk")
    )
    horizon = today + datetime.timedelta(days=settings.AGREEMENT_EXPIRY_WARNING_DAYS)
    for agreement in agreements:
        agreement.expiring = (
            agreement.status == AgreementStatus.SIGNED and today <= agreement.ends_on <= horizon
        )
    return agreements


def catalogue_visibility(listing: Listing, agreements: list[Agreement]) -> str:
    """Why a selected listing is, or is not, shown in the catalogue (for staff), from the platform's agreements
    of the listing's programme (newest first)."""
    if listing.status not in PUBLIC_STATUSES:
        return ""
    today = timezone.localdate()
    mine = [a for a in agreements if a.programme == listing.group.programme]
    for agreement in mine:
        if agreement.status == AgreementStatus.SIGNED and agreement.starts_on <= today <= agreement.ends_on:
            return _("Hiển thị: thỏa thuận đã ký, hiệu lực đến %(end)s") % {
                "end": f"{agreement.ends_on:%d/%m/%Y}"
            }
        if (
            agreement.status == AgreementStatus.SENT
            and agreement.grace_until
            and agreement.grace_until >= today
        ):
            return _("Hiển thị trong thời gian chờ ký, đến %(date)s") % {
                "date": f"{agreement.grace_until:%d/%m/%Y}"
            }
    if not mine:
        return _("Không hiển thị: chưa có thỏa thuận")
    latest = mine[0]
    reasons = {
        AgreementStatus.DRAFT: _("Không hiển thị: thỏa thuận chưa gửi"),
        AgreementStatus.SENT: _("Không hiển thị: thỏa thuận chưa được ký"),
        AgreementStatus.SIGNED: _("Không hiển thị: thỏa thuận chưa đến ngày hiệu lực"),
        AgreementStatus.EXPIRED: _("Không hiển thị: thỏa thuận đã hết hạn"),
        AgreementStatus.TERMINATED: _("Không hiển thị: thỏa thuận đã chấm dứt"),
    }
    return reasons[latest.status]


def trial_possible_ids(business, platform_ids) -> set[int]:
    """Of these platforms, those the business may ask to try now: a selected listing shown in the catalogue, a
    verified business, and no open trial of it already (one query; none for an unverified business)."""
    ids = {pk for pk in platform_ids if pk}
    if not ids or not business.is_verified:
        return set()
    return set(
        Listing.objects.public()
        .filter(status=ListingStatus.SELECTED, platform_id__in=ids)
        .exclude(platform__trials__in=Trial.objects.open().filter(business=business))
        .values_list("platform_id", flat=True)
    )
