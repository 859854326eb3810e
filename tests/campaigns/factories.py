"""Factories and helpers for the campaigns tests."""

from __future__ import annotations

import datetime

import factory
from django.utils import timezone

from accounts.models import ConsentPurpose
from campaigns.models import (
    Article,
    ArticleStatus,
    CampaignKind,
    Event,
    EventStatus,
    HandbookChapter,
    SmsCampaign,
)
from campaigns.models.events import EventKind, Organiser
from campaigns.segments import Segment
from smedx_portal.programmes import Programme
from tests.factories import BusinessFactory, MembershipFactory, StaffFactory, UserFactory, consenting


def representative(phone: str | None = None, **business_fields):
    """A business (with the given fields) and its owner; returns the owner."""
    user = UserFactory(phone=phone) if phone else UserFactory()
    MembershipFactory(user=user, business=BusinessFactory(**business_fields))
    return consenting(user, ConsentPurpose.PROMOTIONAL_SMS)


def make_campaign(
    *, segment: Segment | None = None, kind: str = CampaignKind.INFO, created_by=None, **fields
):
    segment = segment or Segment()
    return SmsCampaign.objects.create(
        title=fields.pop("title", "Chiến dịch thử"),
        kind=kind,
        text=fields.pop("text", "Mời tham gia khảo sát chuyển đổi số"),
        province_id=segment.province_id,
        criteria=segment.to_criteria(),
        created_by=created_by or StaffFactory(),
        **fields,
    )


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    title = factory.Sequence(lambda n: f"Hội thảo chuyển đổi số {n}")
    slug = factory.Sequence(lambda n: f"hoi-thao-{n}")
    kind = EventKind.WORKSHOP
    organiser = Organiser.MINISTRY
    programme = Programme.SMEDX
    venue = "Trung tâm Hội nghị Quốc gia"
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    ends_at = factory.LazyAttribute(lambda event: event.starts_at + datetime.timedelta(hours=4))
    capacity = 2
    status = EventStatus.PUBLISHED


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Tin tức {n}")
    slug = factory.Sequence(lambda n: f"tin-tuc-{n}")
    summary = "Tóm tắt bài viết"
    body = "<p>Nội dung</p>"
    status = ArticleStatus.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    search_key = factory.LazyAttribute(lambda article: f"{article.title.lower()}")


class ChapterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = HandbookChapter

    programme = Programme.RDX
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Chương {n + 1}")
    slug = factory.Sequence(lambda n: f"chuong-{n + 1}")
    body = "<p>Nội dung chương</p>"
    is_published = True
