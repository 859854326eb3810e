"""Honours proposed from constructed data (most adopted, best rated, strongest progress), adjusted by staff
with a reason, published on a public page and in the news."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessment.criteria_files import CRITERIA_DIR, read_criteria_file
from assessment.models import Assessment
from assessment.services.criteria_sets import criteria_set_load
from campaigns.models import Article, HonourCategory, HonourEntry, HonourPeriod, HonourStatus
from campaigns.services.honours import (
    honour_entry_add,
    honour_entry_set_included,
    honour_propose,
    honour_publish,
    honours_propose_due,
    period_bounds,
    previous_period,
)
from platforms.models import Evaluation, UsageRegistration
from smedx_portal.levels import Level
from smedx_portal.models import AuditEntry
from tests.factories import BusinessFactory, ProvinceOfficerFactory, StaffFactory
from tests.platforms.factories import ListingFactory, group

pytestmark = pytest.mark.django_db

VN = datetime.timezone(datetime.timedelta(hours=7))
OCTOBER = datetime.date(2026, 10, 15)


def when(day: int, month: int = 10, year: int = 2026) -> datetime.datetime:
    return datetime.datetime(year, month, day, 10, 0, tzinfo=VN)


def test_period_bounds():
    assert period_bounds(HonourPeriod.MONTH, datetime.date(2026, 2, 14)) == (
        datetime.date(2026, 2, 1),
        datetime.date(2026, 3, 1),
    )
    assert period_bounds(HonourPeriod.QUARTER, datetime.date(2026, 11, 30)) == (
        datetime.date(2026, 10, 1),
        datetime.date(2027, 1, 1),
    )
    assert period_bounds(HonourPeriod.YEAR, datetime.date(2026, 6, 1)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2027, 1, 1),
    )
    assert previous_period(HonourPeriod.MONTH, datetime.date(2026, 1, 5)) == (
        datetime.date(2025, 12, 1),
        datetime.date(2026, 1, 1),
    )
    assert previous_period(HonourPeriod.QUARTER, datetime.date(2026, 4, 1)) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 4, 1),
    )


def use(listing, confirmed_at, status="active"):
    registration = UsageRegistration.objects.create(
        business=BusinessFactory(), platform=listing.platform, listing=listing, status=status
    )
    UsageRegistration.objects.filter(pk=registration.pk).update(confirmed_at=confirmed_at)


def evaluate(listing, total, submitted_at):
    evaluation = Evaluation.objects.create(listing=listing, evaluator=StaffFactory(), total=Decimal(total))
    Evaluation.objects.filter(pk=evaluation.pk).update(submitted_at=submitted_at)


@pytest.fixture
def platforms_data():
    accounting = group("smedx-accounting-finance")
    alpha, beta, gamma = (
        ListingFactory(group=accounting, platform__name=name)
        for name in ("MISA AMIS", "Base.vn", "Fast Accounting")
    )
    rdx_listing = ListingFactory(group=_rdx_group())
    for _ in range(3):
        use(alpha, when(5))
    use(beta, when(6))
    use(gamma, when(7))
    use(gamma, when(28))
    use(beta, when(3, month=9))  # the month before
    use(beta, when(8), status="requested")  # not confirmed by the provider
    for _ in range(5):
        use(rdx_listing, when(9))  # the other programme
    evaluate(beta, "91.5", when(10))
    evaluate(alpha, "84", when(11))
    evaluate(alpha, "88", when(12))
    evaluate(gamma, "99", when(2, month=9))  # outside the period
    return {
        "alpha": alpha.platform,
        "beta": beta.platform,
        "gamma": gamma.platform,
        "rdx": rdx_listing.platform,
    }


def _rdx_group():
    from platforms.models import CategoryGroup

    return CategoryGroup.objects.filter(programme="RDX").first()


@pytest.fixture
def progress_data():
    criteria_set = criteria_set_load(spec=read_criteria_file(CRITERIA_DIR / "smedx.yaml"))

    def survey(business, level, score, at):
        Assessment.objects.create(
            business=business, criteria_set=criteria_set, programme="SMEDX", status="submitted",
            level=level, total_score=Decimal(score), submitted_at=at,
        )  # fmt: skip

    one_level, big_points, two_steps, decline, first_time = (
        BusinessFactory(name=name)
        for name in ("Lên một mức", "Nhiều điểm", "Lên mức nhiều điểm", "Đi xuống", "Lần đầu")
    )
    survey(one_level, Level.READY, "30", when(1, month=6))
    survey(one_level, Level.GROWTH, "55", when(20))
    survey(big_points, Level.READY, "20", when(1, month=5))
    survey(big_points, Level.READY, "60", when(21))
    survey(two_steps, Level.GROWTH, "50", when(1, month=3))
    survey(two_steps, Level.GROWTH, "52", when(2))
    survey(
        two_steps, Level.BREAKTHROUGH, "82", when(22)
    )  # the latest in the period against the last before it
    survey(decline, Level.GROWTH, "60", when(1, month=7))
    survey(decline, Level.GROWTH, "58", when(23))
    survey(first_time, Level.BREAKTHROUGH, "90", when(24))  # no earlier survey: no progress to measure
    return {"one_level": one_level, "big_points": big_points, "two_steps": two_steps}


def entries(honour, category):
    return list(honour.entries.filter(category=category).order_by("rank"))


def test_the_proposal_from_the_data(platforms_data, progress_data):
    honour = honour_propose(programme="SMEDX", period=HonourPeriod.MONTH, day=OCTOBER)
    assert (honour.period_start, honour.period_end) == (
        datetime.date(2026, 10, 1),
        datetime.date(2026, 11, 1),
    )

    adopted = entries(honour, HonourCategory.ADOPTED_PLATFORM)
    assert [(e.platform, e.details["confirmed_usages"]) for e in adopted] == [
        (platforms_data["alpha"], 3),
        (platforms_data["gamma"], 2),
        (platforms_data["beta"], 1),
    ]
    rated = entries(honour, HonourCategory.RATED_PLATFORM)
    assert [(e.platform, e.metric) for e in rated] == [
        (platforms_data["beta"], Decimal("91.50")),
        (platforms_data["alpha"], Decimal("86.00")),
    ]
    progress = entries(honour, HonourCategory.PROGRESSING_BUSINESS)
    assert [e.business for e in progress] == [
        progress_data["two_steps"],  # a level up and 30 points
        progress_data["one_level"],  # a level up and 25 points
        progress_data["big_points"],  # 40 points, same level
    ]
    assert progress[0].details == {
        "from_level": "tang_truong",
        "to_level": "dot_pha",
        "from_score": "50.00",
        "to_score": "82.00",
    }
    assert AuditEntry.objects.for_object(honour).get().action == "honour.propose"
    # asking again returns the same proposal
    assert (
        honour_propose(programme="SMEDX", period=HonourPeriod.MONTH, day=datetime.date(2026, 10, 1)) == honour
    )


def test_staff_adjust_with_a_reason_and_publish(platforms_data, progress_data, staff, client):
    honour = honour_propose(programme="SMEDX", period=HonourPeriod.QUARTER, day=OCTOBER)
    big_points = HonourEntry.objects.get(honour=honour, business=progress_data["big_points"])
    with pytest.raises(ValidationError):
        honour_entry_set_included(entry=big_points, actor=staff, included=False, reason="  ")
    honour_entry_set_included(entry=big_points, actor=staff, included=False, reason="Hồ sơ đang bị kiểm tra")
    extra = BusinessFactory(name="Hợp tác xã Chè Thái Nguyên")
    honour_entry_add(
        honour=honour, actor=staff, category=HonourCategory.PROGRESSING_BUSINESS, business_id=extra.pk,
        reason="Điển hình ở địa phương, được Sở đề xuất",
    )  # fmt: skip

    # recomputing keeps the staff's decisions
    honour_propose(programme="SMEDX", period=HonourPeriod.QUARTER, day=OCTOBER, refresh=True)
    big_points.refresh_from_db()
    assert not big_points.included and big_points.reason == "Hồ sơ đang bị kiểm tra"
    assert HonourEntry.objects.filter(honour=honour, business=extra, added_by_staff=True).exists()

    assert (
        client.get(reverse("campaigns:honour_detail", args=[honour.pk])).status_code == 404
    )  # not yet public
    honour_publish(honour=honour, actor=staff, note="Chúc mừng các đơn vị!")
    honour.refresh_from_db()
    assert honour.status == HonourStatus.PUBLISHED and honour.published_by == staff
    page = client.get(reverse("campaigns:honour_detail", args=[honour.pk])).content.decode()
    assert "Hợp tác xã Chè Thái Nguyên" in page and "Lên mức nhiều điểm" in page and "MISA AMIS" in page
    assert "Nhiều điểm" not in page.replace("Lên mức nhiều điểm", "")
    article = honour.article
    assert article.title == "Vinh danh Quý 4/2026 — Chương trình SMEdx"
    assert client.get(article.get_absolute_url()).status_code == 200
    assert "Hợp tác xã Chè Thái Nguyên" in article.body
    assert client.get(reverse("campaigns:honour_list")).content.decode().count("Quý 4/2026") == 1
    actions = list(AuditEntry.objects.for_object(honour).order_by("id").values_list("action", flat=True))
    assert actions == ["honour.propose", "honour.exclude", "honour.add", "honour.recompute", "honour.publish"]
    with pytest.raises(ValidationError):  # published: frozen
        honour_entry_set_included(entry=big_points, actor=staff, included=True, reason="Đổi ý")


def test_nothing_to_publish_is_refused(staff):
    honour = honour_propose(programme="RDX", period=HonourPeriod.MONTH, day=OCTOBER)
    with pytest.raises(ValidationError):
        honour_publish(honour=honour, actor=staff)
    assert not Article.objects.exists()


def test_beat_proposes_each_ended_period_once():
    with time_machine.travel(datetime.datetime(2026, 10, 2, 8, 0, tzinfo=VN)):
        assert honours_propose_due() == 6  # month, quarter and year of both programmes
        assert honours_propose_due() == 0


def test_the_review_pages_are_for_ministry_staff(client, platforms_data, staff):
    honour = honour_propose(programme="SMEDX", period=HonourPeriod.MONTH, day=OCTOBER)
    url = reverse("campaigns:honour_review", args=[honour.pk])
    assert client.get(url).status_code == 302
    client.force_login(ProvinceOfficerFactory())
    assert client.get(url).status_code == 403
    assert client.post(reverse("campaigns:honour_action", args=[honour.pk, "publish"])).status_code == 403
    client.force_login(staff)
    page = client.get(url).content.decode()
    assert "MISA AMIS" in page
    entry = honour.entries.filter(category=HonourCategory.ADOPTED_PLATFORM).first()
    client.post(
        reverse("campaigns:honour_action", args=[honour.pk, "exclude"]),
        {"entry": entry.pk, "reason": "Vi phạm cam kết"},
    )
    entry.refresh_from_db()
    assert not entry.included
    client.post(
        reverse("campaigns:honour_action", args=[honour.pk, "add"]),
        {"category": "rated", "subject": "Fast Accounting", "reason": "Phản hồi tốt từ địa phương"},
    )
    assert honour.entries.filter(
        platform=platforms_data["gamma"], category="rated", added_by_staff=True
    ).exists()
    client.post(reverse("campaigns:honour_action", args=[honour.pk, "publish"]))
    honour.refresh_from_db()
    assert honour.status == HonourStatus.PUBLISHED


def test_the_public_list_is_paginated_with_a_fixed_number_of_queries(
    client, staff, django_assert_max_num_queries
):
    from campaigns.models import Honour

    for month in range(1, 14):
        Honour.objects.create(
            programme="RDX",
            period=HonourPeriod.MONTH,
            period_start=datetime.date(2025 + (month - 1) // 12, (month - 1) % 12 + 1, 1),
            period_end=datetime.date(2025 + month // 12, month % 12 + 1, 1),
            status=HonourStatus.PUBLISHED,
            published_at=when(1),
        )
    with django_assert_max_num_queries(4):
        page = client.get(reverse("campaigns:honour_list")).content.decode()
    assert page.count("Tháng ") >= 12 and 'rel="next"' in page
