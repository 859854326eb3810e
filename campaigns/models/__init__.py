"""Campaigns: SMS campaigns, events and training, honours, news and the handbook."""

from campaigns.models.content import Article, ArticleAttachment, ArticleKind, ArticleStatus, HandbookChapter
from campaigns.models.events import (
    Event,
    EventKind,
    EventRegistration,
    EventStatus,
    Organiser,
    Region,
    RegistrationStatus,
)
from campaigns.models.honours import Honour, HonourCategory, HonourEntry, HonourPeriod, HonourStatus
from campaigns.models.sms import (
    CampaignKind,
    CampaignStatus,
    MessageStatus,
    OptOut,
    OptOutSource,
    SmsCampaign,
    SmsMessage,
)

__all__ = [
    "Article",
    "ArticleAttachment",
    "ArticleKind",
    "ArticleStatus",
    "CampaignKind",
    "CampaignStatus",
    "Event",
    "EventKind",
    "EventRegistration",
    "EventStatus",
    "HandbookChapter",
    "Honour",
    "HonourCategory",
    "HonourEntry",
    "HonourPeriod",
    "HonourStatus",
    "MessageStatus",
    "OptOut",
    "OptOutSource",
    "Organiser",
    "Region",
    "RegistrationStatus",
    "SmsCampaign",
    "SmsMessage",
]
