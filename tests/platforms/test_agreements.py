"""Agreements: issued on selection, signed by the provider's representative (account or signed PDF), shown in the
catalogue only while in force (or within a grace period staff set), renewed forwards only, expiry warned once."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from platforms import services
from platforms.models import Agreement, AgreementStatus, Listing, SignatureMethod
from platforms.selectors import catalogue_visibility
from smedx_portal.models import AuditEntry
from tests.factories import StaffFactory, UserFactory
from tests.platforms.conftest import pdf_upload
from tests.platforms.factories import OfferFactory, ProviderUserFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def days(n: int) -> datetime.date:
    return TODAY() + datetime.timedelta(days=n)


@pytest.fixture
def selected(listing, evaluate, staff, django_capture_on_commit_callbacks):
    """Selected by staff: the agreement goes out for signature; not signed yet."""
    OfferFactory(platform=listing.platform, title="Miễn phí 6 tháng")
    listing.platform.provider.contact_email = "phaply@ketoanviet.vn"
    listing.platform.provider.save()
    evaluate(listing)
    with django_capture_on_commit_callbacks(execute=True):
        return services.listing_select(listing=listing, actor=staff)


def agreement_of(listing) -> Agreement:
    return Agreement.objects.get(platform=listing.platform)


def shown(listing) -> bool:
    return Listing.objects.public().filter(pk=listing.pk).exists()


def test_selection_sends_the_agreement_and_signing_shows_the_platform(client, selected):
    agreement = agreement_of(selected)
    assert (agreement.status, agreement.programme, agreement.terms.version) == (
        AgreementStatus.SENT,
        "SMEDX",
        1,
    )
    assert "Miễn phí 6 tháng" in agreement.offers_text and agreement.offers.count() == 1
    assert mail.outbox and f"/nha-cung-cap/thoa-thuan/{agreement.pk}/" in mail.outbox[-1].body
    assert not shown(selected)
    assert client.get(f"/nen-tang/{selected.platform.pk}/").status_code == 404
    assert catalogue_visibility(selected, [agreement]) == "Không hiển thị: thỏa thuận chưa được ký"

    owner = selected.platform.provider.owner
    client.force_login(owner)
    dashboard = client.get("/nha-cung-cap/").content.decode()
    assert f"/nha-cung-cap/thoa-thuan/{agreement.pk}/" in dashboard
    page = client.get(f"/nha-cung-cap/thoa-thuan/{agreement.pk}/").content.decode()
    assert "Được nêu tên trên Cổng thông tin điện tử" in page and "Miễn phí 6 tháng" in page
    assert (
        client.post(f"/nha-cung-cap/thoa-thuan/{agreement.pk}/ky/", {}).status_code == 400
    )  # nothing chosen
    client.post(f"/nha-cung-cap/thoa-thuan/{agreement.pk}/ky/", {"accept": "on"})
    agreement.refresh_from_db()
    assert (agreement.status, agreement.signed_by, agreement.signature_method) == (
        AgreementStatus.SIGNED,
        owner,
        SignatureMethod.ACCOUNT,
    )
    assert agreement.signed_at is not None
    assert shown(selected) and client.get(f"/nen-tang/{selected.platform.pk}/").status_code == 200
    assert catalogue_visibility(selected, [agreement]).startswith("Hiển thị")
    assert AuditEntry.objects.filter(action="agreement.sign", actor=owner).exists()


def test_only_the_platforms_representative_signs(client, selected):
    agreement = agreement_of(selected)
    with pytest.raises(PermissionDenied):
        services.agreement_sign(agreement=agreement, actor=ProviderUserFactory())
    with pytest.raises(PermissionDenied):
        services.agreement_sign(agreement=agreement, actor=StaffFactory())
    client.force_login(ProviderUserFactory())
    assert client.get(f"/nha-cung-cap/thoa-thuan/{agreement.pk}/").status_code == 404
    assert client.post(f"/nha-cung-cap/thoa-thuan/{agreement.pk}/ky/", {"accept": "on"}).status_code == 404
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SENT


def test_a_signed_pdf_upload_is_kept_and_served_to_the_provider_and_staff_only(
    client, selected, tmp_path, settings
):
    settings.MEDIA_ROOT = tmp_path
    agreement = agreement_of(selected)
    client.force_login(selected.platform.provider.owner)
    client.post(f"/nha-cung-cap/thoa-thuan/{agreement.pk}/ky/", {"signed_file": pdf_upload("thoa-thuan.pdf")})
    agreement.refresh_from_db()
    assert agreement.signature_method == SignatureMethod.UPLOAD and agreement.signed_file
    url = f"/nha-cung-cap/thoa-thuan/{agreement.pk}/ban-ky/"
    assert client.get(url).status_code == 200
    client.force_login(StaffFactory())
    assert client.get(url).status_code == 200
    client.force_login(UserFactory())
    assert client.get(url).status_code == 404


def test_not_a_pdf_is_refused_and_nothing_is_signed(client, selected):
    from tests.platforms.conftest import png_upload

    agreement = agreement_of(selected)
    client.force_login(selected.platform.provider.owner)
    response = client.post(f"/nha-cung-cap/thoa-thuan/{agreement.pk}/ky/", {"signed_file": png_upload()})
    assert response.status_code == 400 and "PDF" in response.content.decode()
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.SENT


def test_grace_period_shows_an_unsigned_platform_until_staff_end_it(selected, staff):
    agreement = agreement_of(selected)
    services.agreement_set_grace(agreement=agreement, actor=staff, grace_until=days(60), reason="Chuyển tiếp")
    assert shown(selected)
    services.agreement_set_grace(agreement=agreement, actor=staff, grace_until=days(-1))
    assert not shown(selected)
    assert AuditEntry.objects.filter(action="agreement.grace").count() == 2
    with pytest.raises(PermissionDenied):
        services.agreement_set_grace(
            agreement=agreement, actor=selected.platform.provider.owner, grace_until=None
        )


def test_renewal_goes_forwards_only(selected, staff):
    agreement = services.agreement_sign(
        agreement=agreement_of(selected), actor=selected.platform.provider.owner
    )
    with pytest.raises(ValidationError, match="gia hạn lùi"):
        services.agreement_renew(agreement=agreement, actor=staff, ends_on=agreement.ends_on)
    with pytest.raises(ValidationError, match="gia hạn lùi"):
        services.agreement_renew(
            agreement=agreement, actor=staff, starts_on=agreement.starts_on, ends_on=days(800)
        )
    renewal = services.agreement_renew(
        agreement=agreement, actor=staff, ends_on=agreement.ends_on + datetime.timedelta(days=365)
    )
    assert (renewal.status, renewal.renewed_from, renewal.starts_on) == (
        AgreementStatus.SENT,
        agreement,
        agreement.ends_on + datetime.timedelta(days=1),
    )
    with pytest.raises(ValidationError, match="đã được gia hạn"):
        services.agreement_renew(agreement=agreement, actor=staff, ends_on=days(900))


def test_termination_hides_the_platform_with_the_reason(selected, staff):
    agreement = services.agreement_sign(
        agreement=agreement_of(selected), actor=selected.platform.provider.owner
    )
    with pytest.raises(ValidationError):
        services.agreement_terminate(agreement=agreement, actor=staff, reason=" ")
    services.agreement_terminate(agreement=agreement, actor=staff, reason="Vi phạm cam kết ưu đãi")
    assert not shown(selected)
    agreement.refresh_from_db()
    assert catalogue_visibility(selected, [agreement]) == "Không hiển thị: thỏa thuận đã chấm dứt"


def test_expiry_is_warned_to_both_sides_once_then_the_agreement_expires(
    selected, staff, sms_outbox, django_capture_on_commit_callbacks
):
    staff.email = "ban.quanly@smedx.gov.vn"
    staff.save()
    provider = selected.platform.provider
    provider.contact_email = "phaply@ketoanviet.vn"
    provider.save()
    agreement = services.agreement_sign(agreement=agreement_of(selected), actor=provider.owner)
    Agreement.objects.filter(pk=agreement.pk).update(starts_on=days(-300), ends_on=days(29))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.agreements_expire_and_warn() == {"expired": 0, "warned": 1}
    with django_capture_on_commit_callbacks(execute=True):
        assert services.agreements_expire_and_warn() == {"expired": 0, "warned": 0}
    assert sorted(address for email in mail.outbox for address in email.to) == [
        "ban.quanly@smedx.gov.vn",
        "phaply@ketoanviet.vn",
    ]
    assert days(29).strftime("%d/%m/%Y") in mail.outbox[0].subject
    assert [sms.phone for sms in sms_outbox] == [provider.contact_phone]
    assert services.agreements_expire_and_warn(today=days(30)) == {"expired": 1, "warned": 0}
    agreement.refresh_from_db()
    assert agreement.status == AgreementStatus.EXPIRED and not shown(selected)


def test_a_renewed_agreement_is_not_warned(selected, staff):
    agreement = services.agreement_sign(
        agreement=agreement_of(selected), actor=selected.platform.provider.owner
    )
    Agreement.objects.filter(pk=agreement.pk).update(starts_on=days(-300), ends_on=days(10))
    agreement.refresh_from_db()
    services.agreement_renew(agreement=agreement, actor=staff, ends_on=days(400))
    assert services.agreements_expire_and_warn()["warned"] == 0


@pytest.mark.parametrize(
    ("who", "status"),
    [("anonymous", 302), ("owner", 200), ("other_provider", 404), ("business", 404), ("staff", 200)],
)
def test_role_by_url(client, selected, who, status):
    agreement = agreement_of(selected)
    users = {
        "anonymous": None,
        "owner": selected.platform.provider.owner,
        "other_provider": ProviderUserFactory(),
        "business": UserFactory(),
        "staff": StaffFactory(),
    }
    if users[who]:
        client.force_login(users[who])
    assert client.get(f"/nha-cung-cap/thoa-thuan/{agreement.pk}/").status_code == status


def test_staff_see_why_in_the_admin(client, selected, staff):
    client.force_login(staff)
    page = client.get("/admin/platforms/listing/").content.decode()
    assert "Không hiển thị: thỏa thuận chưa được ký" in page
    page = client.get("/admin/platforms/agreement/").content.decode()
    assert selected.platform.name in page


def test_the_migration_gives_platforms_already_selected_an_agreement_awaiting_signature(accounting):
    import importlib

    from django.apps import apps

    from tests.platforms.factories import ListingFactory

    listing = ListingFactory(group=accounting, status="selected", slot=1, agreement=False)
    assert not shown(listing)
    migration = importlib.import_module("platforms.migrations.0004_agreements")
    migration.terms_and_awaiting_agreements(apps, None)
    agreement = agreement_of(listing)
    assert (agreement.status, agreement.grace_until) == (AgreementStatus.SENT, days(60))
    assert shown(listing)
    assert (
        services.agreement_sign(agreement=agreement, actor=listing.platform.provider.owner).status == "signed"
    )
