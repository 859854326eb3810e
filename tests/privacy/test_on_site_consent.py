"""An officer surveying a store records its owner's consent (enumerator channel), only in their province."""

import pytest
from django.urls import reverse

from accounts.models import Consent, ConsentChannel, ConsentPurpose
from smedx_portal.models import AuditEntry
from tests.factories import MembershipFactory, ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_officer_records_the_owner_s_answer_purpose_by_purpose(client):
    owner = MembershipFactory(user=UserFactory(privacy_notice_version="")).user
    business = owner.businesses.get()
    officer = ProvinceOfficerFactory()
    client.force_login(officer)
    url = reverse("privacy:on_site_consent", args=[business.pk])
    assert url in client.get(reverse("assessment:enumerator")).content.decode()
    page = client.get(url).content.decode()
    assert owner.full_name in page
    refused = client.post(url, {"representative": owner.pk})
    assert refused.status_code == 200 and not Consent.objects.exists()
    response = client.post(
        url, {"representative": owner.pk, "consent_participation": "on", "consent_promotional_sms": "on"}
    )
    assert response.status_code == 302
    assert set(Consent.objects.filter(user=owner).values_list("purpose", "channel")) == {
        (ConsentPurpose.PARTICIPATION, ConsentChannel.ENUMERATOR),
        (ConsentPurpose.PROMOTIONAL_SMS, ConsentChannel.ENUMERATOR),
    }
    assert AuditEntry.objects.filter(action="privacy.consent.on_site", actor=officer).exists()


def test_other_provinces_people_and_the_public_cannot(client):
    owner = MembershipFactory().user
    url = reverse("privacy:on_site_consent", args=[owner.businesses.get().pk])
    assert client.get(url).status_code == 302
    client.force_login(ProvinceOfficerFactory(province_id=79))
    assert client.get(url).status_code == 404
    client.force_login(owner)
    assert client.get(url).status_code == 403
    stranger = UserFactory()
    client.force_login(ProvinceOfficerFactory())
    bad = client.post(url, {"representative": stranger.pk, "consent_participation": "on"})
    assert bad.status_code == 200 and not Consent.objects.exists()
