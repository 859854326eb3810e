"""The incident register's 72-hour clock, and the record of processing generated from the data inventory."""

import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from privacy.inventory import INVENTORY
from privacy.models import Incident, IncidentState
from tests.factories import StaffFactory

pytestmark = pytest.mark.django_db


def test_recording_an_incident_starts_the_72_hour_clock(client):
    staff = StaffFactory()
    client.force_login(staff)
    found = timezone.now() - datetime.timedelta(hours=80)
    response = client.post(
        reverse("privacy:incidents"),
        {
            "title": "Lộ danh sách số điện thoại",
            "found_at": timezone.localtime(found).strftime("%Y-%m-%dT%H:%M"),
            "data_kinds": "số điện thoại",
            "subjects": "Chủ cửa hàng tỉnh Hà Nội",
            "subject_count": "120",
            "description": "Tệp CSV gửi nhầm địa chỉ email.",
        },
    )
    assert response.status_code == 302
    incident = Incident.objects.get()
    assert incident.clock() == "overdue"
    assert "Quá hạn 72 giờ" in client.get(response["Location"]).content.decode()
    response = client.post(
        reverse("privacy:incident_detail", args=[incident.pk]), {"reference": "123/CV-BKHCN"}
    )
    incident.refresh_from_db()
    assert incident.state == IncidentState.NOTIFIED and incident.clock() == "late"
    bad = client.post(reverse("privacy:incidents"), {"title": ""})
    assert bad.status_code == 200 and Incident.objects.count() == 1


def test_an_incident_notified_in_time_is_on_time():
    incident = Incident.objects.create(
        title="Thử", description="—", data_kinds="—", subjects="—", found_at=timezone.now()
    )
    assert incident.clock() == "running"
    incident.notified_at = incident.found_at + datetime.timedelta(hours=71)
    assert incident.clock() == "on_time"


def test_the_processing_record_names_real_models_and_is_printed():
    for kind in INVENTORY:
        for label in kind.stored_in:
            assert apps.get_model(label)
    out = StringIO()
    call_command("processing_record", stdout=out)
    text = out.getvalue()
    assert text.startswith("| Loại dữ liệu") and text.strip().count("\n") == len(INVENTORY) + 1
    assert "`accounts.Consent`" in text


def test_the_readme_keeps_the_generated_processing_record():
    from django.conf import settings
    from django.utils import translation

    from privacy.inventory import processing_record_markdown

    with translation.override("vi"):
        record = processing_record_markdown()
    assert record in (settings.BASE_DIR / "README.md").read_text(encoding="utf-8")
