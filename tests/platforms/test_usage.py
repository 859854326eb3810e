"""A verified business registers to use a platform; the provider is told (SMS task on commit) and confirms."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from businesses.models import VerificationStatus
from platforms import services
from platforms.models import UsageRegistration, UsageStatus
from tests.factories import BusinessFactory, MembershipFactory, UserFactory
from tests.platforms.factories import ProviderUserFactory

pytestmark = pytest.mark.django_db


def test_a_verified_store_registers_and_the_provider_gets_an_sms(
    client, public_platform, store_owner, store, sms_outbox, django_capture_on_commit_callbacks
):
    provider = public_platform.provider
    provider.contact_email = "kinhdoanh@ketoanviet.vn"
    provider.save()
    client.force_login(store_owner)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(
            f"/nen-tang/{public_platform.pk}/dang-ky-su-dung/",
            {"business": store.pk, "message": "Gọi sau 17h"},
        )
    assert response.status_code == 302
    assert len(callbacks) == 1  # the notification is queued on commit, not before
    registration = UsageRegistration.objects.get()
    assert (registration.business, registration.status, registration.requested_by) == (
        store,
        UsageStatus.REQUESTED,
        store_owner,
    )
    assert registration.listing.group.code == "smedx-accounting-finance"
    assert registration.notified_at is not None
    [sms] = sms_outbox
    assert sms.phone == provider.contact_phone
    assert "Tạp hóa Minh An" in sms.text and "Kế toán Mây" in sms.text and "/nha-cung-cap/" in sms.text
    assert mail.outbox[0].to == ["kinhdoanh@ketoanviet.vn"]
    # the notification is sent once, even if the task runs again
    assert services.usage_notify_provider(registration.pk) is False
    assert len(sms_outbox) == 1
    page = client.get(f"/nen-tang/{public_platform.pk}/").content.decode()
    assert "Chờ nhà cung cấp xác nhận" in page


def test_detail_page_offers_the_form_for_verified_businesses_only(
    client, public_platform, store_owner, store
):
    other = BusinessFactory(name="Hộ kinh doanh Chưa Xác Minh")
    MembershipFactory(user=store_owner, business=other)
    client.force_login(store_owner)
    response = client.get(f"/nen-tang/{public_platform.pk}/")
    form = response.context["usage_form"]
    assert list(form.fields["business"].queryset) == [store]
    assert "Hồ sơ doanh nghiệp của bạn đang chờ xác minh" not in response.content.decode()
    store.verification_status = VerificationStatus.UNVERIFIED
    store.save()
    response = client.get(f"/nen-tang/{public_platform.pk}/")
    assert response.context["usage_form"] is None
    assert "Hồ sơ doanh nghiệp của bạn đang chờ xác minh" in response.content.decode()


def test_an_unverified_business_cannot_register(public_platform, store_owner, store):
    store.verification_status = VerificationStatus.UNVERIFIED
    store.save()
    with pytest.raises(ValidationError, match="cần được xác minh"):
        services.usage_register(business=store, platform=public_platform, requested_by=store_owner)


def test_no_registration_for_a_platform_outside_the_list(listing, store_owner, store):
    with pytest.raises(ValidationError, match="không có trong danh sách"):
        services.usage_register(business=store, platform=listing.platform, requested_by=store_owner)


def test_no_duplicate_open_registration(public_platform, store_owner, store):
    services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    with pytest.raises(ValidationError, match="đã đăng ký"):
        services.usage_register(business=store, platform=public_platform, requested_by=store_owner)


def test_a_user_cannot_register_someone_elses_business(client, public_platform, store):
    stranger = MembershipFactory(
        business=BusinessFactory(verification_status=VerificationStatus.VERIFIED)
    ).user
    client.force_login(stranger)
    response = client.post(f"/nen-tang/{public_platform.pk}/dang-ky-su-dung/", {"business": store.pk})
    assert response.status_code == 302
    assert not UsageRegistration.objects.exists()


def test_anonymous_is_sent_to_login(client, public_platform):
    response = client.post(f"/nen-tang/{public_platform.pk}/dang-ky-su-dung/", {})
    assert response.status_code == 302 and "/login" in response["Location"]
    html = client.get(f"/nen-tang/{public_platform.pk}/").content.decode()
    assert "Đăng nhập bằng số điện thoại để đăng ký" in html


def test_provider_confirms_and_the_usage_count_goes_up(client, public_platform, store_owner, store):
    registration = services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    owner = public_platform.provider.owner
    client.force_login(owner)
    dashboard = client.get("/nha-cung-cap/").content.decode()
    assert "Tạp hóa Minh An" in dashboard and store_owner.phone in dashboard
    response = client.post(f"/nha-cung-cap/dang-ky-su-dung/{registration.pk}/xac-nhan/")
    assert response.status_code == 302
    registration.refresh_from_db()
    public_platform.refresh_from_db()
    assert registration.status == UsageStatus.ACTIVE and registration.confirmed_at
    assert public_platform.usage_count == 1 == services.usage_recount(public_platform)
    # confirming twice changes nothing
    client.post(f"/nha-cung-cap/dang-ky-su-dung/{registration.pk}/xac-nhan/")
    public_platform.refresh_from_db()
    assert public_platform.usage_count == 1
    # the business stops using it
    services.usage_cancel(registration=registration, actor=store_owner)
    public_platform.refresh_from_db()
    assert public_platform.usage_count == 0 == services.usage_recount(public_platform)


def test_provider_declines_with_a_reason(client, public_platform, store_owner, store):
    registration = services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    client.force_login(public_platform.provider.owner)
    client.post(f"/nha-cung-cap/dang-ky-su-dung/{registration.pk}/tu-choi/", {"reason": ""})
    registration.refresh_from_db()
    assert registration.status == UsageStatus.REQUESTED
    client.post(f"/nha-cung-cap/dang-ky-su-dung/{registration.pk}/tu-choi/", {"reason": "Ngoài vùng phục vụ"})
    registration.refresh_from_db()
    assert (registration.status, registration.reason) == (UsageStatus.DECLINED, "Ngoài vùng phục vụ")
    # after a decline the business may ask again
    services.usage_register(business=store, platform=public_platform, requested_by=store_owner)


def test_other_providers_and_users_cannot_confirm(client, public_platform, store_owner, store):
    registration = services.usage_register(business=store, platform=public_platform, requested_by=store_owner)
    client.force_login(ProviderUserFactory())
    assert client.post(f"/nha-cung-cap/dang-ky-su-dung/{registration.pk}/xac-nhan/").status_code == 404
    client.force_login(UserFactory())
    assert client.post(f"/nha-cung-cap/dang-ky-su-dung/{registration.pk}/xac-nhan/").status_code == 403
    with pytest.raises(PermissionDenied):
        services.usage_confirm(registration=registration, actor=store_owner)
    registration.refresh_from_db()
    assert registration.status == UsageStatus.REQUESTED
