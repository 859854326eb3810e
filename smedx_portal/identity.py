"""Identity numbers at rest: encrypted, looked up by a keyed hash, masked wherever they are shown.

A 12-digit personal identification number (CCCD) is basic personal data (Law 91/2025/QH15); since 1 July 2025
it is also the tax code of household businesses. A model keeps three columns for one such number:

- the display column (`IdentityNumberField`): what every page, export, API and log shows. A CCCD is masked
  (`0012******89`); a 10-digit enterprise tax code (or `-001` branch) is a public company identifier, published by
  the tax authority and the national business registration portal, so it is kept in full.
- `<name>_hash`: HMAC-SHA256 of the full number with `IDENTITY_HASH_KEYS[0]`, for unique checks and lookups.
- `<name>_encrypted`: the full number, Fernet-encrypted with `IDENTITY_ENCRYPTION_KEYS` (MultiFernet: the first
  key encrypts, every key decrypts, so a new key is put first and `manage.py rotate_identity_keys` re-encrypts
  and re-hashes every row; then the old key is removed).

Assigning a full number to the display attribute is enough: the field fills the other two columns and masks
itself when the row is saved. The full number comes back only through `reveal` (the owner's own data download).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from functools import cache

from cryptography.fernet import Fernet, MultiFernet
from django.apps import apps
from django.conf import settings
from django.db import models, transaction

MASK = "*"
PERSONAL_ID_LENGTH = 12
_NON_DIGITS = re.compile(r"\D")


def mask(value: str | None) -> str:
    """`001234567890` → `0012******90`; enterprise tax codes (10 digits, 10-3 branches) are public, unchanged."""
    if not value or MASK in value:
        return value or ""
    digits = _NON_DIGITS.sub("", value)
    if len(digits) == PERSONAL_ID_LENGTH:
        return f"{digits[:4]}{MASK * 6}{digits[-2:]}"
    return value


def is_masked(value: str | None) -> bool:
    return bool(value) and MASK in value


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in keys])


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.IDENTITY_ENCRYPTION_KEYS))


def encrypt(value: str) -> str:
    return fernet().encrypt(value.encode()).decode()


def decrypt(token: str) -> str:
    """The full number. Raises cryptography's InvalidToken if no configured key opens it."""
    return fernet().decrypt(token.encode()).decode()


def hash_value(value: str, *, key: str | None = None) -> str:
    key = key if key is not None else settings.IDENTITY_HASH_KEYS[0]
    return hmac.new(key.encode(), value.encode(), hashlib.sha256).hexdigest()


def hashes(value: str) -> list[str]:
    """The number's hash under every configured key: lookups still find rows during a hash-key rotation."""
    return [hash_value(value, key=key) for key in settings.IDENTITY_HASH_KEYS]


def reveal(instance: models.Model, field_name: str = "tax_code") -> str:
    """The full number of `instance.<field_name>`, for its owner's own data download only ("" if none)."""
    field = instance._meta.get_field(field_name)
    token = getattr(instance, field.encrypted_field)
    return decrypt(token) if token else ""


class IdentityNumberField(models.CharField):
    """The display column of an identity number; fills `hash_field` and `encrypted_field` when saved.

    Declare it before its two companion fields (Django saves fields in declaration order)."""

    def __init__(self, *args, hash_field: str, encrypted_field: str, **kwargs):
        self.hash_field = hash_field
        self.encrypted_field = encrypted_field
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["hash_field"] = self.hash_field
        kwargs["encrypted_field"] = self.encrypted_field
        return name, path, args, kwargs

    def pre_save(self, model_instance, add):
        value = getattr(model_instance, self.attname)
        if self.encrypted_field not in {
            field.attname for field in model_instance._meta.concrete_fields
        }:  # e.g. the simple_history copy, which keeps only the display column
            return mask(value) if value else value
        if not value:
            setattr(model_instance, self.hash_field, None)
            setattr(model_instance, self.encrypted_field, "")
            return value
        if not is_masked(value):  # a full number was assigned: store it encrypted and hashed, show it masked
            setattr(model_instance, self.hash_field, hash_value(value))
            setattr(model_instance, self.encrypted_field, encrypt(value))
            value = mask(value)
            setattr(model_instance, self.attname, value)
        return value


def identity_fields() -> list[tuple[type[models.Model], IdentityNumberField]]:
    """Every (model, field) that keeps an identity number with its encrypted and hashed columns."""
    found = []
    for model in apps.get_models():
        names = {field.attname for field in model._meta.concrete_fields}
        for field in model._meta.concrete_fields:
            if isinstance(field, IdentityNumberField) and field.encrypted_field in names:
                found.append((model, field))
    return found


def rotate_rows(model: type[models.Model], field: IdentityNumberField, *, chunk_size: int = 500) -> int:
    """Re-encrypt with the first encryption key and re-hash with the first hash key; returns the rows done."""
    rows = model._meta.default_manager.exclude(**{field.encrypted_field: ""}).order_by("pk")
    done, last = 0, None
    while True:
        page = rows.filter(pk__gt=last) if last is not None else rows
        batch = list(page.values_list("pk", field.encrypted_field)[:chunk_size])
        if not batch:
            return done
        with transaction.atomic():
            for pk, token in batch:
                value = decrypt(token)
                model._meta.default_manager.filter(pk=pk).update(
                    **{field.encrypted_field: encrypt(value), field.hash_field: hash_value(value)}
                )
        done += len(batch)
        last = batch[-1][0]
