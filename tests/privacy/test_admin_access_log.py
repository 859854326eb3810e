"""Every admin change page of a model holding personal data (per `privacy/inventory.py`) logs the staff member's
access, as the site's pages do: the test walks those ModelAdmins over the demo data (and a row of each model the
demo leaves empty) and finds a log row for each page opened."""

from __future__ import annotations

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import timezone

from accounts.models import PhoneChallenge
from campaigns.models import OptOut
from experts.models import Answer, ExpertApplication, Question, SupportRequest
from platforms.models import Provider, Trial
from privacy.inventory import INVENTORY
from privacy.models import DataRequest
from smedx_portal.models import PersonalDataAccess, WebhookDelivery, WebhookEndpoint
from smedx_portal.personal import AccessLoggedAdminMixin
from tests.core.test_admin_scope import demo  # noqa: F401  (the demo data and the rows it leaves empty)
from tests.factories import BusinessFactory, MembershipFactory, StaffFactory
from tests.platforms.factories import ListingFactory

pytestmark = pytest.mark.django_db


def personal_models():
    labels = sorted({label for kind in INVENTORY for label in kind.stored_in})
    return [apps.get_model(label) for label in labels if admin.site.is_registered(apps.get_model(label))]


@pytest.fixture
def rows(demo):  # noqa: F811
    """A row of each personal-data model the demo data leaves empty."""
    membership = MembershipFactory(business=BusinessFactory())
    user, business = membership.user, membership.business
    now = timezone.now()
    if not PhoneChallenge.objects.exists():
        PhoneChallenge.objects.create(
            phone=user.phone, purpose="verify", expires_at=now + datetime.timedelta(minutes=5)
        )
    if not OptOut.objects.exists():
        OptOut.objects.create(phone="+84912000999", source="sms")
    if not DataRequest.objects.exists():
        DataRequest.objects.create(
            user=user, kind="correction", details="Sai địa chỉ", acknowledge_by=now, due_by=now
        )
    if not SupportRequest.objects.exists():
        SupportRequest.objects.create(name="Lan", phone="+84912000998", message="Cần hỗ trợ", user=user)
    if not ExpertApplication.objects.exists():
        ExpertApplication.objects.create(
            user=user, name="Lan", headline="Tư vấn", bio="…", years_experience=3, references="Ông B"
        )
    if not Answer.objects.exists() and Question.objects.exists():
        Answer.objects.create(question=Question.objects.first(), author=user, body="Trả lời")
    listing = ListingFactory(status="selected", slot=3)
    if not Trial.objects.exists():
        Trial.objects.create(business=business, platform=listing.platform, listing=listing, requested_by=user)
    if not WebhookDelivery.objects.exists():
        endpoint = WebhookEndpoint.objects.create(
            owner_content_type=ContentType.objects.get_for_model(Provider),
            owner_object_id=str(listing.platform.provider_id),
            url="https://hooks.example.vn/",
            secret="whsec_test",
        )
        WebhookDelivery.objects.create(
            endpoint=endpoint, event_id="00000000-0000-0000-0000-000000000002", event="x", body="{}"
        )


def test_every_personal_data_admin_is_access_logged():
    unlogged = [
        model._meta.label
        for model in personal_models()
        if not isinstance(admin.site.get_model_admin(model), AccessLoggedAdminMixin)
    ]
    assert unlogged == []


def test_opening_each_personal_data_admin_page_writes_a_log_row(client, rows):
    staff = StaffFactory()
    client.force_login(staff)
    empty = []
    for model in personal_models():
        obj = model._meta.default_manager.order_by("pk").first()
        if obj is None:
            empty.append(model._meta.label)
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_change", args=[obj.pk])
        assert client.get(url).status_code == 200, model._meta.label
        logged = PersonalDataAccess.objects.filter(
            viewer=staff, content_type=ContentType.objects.get_for_model(model), object_id=str(obj.pk)
        )
        assert logged.exists(), model._meta.label
    assert empty == []
    # a POST (saving the page) is not a second view
    before = PersonalDataAccess.objects.count()
    client.post(reverse("admin:campaigns_optout_change", args=[OptOut.objects.first().pk]), {})
    assert PersonalDataAccess.objects.count() == before
