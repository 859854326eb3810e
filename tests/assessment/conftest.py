"""Fixtures of the survey tests: the two bundled criteria sets, a store with its owner, answer helpers."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from assessment.criteria_files import CRITERIA_DIR, read_criteria_file
from assessment.demo import publish_with_demo_approvals
from assessment.services import assessment_start, assessment_submit
from assessment.services.criteria_sets import criteria_set_load
from assessment.structure import structure_for
from smedx_portal.programmes import Programme
from tests.factories import BusinessFactory, MembershipFactory, ProvinceOfficerFactory, UserFactory


@pytest.fixture(autouse=True)
def _vietnamese():
    """Every test starts in Vietnamese (a request to /en/ leaves English active in the thread)."""
    with translation.override("vi"):
        yield


def load_set(name: str, *, publish: bool = True):
    criteria_set = criteria_set_load(spec=read_criteria_file(CRITERIA_DIR / name))
    if publish:
        criteria_set = publish_with_demo_approvals(criteria_set)
    return criteria_set


@pytest.fixture
def rdx_set(db):
    return load_set("rdx.yaml")


@pytest.fixture
def smedx_set(db):
    return load_set("smedx.yaml")


@pytest.fixture
def owner(db):
    return UserFactory(full_name="Chị Lan")


@pytest.fixture
def store(owner):
    return MembershipFactory(user=owner, business__name="Tạp hóa Cô Lan").business


@pytest.fixture
def other_user(db):
    return UserFactory()


@pytest.fixture
def enterprise(owner):
    business = BusinessFactory(
        name="Công ty TNHH Sen Việt", kind="enterprise", in_rdx=False, in_smedx=True, sector=None
    )
    MembershipFactory(user=owner, business=business)
    return business


@pytest.fixture
def draft(rdx_set, store, owner):
    return assessment_start(business=store, programme=Programme.RDX, actor=owner)


def page_data(criteria_set, position: int, choices: dict[str, str | list[str]]) -> dict:
    """Form data for one page: question code → option code(s) or number text; unanswered codes omitted."""
    pillar = structure_for(criteria_set).pillar_at(position)
    codes = {question.code for question in pillar.question_list}
    unknown = set(choices) - codes
    assert not unknown, f"not on page {position}: {unknown}"
    return dict(choices)


# A complete RDX answer sheet where every scored question gets its best answer (grocery store, no staff).
RDX_BEST = {
    1: {
        "online-presence": "website",
        "sells-online": "yes",
        "online-channels": ["social", "marketplace", "own-website"],
        "online-revenue-share": "60",
        "customer-data": "software",
        "loyalty": "digital",
    },
    2: {
        "pos": "pos",
        "inventory": "software",
        "e-invoice": "e-invoice",
        "cashless": ["qr", "card"],
        "delivery": "partner",
    },
    3: {
        "bookkeeping": "software",
        "owner-skills": "level-4",
        "has-staff": "no",
        "data-decisions": "regularly",
        "strategy": "budget",
    },
    4: {
        "devices": ["smartphone", "computer", "pos-hardware"],
        "connectivity": "fibre",
        "cloud": "cloud",
        "backup": "automatic",
        "cyber-safety": ["passwords", "two-factor", "updates", "scam-aware"],
    },
}

# Every scored question at its worst answer (no online sales, so the two follow-up questions are skipped).
RDX_WORST = {
    1: {"online-presence": "none", "sells-online": "no", "customer-data": "none", "loyalty": "none"},
    2: {
        "pos": "manual",
        "inventory": "none",
        "e-invoice": "none",
        "cashless": ["cash-only"],
        "delivery": "none",
    },
    3: {
        "bookkeeping": "none",
        "owner-skills": "level-1",
        "has-staff": "no",
        "data-decisions": "no",
        "strategy": "none",
    },
    4: {
        "devices": ["none"],
        "connectivity": "none",
        "cloud": "paper",
        "backup": "none",
        "cyber-safety": ["none"],
    },
}


@pytest.fixture
def submitted(client, owner, draft):
    """The store's RDX survey answered at best and submitted by its owner."""
    client.force_login(owner)
    for page, data in RDX_BEST.items():
        client.post(reverse("assessment:page", kwargs={"pk": draft.pk, "page": page}), data)
    client.logout()
    return assessment_submit(assessment_id=draft.pk, actor=owner)


@pytest.fixture
def officer(db):
    return ProvinceOfficerFactory()


# The RDX store set (rdx-stores-1459.yaml): every function with its best tool, linked automatically.
RDX_STORES_BEST = {
    1: {
        "selling-channels": ["social", "marketplace", "pos-app", "link-auto"],
        "payments": ["qr-pos", "link-auto"],
    },
    2: {
        "stock": ["stock-app", "link-auto"],
        "accounts": ["books-app", "link-auto"],
        "e-invoices": ["cash-register", "link-auto"],
    },
    3: {"customers": ["loyalty-app", "link-auto"], "delivery": ["linked", "link-auto"]},
    4: {"data-use": "reports", "backup": "cloud"},
}
