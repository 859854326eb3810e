"""Authentication backends: Django's and allauth's, loading the signed-in user of each request through
`accounts.selectors.user_by_id` (one prepared statement) instead of the ORM's query building."""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

from accounts.selectors import user_by_id


class _UserById:
    def get_user(self, user_id):
        user = user_by_id(user_id)
        return user if user is not None and self.user_can_authenticate(user) else None


class ModelBackend(_UserById, DjangoModelBackend):
    pass


class AuthenticationBackend(_UserById, AllauthBackend):
    pass
