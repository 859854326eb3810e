"""Read-side queries of the survey: access checks, history, recommended platforms."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Exists, OuterRef, QuerySet
from django.http import Http404

from accounts.permissions import NO_PROVINCE, is_staff_or_officer, province_scope, scope_to_province
from assessment.models import Assessment, AssessmentStatus, CriteriaSet
from businesses.models import Business, Membership, MembershipStatus
from platforms.models import CategoryGroup, Listing, ListingStatus


def visible_assessments(user) -> QuerySet:
    """Assessments of businesses the user represents; for officers and staff, those in their province scope."""
    queryset = Assessment.objects.all()
    if not getattr(user, "is_authenticated", False):
        return queryset.none()
    if is_staff_or_officer(user):
        return scope_to_province(queryset, user, field="business__province")
    # EXISTS rather than a join: an UPDATE through this queryset stays one plain statement (the survey's
    # autosave), where a join would make Django select the ids first in a subquery.
    memberships = Membership.objects.filter(
        business_id=OuterRef("business_id"), user=user, status=MembershipStatus.ACTIVE
    )
    return queryset.filter(Exists(memberships))


def visible_assessment_condition(user, table: str) -> tuple[str, list]:
    """`visible_assessments(user)` as an SQL condition on the assessment table named `table`, for the survey's
    hand-written hot statements (`assessment.survey_sql`); tests keep the two equal for every kind of user. Table
    and column names come from the models' `_meta`, quoted by the connection."""
    if not getattr(user, "is_authenticated", False):
        return "1 = 0", []
    quote = connection.ops.quote_name
    business = quote(Assessment._meta.get_field("business").column)
    if is_staff_or_officer(user):
        scope = province_scope(user)
        if scope is None:
            return "1 = 1", []
        if scope == NO_PROVINCE:
            return "1 = 0", []
        return (
            f"EXISTS (SELECT 1 FROM {quote(Business._meta.db_table)} b "  # noqa: S608 - names only
            f"WHERE b.{quote(Business._meta.pk.column)} = {table}.{business} "
            f"AND b.{quote(Business._meta.get_field('province').column)} = %s)",
            [scope],
        )
    member = Membership._meta
    return (
        f"EXISTS (SELECT 1 FROM {quote(member.db_table)} m "  # noqa: S608 - names only
        f"WHERE m.{quote(member.get_field('business').column)} = {table}.{business} "
        f"AND m.{quote(member.get_field('user').column)} = %s AND m.{quote(member.get_field('status').column)} = %s)",
        [user.pk, MembershipStatus.ACTIVE],
    )


def assessments_visible_to(user) -> QuerySet:
    return visible_assessments(user).select_related("business__sector", "business__province", "criteria_set")


def assessment_for_user_or_404(user, assessment_id: int) -> Assessment:
    """One query (`assessments_visible_to`'s, written by hand in `survey_sql`); 404 (not 403) for anyone else's
    assessment, so ids leak nothing."""
    from assessment.survey_sql import (
        visible_with_relations,
    )  # it builds on this module's visibility condition

    assessment = visible_with_relations(user, assessment_id)
    if assessment is None:
        raise Http404
    return assessment


@dataclass(frozen=True)
class SurveyRef:
    """What saving a page needs to know about an assessment besides the answers: its criteria set (whose
    published content is cached by version, see `assessment.structure`) and the business's kind and sector,
    which decide the questions asked. Read fresh on every save: the owner may change the business's kind or
    sector between two pages, and the next page must follow."""

    pk: int
    criteria_set_id: int
    published_at: datetime.datetime | None
    kind: str
    sector: str | None


def survey_ref_or_404(user, assessment_id: int) -> SurveyRef:
    """The assessment's SurveyRef in one SELECT of the five values (`survey_sql.survey_ref`, the hand-written twin
    of `visible_assessments`' read), 404 for anyone else's."""
    from assessment.survey_sql import survey_ref  # survey_sql builds on this module's conditions

    ref = survey_ref(user, assessment_id)
    if ref is None:
        raise Http404
    return ref


def latest_by_business(businesses) -> dict[int, dict[str, Assessment]]:
    """For each business: its open draft and latest submission per programme ({id: {"draft-RDX": a, ...}})."""
    result: dict[int, dict[str, Assessment]] = {}
    ids = [business.pk for business in businesses]
    if not ids:
        return result
    rows = (
        Assessment.objects.filter(business_id__in=ids, criteria_set__is_legacy=False)  # legacy: compared only
        .select_related("criteria_set")
        # what a survey row shows (scores per pillar and the set's documents are the result page's)
        .only("business_id", "programme", "status", "level", "total_score", "criteria_set__is_trial")
        .order_by("created_at")
    )
    for assessment in rows:
        key = f"{assessment.status}-{assessment.programme}"
        result.setdefault(assessment.business_id, {})[key] = assessment  # the newest wins
    return result


# --- recommendations from the platform catalogue ---------------------------------------------------


@dataclass
class RecommendedGroup:
    code: str
    name: str
    url: str = ""
    listings: list = field(default_factory=list)


def recommended_platforms(group_codes: list[str], *, per_group: int = 3) -> list:
    """Public listings (selected first, then complementary; certified platforms first) in these groups.

    At most `per_group` per group.
    """
    codes = [code for code in dict.fromkeys(group_codes) if code]
    if not codes:
        return []
    listings = list(
        Listing.objects.public()
        .filter(group__code__in=codes)
        .select_related("group", "platform", "platform__certificate")
    )
    order = {code: index for index, code in enumerate(codes)}
    listings.sort(
        key=lambda listing: (
            order[listing.group.code],
            listing.status != ListingStatus.SELECTED,
            not listing.platform.is_certified,
            listing.slot or 99,
            listing.platform.name,
        )
    )
    result, counts = [], {}
    for listing in listings:
        listing.certified = listing.platform.is_certified
        if counts.get(listing.group.code, 0) < per_group:
            counts[listing.group.code] = counts.get(listing.group.code, 0) + 1
            result.append(listing)
    return result


def recommended_groups(group_codes: list[str], *, per_group: int = 3) -> list[RecommendedGroup]:
    """The groups (name and catalogue link; the code alone for a code the catalogue does not know) with their
    recommended platforms."""
    codes = [code for code in dict.fromkeys(group_codes) if code]
    if not codes:
        return []
    groups = {code: RecommendedGroup(code=code, name=code) for code in codes}
    for group in CategoryGroup.objects.filter(code__in=codes):
        entry = groups[group.code]
        entry.name = group.display_name or group.name
        entry.url = group.get_absolute_url()
    for listing in recommended_platforms(codes, per_group=per_group):
        groups[listing.group.code].listings.append(listing)
    return [groups[code] for code in codes]


def trial_criteria_set_ids() -> QuerySet:
    """The ids of the portal's own (retired) trial criteria sets, lazily: results scored under them are labelled
    so (`smedx_portal.trial_sets`)."""
    return CriteriaSet.objects.filter(is_trial=True).values_list("pk", flat=True)


def confirmation_queue(user, *, programme: str = "") -> QuerySet:
    """Results waiting for an officer's confirmation (the basis of a certificate): each business's latest
    submission per programme under a current or trial version (legacy versions are taken only to compare),
    without a decision yet, in the user's province scope; the longest waiting first."""
    newer = Assessment.objects.filter(
        business_id=OuterRef("business_id"),
        programme=OuterRef("programme"),
        status=AssessmentStatus.SUBMITTED,
        criteria_set__is_legacy=False,
        submitted_at__gt=OuterRef("submitted_at"),
    )
    queryset = (
        scope_to_province(Assessment.objects.submitted(), user, field="business__province")
        .filter(criteria_set__is_legacy=False, verification__isnull=True)
        .exclude(Exists(newer))
        .select_related("business__province", "business__ward", "criteria_set")
        .order_by("submitted_at", "pk")
    )
    if programme:
        queryset = queryset.filter(programme=programme)
    return queryset
