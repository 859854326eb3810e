"""The signed-in user of each request is loaded by `accounts.selectors.user_by_id` (one hand-written statement)
through both authentication backends, with Django's rules: inactive users and changed passwords sign out."""

from __future__ import annotations

import pytest
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY, get_user
from django.test import RequestFactory
from django.urls import reverse

from accounts.models import User
from accounts.selectors import user_by_id
from tests.factories import ProvinceOfficerFactory, UserFactory

pytestmark = pytest.mark.django_db

BACKENDS = ["accounts.backends.ModelBackend", "accounts.backends.AuthenticationBackend"]


def _values(user: User) -> dict:
    return {field.attname: getattr(user, field.attname) for field in User._meta.concrete_fields}


def test_the_user_loaded_by_id_is_the_orms_user_field_for_field():
    officer = ProvinceOfficerFactory(email="can.bo@example.vn", full_name="Cán Bộ")
    loaded = user_by_id(str(officer.pk))  # the session keeps the id as a string
    assert _values(loaded) == _values(User.objects.get(pk=officer.pk))
    assert loaded.get_deferred_fields() == set()
    assert loaded.province.code == officer.province.code


@pytest.mark.parametrize("user_id", ["999999999", "not-a-number", None])
def test_an_unknown_or_malformed_id_is_nobody(user_id):
    assert user_by_id(user_id) is None


def _request_with_session(client, user: User, backend: str):
    client.force_login(user, backend=backend)
    request = RequestFactory().get("/")
    request.session = client.session
    return request


@pytest.mark.parametrize("backend", BACKENDS)
def test_each_backend_signs_the_session_user_in_with_one_query(client, backend, django_assert_num_queries):
    user = UserFactory()
    request = _request_with_session(client, user, backend)
    assert request.session[BACKEND_SESSION_KEY] == backend  # the session is read here
    with django_assert_num_queries(1):
        loaded = get_user(request)
    assert loaded.pk == user.pk and loaded.is_authenticated


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_inactive_user_or_a_changed_password_signs_the_session_out(client, backend):
    deactivated, changed = UserFactory(), UserFactory()
    deactivated_request = _request_with_session(client, deactivated, backend)
    User.objects.filter(pk=deactivated.pk).update(is_active=False)
    assert not get_user(deactivated_request).is_authenticated

    changed_request = _request_with_session(client, changed, backend)
    changed.set_password("mat-khau-moi-2026")
    changed.save()
    assert not get_user(changed_request).is_authenticated
    assert SESSION_KEY not in changed_request.session  # flushed by Django's session hash check


def test_a_signed_in_page_shows_the_user_and_sends_anonymous_visitors_to_sign_in(client):
    user = UserFactory(full_name="Chủ Cửa Hàng")
    response = client.get(reverse("businesses:mine"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]
    client.force_login(user)
    response = client.get(reverse("businesses:mine"))
    assert response.status_code == 200
    assert response.wsgi_request.user.pk == user.pk
