"""Events proposed by providers, associations and province officers; staff approve or return; the organiser
checks people in (a QR scanned twice counts once); the ministry sees the year's regional workshops."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from businesses.models import Province
from campaigns.models import Event, RegistrationStatus
from campaigns.models.events import EventStatus
from campaigns.services import proposals as svc
from campaigns.services.events import event_register, ticket_token
from smedx_portal.models import AuditEntry
from tests.factories import MembershipFactory, ProvinceOfficerFactory, StaffFactory, UserFactory
from tests.platforms.factories import ProviderUserFactory

pytestmark = pytest.mark.django_db


def later(days: int, hours: int = 9) -> datetime.datetime:
    base = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return base + datetime.timedelta(days=days, hours=hours)


def form(**overrides) -> dict:
    data = {
        "title": "Hội thảo bán hàng đa kênh cho tạp hóa",
        "kind": "workshop",
        "programme": "SMEDX",
        "online": "0",
        "region": "north",
        "province": Province.objects.get(code=1).pk,
        "venue": "Trung tâm Hội nghị Quốc gia",
        "online_url": "",
        "starts_at": later(10).strftime("%Y-%m-%dT%H:%M"),
        "ends_at": later(10, 12).strftime("%Y-%m-%dT%H:%M"),
        "capacity": "2",
        "organiser_name": "Công ty Kế Toán Việt",
        "summary": "",
        "description": "",
    }
    return data | overrides


def propose(user, **overrides):
    data = {
        "title": "Tập huấn hóa đơn điện tử",
        "kind": "training",
        "programme": "SMEDX",
        "region": "north",
        "province": Province.objects.get(code=1),
        "venue": "Hà Nội",
        "starts_at": later(5),
        "ends_at": later(5, 11),
        "capacity": 30,
        "organiser_name": "Hiệp hội Doanh nghiệp nhỏ và vừa",
    } | overrides
    online = bool(data.get("online_url"))
    return svc.event_propose(proposer=user, online=online, **data)


def test_a_provider_proposes_staff_approve_owners_register_the_organiser_checks_in(client, sms_outbox):
    provider, staff = ProviderUserFactory(), StaffFactory()
    client.force_login(provider)
    assert client.get("/su-kien/de-xuat/moi/").status_code == 200
    response = client.post("/su-kien/de-xuat/moi/", form())
    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.status, event.organiser, event.created_by) == (EventStatus.PROPOSED, "provider", provider)
    assert client.get(event.get_absolute_url()).status_code == 404  # not public before approval

    client.force_login(staff)
    assert event.title in client.get("/su-kien/duyet/").content.decode()
    client.post(f"/su-kien/duyet/{event.pk}/duyet/", {"reason": ""})
    event.refresh_from_db()
    assert event.status == EventStatus.PUBLISHED
    assert AuditEntry.objects.filter(action="event.approve", actor=staff).exists()

    owner = MembershipFactory().user
    registration = event_register(event=event, user=owner, business=owner.businesses.get())
    client.force_login(provider)
    url = reverse("campaigns:event_checkin", args=[ticket_token(registration)])
    assert "Điểm danh" in client.get(url).content.decode() or client.get(url).status_code == 200
    client.post(url)
    client.post(url)  # scanned twice
    registration.refresh_from_db()
    assert registration.status == RegistrationStatus.ATTENDED
    assert AuditEntry.objects.filter(action="event.attended").count() == 1
    assert client.get(f"/su-kien/{event.slug}/diem-danh/").status_code == 200
    client.force_login(ProviderUserFactory())  # another provider is not the organiser
    assert client.get(f"/su-kien/{event.slug}/diem-danh/").status_code == 403
    assert client.post(url).status_code == 403


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_at": later(9).strftime("%Y-%m-%dT%H:%M")}, "ends_at", "kết thúc phải sau"),
        ({"capacity": "-1"}, "capacity", "không được nhỏ hơn 0"),
        ({"province": "99999"}, "province", "tỉnh/thành phố của Việt Nam"),
        ({"province": ""}, "province", "tỉnh/thành phố của Việt Nam"),
        ({"online": "1", "online_url": ""}, "online_url", "đường dẫn"),
    ],
)
def test_bad_proposals_are_refused_clearly_and_keep_what_was_typed(client, overrides, field, message):
    client.force_login(UserFactory(role=Role.PARTNER))
    response = client.post("/su-kien/de-xuat/moi/", form(**overrides))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert "Hội thảo bán hàng đa kênh cho tạp hóa" in response.content.decode()
    assert not Event.objects.exists()


def test_returned_with_a_reason_corrected_and_sent_again():
    partner, staff = UserFactory(role=Role.PARTNER), StaffFactory()
    event = propose(partner)
    assert event.organiser == "partner"
    with pytest.raises(ValidationError):
        svc.event_return(event=event, actor=staff, reason="")
    svc.event_return(event=event, actor=staff, reason="Bổ sung chương trình chi tiết")
    event.refresh_from_db()
    assert (event.status, event.review_note) == (EventStatus.RETURNED, "Bổ sung chương trình chi tiết")
    with pytest.raises(PermissionDenied):
        svc.event_update_proposal(event=event, proposer=ProviderUserFactory(), online=False, title="X")
    svc.event_update_proposal(event=event, proposer=partner, online=False, description="8h: khai mạc…")
    event.refresh_from_db()
    assert event.status == EventStatus.PROPOSED
    with pytest.raises(PermissionDenied):
        svc.event_approve(event=event, actor=partner)


def test_an_officer_proposes_in_their_own_province_only():
    officer = ProvinceOfficerFactory()
    with pytest.raises(ValidationError, match="tỉnh mình"):
        propose(officer, province=Province.objects.exclude(pk=officer.province_id).first())
    assert propose(officer).organiser == "province"
    with pytest.raises(PermissionDenied):
        propose(UserFactory())  # a business owner does not propose events


def test_the_ministry_sees_the_regional_workshops_held_or_not(client):
    staff = StaffFactory()
    year = timezone.localdate().year
    north = propose(
        staff,
        is_regional_workshop=True,
        title="Hội thảo khu vực phía Bắc",
        starts_at=timezone.now() - datetime.timedelta(days=1, hours=3),
        ends_at=timezone.now() - datetime.timedelta(days=1),
    )
    svc.event_approve(event=north, actor=staff)
    centre = propose(
        staff, is_regional_workshop=True, region="centre", title="Hội thảo khu vực miền Trung",
        province=Province.objects.get(code=48), starts_at=later(20), ends_at=later(20, 12),
    )  # fmt: skip
    svc.event_approve(event=centre, actor=staff)
    with pytest.raises(ValidationError, match="Đã có hội thảo khu vực"):
        propose(staff, is_regional_workshop=True, title="Thứ hai")
    workshops = {w.region: w for w in svc.regional_workshops(year=north.starts_at.year)}
    assert (workshops["north"].held, workshops["centre"].held, workshops["south"].event) == (
        True,
        False,
        None,
    )

    client.force_login(staff)
    page = client.get(f"/su-kien/hoi-thao-khu-vuc/?nam={north.starts_at.year}")
    html = page.content.decode()
    assert page.status_code == 200 and 'data-region="north" data-held="1"' in html
    assert 'data-region="centre" data-held="0"' in html and "Chưa lên kế hoạch" in html
    assert year >= 2026


def test_a_proposal_by_someone_else_cannot_be_edited(client):
    event = propose(UserFactory(role=Role.PARTNER))
    client.force_login(UserFactory(role=Role.PARTNER))
    assert client.get(f"/su-kien/de-xuat/{event.pk}/sua/").status_code == 404


@pytest.mark.parametrize(
    ("role", "mine", "new", "review", "regional"),
    [
        (None, 302, 302, 302, 302),
        (Role.BUSINESS, 403, 403, 403, 403),
        (Role.PROVIDER, 200, 200, 403, 403),
        (Role.PARTNER, 200, 200, 403, 403),
        (Role.PROVINCE_OFFICER, 200, 200, 403, 403),
        (Role.MOIT_STAFF, 403, 403, 403, 200),
        (Role.MINISTRY_STAFF, 200, 200, 200, 200),
    ],
)
def test_role_by_url(client, role, mine, new, review, regional):
    if role == Role.PROVINCE_OFFICER:
        client.force_login(ProvinceOfficerFactory())
    elif role:
        client.force_login(UserFactory(role=role))
    statuses = [
        client.get(url).status_code
        for url in (
            "/su-kien/de-xuat/",
            "/su-kien/de-xuat/moi/",
            "/su-kien/duyet/",
            "/su-kien/hoi-thao-khu-vuc/",
        )
    ]
    assert statuses == [mine, new, review, regional]
