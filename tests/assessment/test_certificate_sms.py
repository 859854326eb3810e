"""The owner gets one SMS when the business's DX-level certificate is issued: not on a repeat confirmation,
nor on a retried task (SMS test backend)."""

import pytest

from assessment.services.certificates import certificate_notify_holder
from smedx_portal.models import Certificate
from tests.assessment.test_certificate import verify

pytestmark = pytest.mark.django_db


def test_the_certificate_sms_is_sent_exactly_once(
    client,
    officer,
    owner,
    submitted,
    sms_outbox,
    django_capture_on_commit_callbacks,
    settings,
):
    settings.PORTAL_BASE_URL = "https://smedx.example.vn"
    client.force_login(officer)
    verify(client, submitted, django_capture_on_commit_callbacks, status="verified")
    certificate = Certificate.objects.get()
    to_owner = [message for message in sms_outbox if message.phone == owner.phone]
    assert len(to_owner) == 1
    text = to_owner[0].text
    assert "Tap hoa Co Lan" in text and "Dot pha" in text and certificate.number in text
    assert f"https://smedx.example.vn/chung-nhan/{certificate.number}/" in text
    assert to_owner[0].reference == f"certificate-{certificate.pk}"
    certificate.refresh_from_db()
    assert certificate.holder_notified_at is not None

    verify(
        client, submitted, django_capture_on_commit_callbacks, status="verified"
    )  # the same decision again
    assert certificate_notify_holder(certificate_id=certificate.pk) is False  # a retried task
    assert len([message for message in sms_outbox if message.phone == owner.phone]) == 1
