"""A verified business asks for consultation, picks a proposed expert, who accepts or declines before the
deadline; they exchange messages; either side closes; the business rates. Only the two parties and staff see it."""

import datetime

import pytest
import time_machine
from django.utils import timezone

from experts.models import Consultation, ConsultationStatus, InvitationStatus
from experts.services import consultations as services
from experts.tasks import expire_consultation_requests
from smedx_portal.models import AuditEntry
from tests.experts.factories import business_owner, certified_expert
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

# a moment inside the experts' certificates (issued from yesterday for two years)
NOW = datetime.datetime.combine(
    datetime.date.today() + datetime.timedelta(days=2), datetime.time(9), tzinfo=datetime.UTC
)


@pytest.fixture
def owner_and_business():
    return business_owner(name="Tạp hóa Minh An", province_code=1, sector_code="tap-hoa")


@pytest.fixture
def owner(owner_and_business):
    return owner_and_business[0]


@pytest.fixture
def business(owner_and_business):
    return owner_and_business[1]


@pytest.fixture
def experts():
    """Three experts whose order for a Hà Nội grocery asking about sales is known: best, second, third."""
    return [
        certified_expert(
            name="Hạng Nhất", specialties=["rdx-customers-sales"], provinces=[1], sectors=["tap-hoa"]
        ),
        certified_expert(name="Hạng Nhì", specialties=["rdx-customers-sales"], provinces=[1]),
        certified_expert(name="Hạng Ba", specialties=["rdx-customers-sales"], provinces=[79]),
        certified_expert(name="Không Liên Quan", specialties=["dbi-culture"], provinces=[48]),
    ]


def request_form(business, **overrides):
    return {
        "business": business.pk,
        "topic": "Bán hàng trên sàn thương mại điện tử",
        "pillar": "rdx-customers-sales",
        "description": "Cửa hàng muốn mở gian hàng trực tuyến.",
        "channel": "portal",
        **overrides,
    }


@pytest.fixture
def consultation(business, owner, experts):
    return services.consultation_request(
        business=business,
        user=owner,
        topic="Bán hàng trên sàn thương mại điện tử",
        pillar="rdx-customers-sales",
        description="Cửa hàng muốn mở gian hàng trực tuyến.",
        channel="portal",
    )


def choose(consultation, owner, expert, now=None):
    return services.consultation_choose_expert(consultation=consultation, user=owner, expert=expert, now=now)


def test_request_form_and_ranked_proposals_with_reasons(client, owner, business, experts):
    client.force_login(owner)
    assert client.get("/tu-van/yeu-cau/").status_code == 200
    response = client.post("/tu-van/yeu-cau/", request_form(business))
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/tu-van/{consultation.pk}/"
    page = client.get(response["Location"])
    proposed = [expert.name for expert in page.context["proposals"]]
    assert proposed == ["Hạng Nhất", "Hạng Nhì", "Hạng Ba"]  # the unrelated expert is not proposed
    html = page.content.decode()
    assert "Chuyên môn phù hợp: Khách hàng và kênh bán hàng" in html
    assert "Phục vụ Thành phố Hà Nội" in html and "Am hiểu ngành Tạp hóa" in html


def test_only_a_verified_business_can_ask(client):
    owner, business = business_owner(verified=False)
    client.force_login(owner)
    html = client.get("/tu-van/yeu-cau/").content.decode()
    assert "chưa được xác minh" in html
    client.post("/tu-van/yeu-cau/", request_form(business))
    assert not Consultation.objects.exists()
    # nor for someone else's business
    _, other = business_owner()
    client.post("/tu-van/yeu-cau/", request_form(other))
    assert not Consultation.objects.exists()


def test_full_happy_path(
    client, owner, consultation, experts, sms_outbox, django_capture_on_commit_callbacks
):
    best = experts[0]
    client.force_login(owner)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/tu-van/{consultation.pk}/chon/{best.pk}/")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.AWAITING_EXPERT and consultation.expert == best
    invitation = consultation.invitations.get()
    assert "Phục vụ Thành phố Hà Nội" in invitation.reasons
    assert sms_outbox[-1].phone == best.user.phone and "Tạp hóa Minh An" in sms_outbox[-1].text

    client.force_login(best.user)
    page = client.get(f"/tu-van/{consultation.pk}/").content.decode()
    assert "Bạn được mời tư vấn" in page
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/tu-van/{consultation.pk}/nhan/")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.ACTIVE
    assert sms_outbox[-1].phone == owner.phone and "đã nhận" in sms_outbox[-1].text

    client.post(f"/tu-van/{consultation.pk}/tin-nhan/", {"body": "Chào anh chị, tôi xem gian hàng nhé."})
    client.force_login(owner)
    client.post(f"/tu-van/{consultation.pk}/tin-nhan/", {"body": "Cảm ơn chuyên gia <b>nhiều</b>!"})
    html = client.get(f"/tu-van/{consultation.pk}/").content.decode()
    assert "tôi xem gian hàng nhé" in html and "&lt;b&gt;nhiều&lt;/b&gt;" in html

    client.post(f"/tu-van/{consultation.pk}/ket-thuc/")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.CLOSED and consultation.closed_by == owner
    client.post(f"/tu-van/{consultation.pk}/danh-gia/", {"rating": "4", "comment": "Tư vấn tận tình"})
    best.refresh_from_db()
    assert (best.rating_avg, best.rating_count) == (4, 1)
    # only once
    client.post(f"/tu-van/{consultation.pk}/danh-gia/", {"rating": "1", "comment": "Đổi ý"})
    consultation.refresh_from_db()
    assert consultation.rating == 4
    profile = client.get(f"/chuyen-gia/{best.pk}/").content.decode()
    assert "4,0/5 (1 lượt đánh giá)" in profile and "Tư vấn tận tình" in profile


def test_decline_returns_the_request_with_the_next_proposals(client, owner, consultation, experts):
    best, second = experts[0], experts[1]
    choose(consultation, owner, best)
    client.force_login(best.user)
    client.post(f"/tu-van/{consultation.pk}/tu-choi/", {"reason": "Đang kín lịch"})
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.AWAITING_CHOICE and consultation.expert is None
    assert consultation.invitations.get().status == InvitationStatus.DECLINED
    # the decliner no longer sees it
    assert client.get(f"/tu-van/{consultation.pk}/").status_code == 404
    client.force_login(owner)
    page = client.get(f"/tu-van/{consultation.pk}/")
    assert [e.name for e in page.context["proposals"]] == ["Hạng Nhì", "Hạng Ba"]
    assert "Từ chối" in page.content.decode()
    # the declined expert cannot be picked again
    client.post(f"/tu-van/{consultation.pk}/chon/{best.pk}/")
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.AWAITING_CHOICE
    choose(consultation, owner, second)
    consultation.refresh_from_db()
    assert consultation.expert == second


def test_an_unproposed_expert_cannot_be_picked(owner, consultation, experts):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        choose(consultation, owner, experts[3])


def test_open_load_lowers_the_rank(owner, business, consultation, experts, settings):
    # the best expert (40 + 25 + 15 + 6 = 86) has four open requests: 86 − 4 × 4 = 70, below the second (71)
    for _ in range(4):
        other_owner, other_business = business_owner()
        other = services.consultation_request(
            business=other_business,
            user=other_owner,
            topic="Khác",
            pillar="rdx-customers-sales",
            description="-",
            channel="phone",
        )
        choose(other, other_owner, experts[0])
    from experts.selectors import consultation_proposals

    names = [e.name for e in consultation_proposals(consultation)]
    assert names.index("Hạng Nhì") < names.index("Hạng Nhất")
    settings.EXPERTS_MAX_OPEN_CONSULTATIONS = 4  # full experts are not proposed at all
    assert "Hạng Nhất" not in [e.name for e in consultation_proposals(consultation)]


# --- the deadline ----------------------------------------------------------------------------------
def test_unanswered_request_expires_at_the_deadline(
    owner, consultation, experts, settings, sms_outbox, django_capture_on_commit_callbacks
):
    settings.EXPERTS_RESPONSE_HOURS = 48
    with time_machine.travel(NOW, tick=False):
        invitation = choose(consultation, owner, experts[0], now=timezone.now())
    assert invitation.respond_by == NOW + datetime.timedelta(hours=48)

    with time_machine.travel(NOW + datetime.timedelta(hours=47, minutes=59), tick=False):
        assert services.consultation_requests_expire() == []
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.AWAITING_EXPERT

    later = NOW + datetime.timedelta(hours=48, minutes=5)
    with time_machine.travel(later, tick=False), django_capture_on_commit_callbacks(execute=True):
        assert expire_consultation_requests.delay().get() == 1  # the beat task
    consultation.refresh_from_db()
    invitation.refresh_from_db()
    assert invitation.status == InvitationStatus.EXPIRED
    assert consultation.status == ConsultationStatus.AWAITING_CHOICE and consultation.expert is None
    assert sms_outbox[-1].phone == owner.phone and "đúng hạn" in sms_outbox[-1].text
    assert AuditEntry.objects.for_object(consultation).get().action == "consultation.invitation_expired"
    # running again changes nothing
    assert services.consultation_requests_expire(now=NOW + datetime.timedelta(days=3)) == []


def test_accepting_after_the_deadline_is_refused(client, owner, consultation, experts):
    with time_machine.travel(NOW, tick=False):
        choose(consultation, owner, experts[0], now=timezone.now())
    with time_machine.travel(NOW + datetime.timedelta(hours=49), tick=False):
        client.force_login(experts[0].user)
        response = client.post(f"/tu-van/{consultation.pk}/nhan/", follow=True)
        assert "quá hạn" in response.content.decode()
    consultation.refresh_from_db()
    assert consultation.status == ConsultationStatus.AWAITING_EXPERT


def test_beat_schedule_runs_the_expiry(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["experts-expire-consultation-requests"]
    assert entry["task"] == "experts.tasks.expire_consultation_requests"


# --- privacy ---------------------------------------------------------------------------------------
@pytest.fixture
def active(owner, consultation, experts):
    choose(consultation, owner, experts[0])
    services.invitation_accept(consultation=consultation, user=experts[0].user)
    services.message_post(consultation=consultation, user=owner, body="Tin nhắn riêng tư của cửa hàng")
    return consultation


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("owner", 200),
        ("co_representative", 200),
        ("the_expert", 200),
        ("staff", 200),
        ("another_expert", 404),
        ("another_business", 404),
        ("signed_in_nobody", 404),
    ],
)
def test_who_sees_a_consultation(client, active, owner, business, experts, staff, who, status):
    from tests.factories import MembershipFactory

    users = {
        "owner": lambda: owner,
        "co_representative": lambda: MembershipFactory(business=business).user,
        "the_expert": lambda: experts[0].user,
        "staff": lambda: staff,
        "another_expert": lambda: experts[1].user,
        "another_business": lambda: business_owner()[0],
        "signed_in_nobody": lambda: UserFactory(),
    }
    client.force_login(users[who]())
    response = client.get(f"/tu-van/{active.pk}/")
    assert response.status_code == status
    if status == 200:
        assert "Tin nhắn riêng tư của cửa hàng" in response.content.decode()
    listed = client.get("/tu-van/").content.decode()
    assert ("Bán hàng trên sàn thương mại điện tử" in listed) == (status == 200)


def test_anonymous_is_sent_to_sign_in(client, active):
    response = client.get(f"/tu-van/{active.pk}/")
    assert response.status_code == 302 and "/tai-khoan/" in response["Location"]


@pytest.mark.parametrize("action", ["tin-nhan", "ket-thuc", "danh-gia", "nhan", "tu-choi", "chon"])
def test_outsiders_get_404_on_every_action(client, active, experts, action):
    client.force_login(experts[1].user)
    if action == "chon":
        action = f"chon/{experts[1].pk}"
    response = client.post(f"/tu-van/{active.pk}/{action}/", {"body": "xen vào", "rating": "1"})
    assert response.status_code == 404
    active.refresh_from_db()
    assert active.status == ConsultationStatus.ACTIVE
    assert active.messages.count() == 1


def test_the_expert_cannot_rate_and_the_business_cannot_accept(client, active, owner, experts):
    client.force_login(owner)
    client.post(f"/tu-van/{active.pk}/nhan/")
    client.force_login(experts[0].user)
    client.post(f"/tu-van/{active.pk}/ket-thuc/")
    active.refresh_from_db()
    assert active.status == ConsultationStatus.CLOSED and active.closed_by == experts[0].user
    client.post(f"/tu-van/{active.pk}/danh-gia/", {"rating": "5"})
    active.refresh_from_db()
    assert active.rating is None


def test_staff_reads_in_the_admin(client, active, staff):
    client.force_login(staff)
    assert client.get("/admin/experts/consultation/").status_code == 200
    assert client.get(f"/admin/experts/consultation/{active.pk}/change/").status_code == 200
