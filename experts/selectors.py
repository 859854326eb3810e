"""Read-side queries of the expert network, including those other apps use (assessment, reports)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Count, F, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.permissions import is_ministry_staff
from businesses.selectors import businesses_of
from experts.matching import Candidate, Match, Need, rank
from experts.models import Consultation, Expert, ExpertSpecialty, Invitation
from experts.models.consultations import OPEN_STATUSES
from smedx_portal.taxonomy import SPECIALTY_CHOICES
from smedx_portal.text import search_key

SPECIALTY_LABELS = dict(SPECIALTY_CHOICES)


# --- the network ----------------------------------------------------------------------------------
def certification_day(year: int | None = None) -> datetime.date:
    """The day a year's certified experts are counted on: today, or 31 December of a past `year`."""
    today = timezone.localdate()
    return today if year is None or year >= today.year else datetime.date(year, 12, 31)


def certified_expert_count(year: int | None = None) -> int:
    """Experts in the network with a valid certificate: today, or on 31 December of a past `year`."""
    return Expert.objects.certified(on=certification_day(year)).count()


def network_progress(year: int | None = None) -> dict:
    """The yearly target (seed 000 II.2d: at least 100) against the certified experts, for dashboards."""
    target = settings.EXPERTS_YEARLY_TARGET
    certified = certified_expert_count(year)
    return {
        "year": year or timezone.localdate().year,
        "target": target,
        "certified": certified,
        "percent": min(100, round(certified * 100 / target)) if target else 100,
    }


def directory(
    *, q: str = "", province=None, specialty: str = "", sector=None, kind: str = ""
) -> QuerySet[Expert]:
    experts = Expert.objects.certified().select_related("certificate")
    if q:
        for word in search_key(q).split():
            experts = experts.filter(search_key__contains=word)
    # many-to-many filters as subqueries, so rows never repeat and no DISTINCT is needed
    if province:
        experts = experts.filter(
            pk__in=Expert.provinces.through.objects.filter(province=province).values("expert_id")
        )
    if specialty:
        experts = experts.filter(pk__in=ExpertSpecialty.objects.filter(code=specialty).values("expert_id"))
    if sector:
        experts = experts.filter(
            pk__in=Expert.sectors.through.objects.filter(sector=sector).values("expert_id")
        )
    if kind:
        experts = experts.filter(kind=kind)
    return experts.prefetch_related(
        Prefetch("specialties", queryset=ExpertSpecialty.objects.order_by("id")), "provinces"
    ).order_by(F("rating_avg").desc(nulls_last=True), "name", "id")


def province_label(province) -> str:
    if province is None:
        return ""
    if province.name.lower().startswith(("thành phố", "tỉnh")):
        return province.name
    return _("tỉnh %(name)s") % {"name": province.name}


# --- matching -------------------------------------------------------------------------------------
def available_experts(exclude_ids: Iterable[int] = ()) -> QuerySet[Expert]:
    """Certified experts with room for more work, each with its `open_load` (open consultations)."""
    return (
        Expert.objects.certified()
        .exclude(pk__in=list(exclude_ids))
        .annotate(
            open_load=Count("consultations", filter=Q(consultations__status__in=OPEN_STATUSES), distinct=True)
        )
        .filter(open_load__lt=settings.EXPERTS_MAX_OPEN_CONSULTATIONS)
    )


def candidates(
    *,
    specialties: Iterable[str] = (),
    province_id: int | None = None,
    exclude_ids: Iterable[int] = (),
    exclude_user=None,
    with_sectors: bool = True,
) -> list[Candidate]:
    """Certified experts with room for more work, as plain values for `matching.rank` (4 queries; 3 without the
    sectors, for a need that names none)."""
    experts = available_experts(exclude_ids)
    if exclude_user is not None and getattr(exclude_user, "pk", None):
        experts = experts.exclude(user=exclude_user)
    wanted = list(specialties)
    # relevant = shares a wanted specialty or serves the province
    relevant = [Q(specialties__code__in=wanted)] if wanted else []
    if province_id is not None:
        relevant.append(Q(provinces=province_id))
    if relevant:
        condition = relevant[0] if len(relevant) == 1 else relevant[0] | relevant[1]
        experts = experts.filter(pk__in=Expert.objects.filter(condition).values("pk"))
    rows = list(experts.values_list("pk", "name", "rating_avg", "rating_count", "open_load"))
    ids = [row[0] for row in rows]
    codes, provinces, sectors = defaultdict(set), defaultdict(set), defaultdict(set)
    for expert_id, code in ExpertSpecialty.objects.filter(expert_id__in=ids).values_list("expert_id", "code"):
        codes[expert_id].add(code)
    for expert_id, province in Expert.provinces.through.objects.filter(expert_id__in=ids).values_list(
        "expert_id", "province_id"
    ):
        provinces[expert_id].add(province)
    if with_sectors:
        for expert_id, sector in Expert.sectors.through.objects.filter(expert_id__in=ids).values_list(
            "expert_id", "sector_id"
        ):
            sectors[expert_id].add(sector)
    return [
        Candidate(
            expert_id=pk,
            name=name,
            specialties=frozenset(codes[pk]),
            province_ids=frozenset(provinces[pk]),
            sector_ids=frozenset(sectors[pk]),
            rating_avg=rating_avg,
            rating_count=rating_count,
            open_load=open_load,
        )
        for pk, name, rating_avg, rating_count, open_load in rows
    ]


def _attach_experts(matches: list[Match]) -> list[Expert]:
    experts = (
        Expert.objects.select_related("certificate")
        .prefetch_related("specialties", "provinces")
        .in_bulk([match.expert_id for match in matches])
    )
    result = []
    for match in matches:
        expert = experts[match.expert_id]
        expert.match_score = match.score
        expert.match_reasons = match.reasons
        result.append(expert)
    return result


def experts_for_pillars(
    pillar_codes: Iterable[str], *, province_id: int | None = None, limit: int = 3, province=None
) -> list[Expert]:
    """Certified experts for a business's weakest pillars (assessment results page), best first.

    Each expert carries `match_reasons` and `match_score`. Experts must share at least one pillar. `province`:
    the province of `province_id` when the caller has it loaded already (one query less).
    """
    from businesses.models import Province

    codes = tuple(dict.fromkeys(pillar_codes))
    if not codes:
        return []
    pool = [c for c in candidates(specialties=codes, with_sectors=False) if c.specialties & set(codes)]
    if province is None or province.pk != province_id:
        province = Province.objects.filter(pk=province_id).first() if province_id is not None else None
    need = Need(
        specialties=codes,
        province_id=province_id,
        province_name=province_label(province),
        specialty_labels=SPECIALTY_LABELS,
    )
    return _attach_experts(rank(pool, need, limit=limit))


def consultation_need(consultation: Consultation) -> Need:
    business = consultation.business
    return Need(
        specialties=(consultation.pillar,),
        province_id=business.province_id,
        province_name=province_label(business.province),
        sector_id=business.sector_id,
        sector_name=business.sector.name if business.sector_id else "",
        specialty_labels=SPECIALTY_LABELS,
    )


def consultation_proposals(consultation: Consultation, *, limit: int | None = None) -> list[Expert]:
    """The experts to propose now: best fit first, leaving out those already asked on this request."""
    asked = consultation.invitations.values_list("expert_id", flat=True)
    need = consultation_need(consultation)
    pool = candidates(
        specialties=need.specialties,
        province_id=need.province_id,
        exclude_ids=list(asked),
        exclude_user=consultation.requested_by,
    )
    return _attach_experts(rank(pool, need, limit=limit or settings.EXPERTS_PROPOSALS))


# --- consultations: who sees what -----------------------------------------------------------------
def consultations_visible_to(user) -> QuerySet[Consultation]:
    """The business's representatives and the chosen expert see a consultation; staff see all."""
    if is_ministry_staff(user):
        return Consultation.objects.all()
    if not getattr(user, "is_authenticated", False):
        return Consultation.objects.none()
    return Consultation.objects.filter(
        Q(business__in=businesses_of(user).values("pk")) | Q(expert__user=user)
    ).distinct()


def consultation_for_user_or_404(user, pk: int) -> Consultation:
    consultation = (
        consultations_visible_to(user)
        .select_related(
            "business__province", "business__sector", "expert__certificate", "expert__user", "requested_by"
        )
        .filter(pk=pk)
        .first()
    )
    if consultation is None:
        raise Http404
    return consultation


def is_business_side(user, consultation: Consultation) -> bool:
    return businesses_of(user).filter(pk=consultation.business_id).exists()


def is_expert_side(user, consultation: Consultation) -> bool:
    return consultation.expert is not None and consultation.expert.user_id == getattr(user, "pk", None)


def pending_invitation(consultation: Consultation) -> Invitation | None:
    return consultation.invitations.filter(status="pending").select_related("expert").first()


def recent_ratings(expert: Expert, *, limit: int = 10) -> QuerySet[Consultation]:
    return (
        Consultation.objects.filter(expert=expert, rating__isnull=False)
        .select_related("business")
        .order_by("-rated_at")[:limit]
    )
