"""Trials: a business asks to try a selected platform, the provider accepts with a deadline shown to both, the
business confirms and rates, staff moderate; refusals are clear; counted once toward "businesses that tried"."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from campaigns.services.honours import best_rated_platforms
from platforms import services
from platforms.models import RatingStatus, Trial, TrialStatus, UsageRegistration, UsageStatus
from platforms.selectors import businesses_that_tried, count_businesses_that_tried
from smedx_portal.celery import app as celery_app
from smedx_portal.models import AuditEntry
from tests.factories import BusinessFactory, MembershipFactory, StaffFactory, UserFactory
from tests.platforms.factories import ProviderUserFactory

pytestmark = pytest.mark.django_db


def ask(platform, user, business, message="Thử phần hóa đơn điện tử"):
    return services.trial_request(business=business, platform=platform, requested_by=user, message=message)


def in_days(n: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=n)


def test_the_whole_trial_from_the_pages(
    client, public_platform, store_owner, store, sms_outbox, django_capture_on_commit_callbacks
):
    provider = public_platform.provider
    provider.contact_email = "kinhdoanh@ketoanviet.vn"
    provider.save()
    client.force_login(store_owner)
    page = client.get(f"/nen-tang/{public_platform.pk}/")
    assert f"/nen-tang/{public_platform.pk}/dung-thu/" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/nen-tang/{public_platform.pk}/dung-thu/", {"business": store.pk, "message": "Thử hóa đơn"}
        )
    trial = Trial.objects.get()
    assert response.url == f"/dung-thu/{trial.pk}/"
    assert (trial.status, trial.listing.group.code) == (TrialStatus.REQUESTED, "smedx-accounting-finance")
    [email] = mail.outbox
    assert email.to == ["kinhdoanh@ketoanviet.vn"] and "/nha-cung-cap/dung-thu/" in email.body

    client.force_login(provider.owner)
    assert "Tạp hóa Minh An" in client.get("/nha-cung-cap/dung-thu/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/nha-cung-cap/dung-thu/{trial.pk}/nhan/", {"setup_due": in_days(5).isoformat()})
    trial.refresh_from_db()
    assert (trial.status, trial.setup_due) == (TrialStatus.ACCEPTED, in_days(5))
    assert (
        sms_outbox[-1].phone == store_owner.phone and in_days(5).strftime("%d/%m/%Y") in sms_outbox[-1].text
    )
    client.post(f"/nha-cung-cap/dung-thu/{trial.pk}/san-sang/", {"access_note": "Đăng nhập demo.ketoan.vn"})

    client.force_login(store_owner)
    detail = client.get(f"/dung-thu/{trial.pk}/").content.decode()
    assert in_days(5).strftime("%d/%m/%Y") in detail and "demo.ketoan.vn" in detail
    client.post(f"/dung-thu/{trial.pk}/danh-gia/", {"rating": "4", "comment": "Dễ dùng"})
    trial.refresh_from_db()
    assert (trial.status, trial.rating, trial.rating_status) == (TrialStatus.TRIED, 4, RatingStatus.PENDING)
    assert trial.tried_at is not None


def test_refused_for_a_platform_not_selected(listing, store_owner, store):
    with pytest.raises(ValidationError, match="không nằm trong danh sách được Chương trình lựa chọn"):
        ask(listing.platform, store_owner, store)


def test_a_second_open_trial_is_refused_but_a_new_one_after_the_first_ends_is_not(
    public_platform, store_owner, store
):
    first = ask(public_platform, store_owner, store)
    with pytest.raises(ValidationError, match="đang mở"):
        ask(public_platform, store_owner, store)
    services.trial_cancel(trial=first, actor=store_owner)
    assert ask(public_platform, store_owner, store).status == TrialStatus.REQUESTED


def test_only_a_representative_of_a_verified_business_asks(public_platform, store):
    with pytest.raises(PermissionDenied):
        ask(public_platform, UserFactory(), store)
    unverified = MembershipFactory()
    with pytest.raises(ValidationError, match="xác minh"):
        ask(public_platform, unverified.user, unverified.business)


def test_deadline_bounds_and_provider_only(public_platform, store_owner, store):
    trial = ask(public_platform, store_owner, store)
    with pytest.raises(PermissionDenied):
        services.trial_accept(trial=trial, actor=ProviderUserFactory(), setup_due=in_days(3))
    with pytest.raises(ValidationError, match="Hạn thiết lập"):
        services.trial_accept(trial=trial, actor=public_platform.provider.owner, setup_due=in_days(-1))
    with pytest.raises(ValidationError, match="Hạn thiết lập"):
        services.trial_accept(trial=trial, actor=public_platform.provider.owner, setup_due=in_days(31))
    with pytest.raises(ValidationError, match="đánh giá|trạng thái"):
        services.trial_rate(trial=trial, actor=store_owner, rating=5)  # not accepted yet


def test_rating_outside_1_to_5_is_refused(public_platform, store_owner, store):
    trial = ask(public_platform, store_owner, store)
    services.trial_accept(trial=trial, actor=public_platform.provider.owner, setup_due=in_days(2))
    with pytest.raises(ValidationError):
        services.trial_rate(trial=trial, actor=store_owner, rating=6)


def test_moderation_is_logged_and_feeds_the_honours(public_platform, store_owner, store):
    staff = StaffFactory()
    trials = []
    for rating in (5, 4, 3):
        owner = MembershipFactory(business=BusinessFactory(verification_status="verified")).user
        business = owner.businesses.get()
        trial = ask(public_platform, owner, business)
        services.trial_accept(trial=trial, actor=public_platform.provider.owner, setup_due=in_days(1))
        trials.append(services.trial_rate(trial=trial, actor=owner, rating=rating, comment="ok"))
    start, end = timezone.now() - datetime.timedelta(days=1), timezone.now() + datetime.timedelta(days=1)
    assert best_rated_platforms(programme="SMEDX", start=start, end=end)[0][2]["source"] == "evaluators"
    for trial in trials:
        services.trial_moderate(trial=trial, actor=staff, approve=True)
    with pytest.raises(ValidationError, match="lý do"):
        services.trial_moderate(trial=trials[0], actor=staff, approve=False)
    [(platform_id, score, details)] = best_rated_platforms(programme="SMEDX", start=start, end=end)
    assert (platform_id, str(score), details["ratings"], details["source"]) == (
        public_platform.pk,
        "4.00",
        3,
        "users",
    )
    assert AuditEntry.objects.filter(action="trial.rating_approve").count() == 3
    with pytest.raises(PermissionDenied):
        services.trial_moderate(trial=trials[0], actor=store_owner, approve=True)


def test_a_trial_and_an_activated_registration_count_the_business_once(public_platform, store_owner, store):
    trial = ask(public_platform, store_owner, store)
    year = timezone.localdate().year
    assert businesses_that_tried(programme="SMEDX", year=year).count() == 0
    services.trial_accept(trial=trial, actor=public_platform.provider.owner, setup_due=in_days(1))
    services.trial_rate(trial=trial, actor=store_owner, rating=4)
    registration = services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    services.usage_confirm(registration=registration, actor=public_platform.provider.owner)
    other = BusinessFactory(verification_status="verified")
    UsageRegistration.objects.create(
        business=other,
        platform=public_platform,
        listing=registration.listing,
        status=UsageStatus.ACTIVE,
        confirmed_at=timezone.now(),
    )
    assert set(businesses_that_tried(programme="SMEDX", year=year)) == {store, other}
    assert businesses_that_tried(programme="RDX", year=year).count() == 0
    assert businesses_that_tried(programme="SMEDX", year=year - 1).count() == 0
    assert businesses_that_tried(programme="SMEDX", year=year, province_id=store.province_id).count() == 2
    for programme, in_year, count in (("SMEDX", year, 2), ("RDX", year, 0), ("SMEDX", year - 1, 0)):
        assert count_businesses_that_tried(programme=programme, year=in_year) == count


@pytest.fixture
def tasks_fail_alone():
    """As with a real worker: a task's failure is its own, the request that queued it carries on."""
    celery_app.conf.task_eager_propagates = False
    yield
    celery_app.conf.task_eager_propagates = True


def test_a_failing_mail_server_is_retried_a_bounded_number_of_times_and_the_page_still_works(
    tasks_fail_alone,
    client,
    public_platform,
    store_owner,
    store,
    settings,
    caplog,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "tests.platforms.test_trials.BrokenBackend"
    BrokenBackend.calls = 0
    provider = public_platform.provider
    provider.contact_email = "kinhdoanh@ketoanviet.vn"
    provider.save()
    client.force_login(store_owner)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/nen-tang/{public_platform.pk}/dung-thu/", {"business": store.pk})
    assert response.status_code == 302 and Trial.objects.count() == 1
    assert BrokenBackend.calls == 4  # the first try and three retries
    assert "not sent" in caplog.text


class BrokenBackend:
    calls = 0

    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        BrokenBackend.calls += 1
        raise ConnectionRefusedError("smtp down")


URLS = ["/dung-thu/", "/nha-cung-cap/dung-thu/"]


@pytest.mark.parametrize(
    ("who", "trials_page", "provider_page"),
    [("anonymous", 302, 302), ("business", 200, 403), ("provider", 200, 200), ("staff", 200, 302)],
)
def test_role_by_url(client, public_platform, store_owner, who, trials_page, provider_page):
    users = {
        "anonymous": None,
        "business": store_owner,
        "provider": public_platform.provider.owner,
        "staff": StaffFactory(),
    }
    if users[who]:
        client.force_login(users[who])
    assert client.get("/dung-thu/").status_code == trials_page
    assert client.get("/nha-cung-cap/dung-thu/").status_code == provider_page
    assert client.get(f"/nen-tang/{public_platform.pk}/dung-thu/").status_code == (
        302 if who == "anonymous" else 200
    )


def test_a_trial_page_is_seen_by_its_business_its_provider_and_staff_only(
    client, public_platform, store_owner, store
):
    trial = ask(public_platform, store_owner, store)
    for user, status in [
        (store_owner, 200),
        (public_platform.provider.owner, 200),
        (StaffFactory(), 200),
        (UserFactory(), 404),
        (ProviderUserFactory(), 404),
    ]:
        client.force_login(user)
        assert client.get(f"/dung-thu/{trial.pk}/").status_code == status
    client.force_login(ProviderUserFactory())
    assert (
        client.post(f"/nha-cung-cap/dung-thu/{trial.pk}/nhan/", {"setup_due": "2026-12-30"}).status_code
        == 404
    )
    client.force_login(UserFactory())
    assert client.post(f"/dung-thu/{trial.pk}/danh-gia/", {"rating": "5"}).status_code == 404
