"""The result page's hand-written reads (`assessment.result_sql`) return the same rows as their ORM twins: the
business's submitted results with their criteria set, verification, plan and editor, for every kind of user; the
experts' card rows, leaving out the experts the ORM leaves out."""

from __future__ import annotations

import datetime

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from assessment import result_sql, timeline
from assessment.models import ResultVerification, VerificationStatus
from assessment.services import assessment_start, assessment_submit
from assessment.services.plans import plan_create
from experts.cards import card_rows
from experts.models import Consultation, ExpertStatus
from smedx_portal.programmes import Programme
from tests.assessment.conftest import RDX_BEST
from tests.experts.factories import ExpertFactory, business_owner, certified_expert, certify
from tests.factories import StaffFactory, UserFactory
from tests.twins import TWIN, assert_same_rows, row_of

pytestmark = TWIN


def _results(read, business, user) -> list:
    return [
        (
            row_of(item),
            row_of(item.criteria_set),
            row_of(item.decision) if item.decision is not None else None,
            item.plan_id,
            item.can_plan,
        )
        for item in read(business, user=user)
    ]


def _hand_results(business, user):
    return _results(result_sql.business_results, business, user)


def _orm_results(business, user):
    return _results(timeline.business_results, business, user)


def _submit(client, owner, store):
    draft = assessment_start(business=store, programme=Programme.RDX, actor=owner)
    for page, data in RDX_BEST.items():
        client.post(reverse("assessment:page", kwargs={"pk": draft.pk, "page": page}), data)
    return assessment_submit(assessment_id=draft.pk, actor=owner)


def test_business_results_and_their_orm_twin(client, rdx_set, store, owner):
    client.force_login(owner)
    assert _hand_results(store, owner) == []
    first = _submit(client, owner, store)
    second = _submit(client, owner, store)
    ResultVerification.objects.create(assessment=first, status=VerificationStatus.REJECTED, reason="Thiếu")
    plan_create(assessment=first, actor=owner)
    for user in (owner, UserFactory(), StaffFactory(), AnonymousUser()):
        rows = assert_same_rows(_hand_results, _orm_results, store, user, ordered=True)
        assert len(rows) == 2
    rows = _hand_results(store, owner)
    assert [row[0] for row in rows] == [row_of(first), row_of(second)]
    assert rows[0][2] is not None and rows[1][2] is None  # the verification of the first only
    assert rows[0][3] is not None and rows[1][3] is None  # the plan was made from the first
    assert [row[4] for row in rows] == [True, True]
    assert [row[4] for row in _hand_results(store, UserFactory())] == [False, False]


def _cards(read, codes):
    rows = read(codes)
    return [(rows.experts, dict(rows.specialties), dict(rows.provinces))]


def _hand_cards(codes):
    return _cards(result_sql.expert_card_rows, codes)


def _orm_cards(codes):
    return _cards(card_rows, codes)


def test_expert_card_rows_and_their_orm_twin(settings):
    settings.EXPERTS_MAX_OPEN_CONSULTATIONS = 2
    wanted = ("dbi-strategy", "dbi-data-assets")
    kept = [
        certified_expert(name="Hai", specialties=["dbi-data-assets", "dbi-strategy"], provinces=[1, 79, 48]),
        certified_expert(name="Một", specialties=["dbi-culture", "dbi-strategy"], provinces=[79]),
    ]
    certified_expert(name="Khác", specialties=["dbi-culture"])
    suspended = certified_expert(name="Tạm dừng", specialties=["dbi-strategy"])
    suspended.status = ExpertStatus.SUSPENDED
    suspended.save(update_fields=["status"])
    ExpertFactory(name="Chưa chứng nhận", specialties=["dbi-strategy"])
    expired = datetime.date.today() - datetime.timedelta(days=800)
    certify(ExpertFactory(name="Hết hạn", specialties=["dbi-strategy"]), valid_from=expired)
    busy = certified_expert(name="Bận", specialties=["dbi-strategy"])
    owner, business = business_owner()
    for status in ("active", "awaiting_expert", "closed"):
        Consultation.objects.create(
            business=business,
            requested_by=owner,
            topic="Chiến lược",
            pillar="dbi-strategy",
            description="?",
            status=status,
            expert=busy if status != "closed" else kept[0],
        )
    assert_same_rows(_hand_cards, _orm_cards, wanted)
    rows = result_sql.expert_card_rows(wanted)
    assert [row[0] for row in rows.experts] == [expert.pk for expert in kept]
    assert rows.experts[0][-1] == 0  # a closed consultation is no load
    assert rows.specialties[kept[0].pk] == ["dbi-data-assets", "dbi-strategy"]
    assert [code for code, _name in rows.provinces[kept[0].pk]] == [1, 48, 79]
    assert_same_rows(_hand_cards, _orm_cards, ("rdx-operations",))
    assert result_sql.expert_card_rows(("rdx-operations",)).experts == []
