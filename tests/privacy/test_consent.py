"""Consent per purpose: asked at sign-up (never ticked in advance, taking part required), asked of existing users
at their next sign-in, given and withdrawn idempotently."""

import threading

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from accounts.consents import consent_answer, consent_give, consent_withdraw, has_consent, purposes_in_force
from accounts.models import Consent, ConsentChannel, ConsentPurpose, User
from tests.factories import UserFactory

SIGNUP = reverse("account_signup")


def signup_data(**overrides):
    return {
        "full_name": "Nguyễn Thị Lan",
        "phone": "0912 345 678",
        "role": "business",
        "password1": "cua-hang-lan-2026",
        "email": "",
    } | overrides


@pytest.mark.django_db
def test_the_signup_form_shows_the_notice_and_unticked_boxes_per_purpose(client):
    html = client.get(SIGNUP).content.decode()
    assert reverse("privacy:notice") in html and settings.PRIVACY_NOTICE_VERSION in html
    for purpose in ConsentPurpose.values:
        assert f'name="consent_{purpose}"' in html
    assert "checked" not in html.split('id="dong-y"', 1)[1].split("</fieldset>", 1)[0]


@pytest.mark.django_db
def test_signing_up_without_consenting_to_take_part_is_refused_and_loses_nothing(client):
    response = client.post(SIGNUP, signup_data(consent_promotional_sms="on"))
    assert response.status_code == 200
    assert "Cần đồng ý tham gia Chương trình" in response.content.decode()
    assert 'value="Nguyễn Thị Lan"' in response.content.decode()
    assert not User.objects.exists() and not Consent.objects.exists()


@pytest.mark.django_db
def test_signing_up_records_who_what_which_notice_when_and_where(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(SIGNUP, signup_data(consent_participation="on", consent_promotional_sms="on"))
    assert response.status_code == 302
    user = User.objects.get()
    rows = {consent.purpose: consent for consent in Consent.objects.filter(user=user)}
    assert set(rows) == {ConsentPurpose.PARTICIPATION, ConsentPurpose.PROMOTIONAL_SMS}
    assert {(c.notice_version, c.channel) for c in rows.values()} == {
        (settings.PRIVACY_NOTICE_VERSION, ConsentChannel.WEB)
    }
    assert all(c.given_at and c.withdrawn_at is None for c in rows.values())
    assert user.privacy_notice_version == settings.PRIVACY_NOTICE_VERSION


@pytest.mark.django_db
def test_an_existing_user_is_asked_at_the_next_sign_in_until_they_answer(client):
    user = UserFactory(privacy_notice_version="")
    client.force_login(user)
    page = reverse("businesses:mine")
    response = client.get(page)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:consent"))
    assert client.get(reverse("privacy:mine")).status_code == 200  # the person's own data stays open
    form = client.get(response["Location"])
    assert "checked" not in form.content.decode().split('id="dong-y"', 1)[1].split("</fieldset>", 1)[0]

    refused = client.post(reverse("accounts:consent"), {"next": page})
    assert refused.status_code == 200 and not Consent.objects.exists()

    answered = client.post(
        reverse("accounts:consent"),
        {"next": page, "consent_participation": "on", "consent_provider_sharing": "on"},
    )
    assert answered.status_code == 302 and answered["Location"] == page
    assert purposes_in_force(user.pk) == {ConsentPurpose.PARTICIPATION, ConsentPurpose.PROVIDER_SHARING}
    assert client.get(page).status_code == 200


@pytest.mark.django_db
def test_the_consent_page_does_not_redirect_off_the_site(client):
    client.force_login(UserFactory(privacy_notice_version=""))
    response = client.post(
        reverse("accounts:consent"), {"next": "https://evil.example/", "consent_participation": "on"}
    )
    assert response["Location"] == reverse(settings.LOGIN_REDIRECT_URL)


@pytest.mark.django_db
def test_staff_are_not_asked(client):
    officer = UserFactory(role="province_officer", privacy_notice_version="", province_id=1)
    client.force_login(officer)
    assert client.get(reverse("businesses:mine")).status_code == 200


@pytest.mark.django_db
def test_give_and_withdraw_are_idempotent_and_taking_part_cannot_be_withdrawn_alone():
    user = UserFactory()
    consent_answer(user_id=user.pk, chosen=[ConsentPurpose.PARTICIPATION, ConsentPurpose.PROMOTIONAL_SMS])
    consent_give(user_id=user.pk, purposes=[ConsentPurpose.PROMOTIONAL_SMS])
    assert Consent.objects.filter(user=user, purpose=ConsentPurpose.PROMOTIONAL_SMS).count() == 1
    assert consent_withdraw(user_id=user.pk, purpose=ConsentPurpose.PROMOTIONAL_SMS) is True
    assert consent_withdraw(user_id=user.pk, purpose=ConsentPurpose.PROMOTIONAL_SMS) is False
    assert not has_consent(user.pk, ConsentPurpose.PROMOTIONAL_SMS)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        consent_withdraw(user_id=user.pk, purpose=ConsentPurpose.PARTICIPATION)
    with pytest.raises(ValidationError):
        consent_give(user_id=user.pk, purposes=["everything"])
    # a new notice version renews the consent under it, keeping the old row as history
    consent_give(user_id=user.pk, purposes=[ConsentPurpose.PARTICIPATION], notice_version="2099-01")
    rows = Consent.objects.filter(user=user, purpose=ConsentPurpose.PARTICIPATION).order_by("pk")
    assert [(c.notice_version, c.withdrawn_at is None) for c in rows] == [
        (settings.PRIVACY_NOTICE_VERSION, False),
        ("2099-01", True),
    ]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks between two connections: PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_concurrent_gives_make_one_consent():
    user = UserFactory()
    errors = []

    def give():
        try:
            consent_give(user_id=user.pk, purposes=[ConsentPurpose.PROVIDER_SHARING])
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=give) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert Consent.objects.filter(user=user, purpose=ConsentPurpose.PROVIDER_SHARING).count() == 1


@pytest.mark.django_db
def test_one_click_withdrawal_on_my_data(client):
    user = UserFactory()
    consent_answer(user_id=user.pk, chosen=[ConsentPurpose.PARTICIPATION, ConsentPurpose.PROMOTIONAL_SMS])
    client.force_login(user)
    page = client.get(reverse("privacy:mine")).content.decode()
    assert 'data-withdraw="promotional_sms"' in page
    response = client.post(reverse("privacy:consent_change", args=[ConsentPurpose.PROMOTIONAL_SMS]))
    assert response.status_code == 302
    assert not has_consent(user.pk, ConsentPurpose.PROMOTIONAL_SMS)
    client.post(
        reverse("privacy:consent_change", args=[ConsentPurpose.PROMOTIONAL_SMS])
    )  # second click: fine
    assert client.post(reverse("privacy:consent_change", args=["participation"])).status_code == 404
    assert client.post(reverse("privacy:consent_change", args=["khong-co"])).status_code == 404
    client.post(reverse("privacy:consent_change", args=[ConsentPurpose.PROMOTIONAL_SMS]), {"give": "1"})
    assert has_consent(user.pk, ConsentPurpose.PROMOTIONAL_SMS)
