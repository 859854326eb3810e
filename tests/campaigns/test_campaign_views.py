"""The campaign pages: who may see and act (staff, officers in their province only, nobody else), the live
count, approval above the size limit by a second staff member, test send, send, pause and resume."""

import pytest
import time_machine
from django.urls import reverse

from businesses.models import Province
from campaigns.models import CampaignKind, CampaignStatus, SmsCampaign
from campaigns.segments import Segment
from smedx_portal.models import AuditEntry
from tests.campaigns.conftest import MORNING
from tests.campaigns.factories import make_campaign, representative
from tests.factories import ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def hanoi_and_hcm(db):
    hanoi = [representative(province=Province.objects.get(code=1)) for _ in range(3)]
    hcm = [representative(province=Province.objects.get(code=79)) for _ in range(2)]
    return hanoi, hcm


def compose_data(**overrides):
    data = {
        "title": "Mời khảo sát",
        "kind": CampaignKind.INFO,
        "text": "Mời quý doanh nghiệp tham gia khảo sát chuyển đổi số",
        "programme": "",
        "province": "",
        "ward": "",
        "sector": "",
        "surveyed_months_ago": "",
        "platform_group": "",
    }
    data.update(overrides)
    return data


# --- who may see ----------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.get(reverse("campaigns:campaign_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_business_representatives_are_refused(client):
    client.force_login(representative())
    assert client.get(reverse("campaigns:campaign_list")).status_code == 403
    assert client.get(reverse("campaigns:campaign_create")).status_code == 403
    assert client.get(reverse("campaigns:segment_count")).status_code == 403


def test_officers_see_only_their_provinces_campaigns(client, officer, staff):
    own = make_campaign(segment=Segment(province_id=1), created_by=officer, title="Hà Nội")
    other = make_campaign(segment=Segment(province_id=79), title="TP.HCM")
    national = make_campaign(title="Toàn quốc")
    client.force_login(officer)
    page = client.get(reverse("campaigns:campaign_list")).content.decode()
    assert "Hà Nội" in page and "TP.HCM" not in page and "Toàn quốc" not in page
    assert client.get(own.get_absolute_url()).status_code == 200
    for campaign in (other, national):
        assert client.get(campaign.get_absolute_url()).status_code == 404
        assert client.get(reverse("campaigns:campaign_progress", args=[campaign.pk])).status_code == 404
        assert (
            client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "send"])).status_code == 404
        )
        assert client.get(reverse("campaigns:campaign_edit", args=[campaign.pk])).status_code == 404
    client.force_login(staff)
    page = client.get(reverse("campaigns:campaign_list")).content.decode()
    assert "Hà Nội" in page and "TP.HCM" in page and "Toàn quốc" in page


def test_the_list_page_runs_a_fixed_number_of_queries(client, staff, django_assert_max_num_queries):
    for index in range(25):
        make_campaign(
            segment=Segment(province_id=1 if index % 2 else None), created_by=staff, title=f"C{index}"
        )
    client.force_login(staff)
    with django_assert_max_num_queries(8):
        response = client.get(reverse("campaigns:campaign_list"))
    assert response.status_code == 200
    assert response.content.decode().count('class="badge status-') == 20  # paginated by 20


# --- composing ------------------------------------------------------------------------------------


def test_staff_compose_a_national_campaign_and_see_the_count(client, staff, hanoi_and_hcm):
    client.force_login(staff)
    response = client.post(reverse("campaigns:campaign_create"), compose_data())
    campaign = SmsCampaign.objects.get()
    assert response.status_code == 302 and response["Location"] == campaign.get_absolute_url()
    assert (campaign.province_id, campaign.created_by, campaign.status) == (None, staff, CampaignStatus.DRAFT)
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert 'data-testid="recipient-total">5<' in page
    assert "Từ chối nhận tin" in page  # the preview shows the refusal link
    assert AuditEntry.objects.for_object(campaign).get().action == "campaign.create"


def test_an_officers_segment_is_forced_into_their_province(client, officer, hanoi_and_hcm):
    client.force_login(officer)
    response = client.post(reverse("campaigns:campaign_create"), compose_data(province="79"))
    assert response.status_code == 302
    campaign = SmsCampaign.objects.get()
    assert campaign.province_id == 1
    count = client.get(reverse("campaigns:segment_count"), {"province": "79"}).json()
    assert count["count"] == 3  # the province asked for is ignored: Hà Nội only


def test_an_officer_cannot_pick_a_ward_of_another_province(client, officer):
    ward = Province.objects.get(code=79).wards.first()
    client.force_login(officer)
    response = client.post(reverse("campaigns:campaign_create"), compose_data(ward=str(ward.pk)))
    assert response.status_code == 200 and not SmsCampaign.objects.exists()
    assert client.get(reverse("campaigns:ward_options"), {"province": "79"}).status_code == 404
    assert len(client.get(reverse("campaigns:ward_options"), {"province": "1"}).json()["wards"]) > 10


def test_the_live_count_endpoint(client, staff, hanoi_and_hcm, settings):
    settings.CAMPAIGN_APPROVAL_THRESHOLD = 2
    client.force_login(staff)
    assert client.get(reverse("campaigns:segment_count"), {"province": "79"}).json() == {
        "count": 2,
        "needs_approval": False,
        "threshold": 2,
    }
    assert client.get(reverse("campaigns:segment_count")).json()["needs_approval"] is True
    bad = client.get(reverse("campaigns:segment_count"), {"never_surveyed": "on", "surveyed_months_ago": "3"})
    assert bad.status_code == 400


def test_editing_after_approval_sends_the_campaign_back_to_draft(client, staff, other_staff, hanoi_and_hcm):
    campaign = make_campaign(created_by=staff, status=CampaignStatus.APPROVED, approved_by=other_staff)
    client.force_login(staff)
    client.post(reverse("campaigns:campaign_edit", args=[campaign.pk]), compose_data(text="Nội dung mới"))
    campaign.refresh_from_db()
    assert (campaign.text, campaign.status, campaign.approved_by) == (
        "Nội dung mới",
        CampaignStatus.DRAFT,
        None,
    )


# --- approval above the size limit ----------------------------------------------------------------


@time_machine.travel(MORNING, tick=False)
def test_above_the_limit_a_second_staff_member_must_approve(
    client, staff, other_staff, hanoi_and_hcm, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.CAMPAIGN_APPROVAL_THRESHOLD = 4  # the segment has 5 recipients
    campaign = make_campaign(created_by=staff)
    client.force_login(staff)
    url = lambda action: reverse("campaigns:campaign_action", args=[campaign.pk, action])  # noqa: E731

    response = client.post(url("send"), follow=True)
    assert "cần một cán bộ khác phê duyệt" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT and sms_outbox == []

    client.post(url("submit"))
    campaign.refresh_from_db()
    assert (campaign.status, campaign.recipient_count) == (CampaignStatus.PENDING_APPROVAL, 5)
    response = client.post(url("approve"), follow=True)  # the composer cannot approve their own campaign
    assert "Người soạn không tự phê duyệt" in response.content.decode()
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PENDING_APPROVAL

    client.force_login(other_staff)
    client.post(url("approve"), {"reason": "Nội dung đúng quy định"})
    campaign.refresh_from_db()
    assert (campaign.status, campaign.approved_by) == (CampaignStatus.APPROVED, other_staff)

    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url("send"))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.COMPLETED
    assert len(sms_outbox) == 5
    actions = list(AuditEntry.objects.for_object(campaign).order_by("id").values_list("action", "actor"))
    assert actions == [
        ("campaign.submit", staff.pk),
        ("campaign.approve", other_staff.pk),
        ("campaign.send", staff.pk),
        ("campaign.complete", None),
    ]


def test_a_rejection_needs_a_reason_and_returns_the_draft(client, staff, other_staff, hanoi_and_hcm):
    campaign = make_campaign(created_by=staff, status=CampaignStatus.PENDING_APPROVAL)
    client.force_login(other_staff)
    client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "reject"]), {"reason": ""})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PENDING_APPROVAL
    client.post(
        reverse("campaigns:campaign_action", args=[campaign.pk, "reject"]), {"reason": "Sai chính tả"}
    )
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    assert AuditEntry.objects.for_object(campaign).get().reason == "Sai chính tả"


def test_an_officer_of_another_province_cannot_approve(client, officer, hanoi_and_hcm, settings):
    campaign = make_campaign(
        segment=Segment(province_id=1), created_by=officer, status=CampaignStatus.PENDING_APPROVAL
    )
    outsider = ProvinceOfficerFactory(province=Province.objects.get(code=79))
    client.force_login(outsider)
    assert client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "approve"])).status_code == 404
    colleague = ProvinceOfficerFactory()  # Hà Nội too
    client.force_login(colleague)
    client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "approve"]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.APPROVED


# --- test send, pause, resume, cancel, progress ----------------------------------------------------


def test_a_test_send_goes_to_ones_own_phone_only(client, staff, hanoi_and_hcm, sms_outbox):
    campaign = make_campaign(created_by=staff, kind=CampaignKind.PROMO, text="Ưu đãi phần mềm kế toán")
    client.force_login(staff)
    client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "test"]))
    assert [m.phone for m in sms_outbox] == [staff.phone]
    assert sms_outbox[0].text.startswith("[QC] Ưu đãi phần mềm kế toán\n")
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    no_phone = UserFactory(phone=None, username="no-phone", is_staff=True, is_superuser=True)
    client.force_login(no_phone)
    response = client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "test"]), follow=True)
    assert "chưa có số điện thoại" in response.content.decode()


@time_machine.travel(MORNING, tick=False)
def test_pause_resume_and_progress(client, staff, hanoi_and_hcm, settings):
    settings.CAMPAIGN_BATCH_SIZE = 2
    campaign = make_campaign(created_by=staff)
    client.force_login(staff)
    client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "send"]))  # the batches are not run
    client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "pause"]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.PAUSED
    progress = client.get(reverse("campaigns:campaign_progress", args=[campaign.pk])).json()
    assert (progress["status"], progress["total"], progress["sent"], progress["finished"]) == (
        "paused",
        5,
        0,
        False,
    )
    client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "resume"]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING
    page = client.get(campaign.get_absolute_url()).content.decode()
    assert "data-progress-url" in page and "Tạm dừng" in page


def test_cancel_needs_a_reason(client, staff):
    campaign = make_campaign(created_by=staff)
    client.force_login(staff)
    client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "cancel"]), {"reason": ""})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "cancel"]), {"reason": "Trùng lịch"})
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED


def test_scheduling_needs_a_future_time(client, staff, hanoi_and_hcm):
    campaign = make_campaign(created_by=staff)
    client.force_login(staff)
    client.post(
        reverse("campaigns:campaign_action", args=[campaign.pk, "schedule"]), {"when": "2020-01-01T09:00"}
    )
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    client.post(
        reverse("campaigns:campaign_action", args=[campaign.pk, "schedule"]), {"when": "2099-01-01T09:00"}
    )
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SCHEDULED
    assert campaign.scheduled_at.year == 2099


def test_unknown_actions_and_gets_are_refused(client, staff):
    campaign = make_campaign(created_by=staff)
    client.force_login(staff)
    assert client.post(reverse("campaigns:campaign_action", args=[campaign.pk, "explode"])).status_code == 404
    assert client.get(reverse("campaigns:campaign_action", args=[campaign.pk, "send"])).status_code == 405
