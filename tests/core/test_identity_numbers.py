"""Identity numbers at rest: a CCCD is encrypted and hashed, shown masked, found by its hash, revealed only
through `identity.reveal`, and the keys rotate; existing rows are encrypted by the data migration."""

from __future__ import annotations

import importlib

import pytest
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from businesses.models import Business, BusinessKind
from smedx_portal import identity
from tests.factories import BusinessFactory

pytestmark = pytest.mark.django_db
CCCD = "001085012345"
MASKED = "0010******45"


def _raw_columns(pk: int) -> str:
    """Every stored column of the business row as text, read past the ORM."""
    table = connection.ops.quote_name(Business._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608 - the table name from _meta
        return " ".join(str(value) for value in cursor.fetchone())


def test_mask_hides_a_cccd_and_keeps_public_enterprise_codes():
    assert identity.mask(CCCD) == MASKED
    assert identity.mask("0100109106") == "0100109106"
    assert identity.mask("0100109106-001") == "0100109106-001"
    assert identity.mask(MASKED) == MASKED
    assert identity.mask("") == "" and identity.mask(None) == ""


def test_a_cccd_is_stored_encrypted_hashed_and_masked():
    business = BusinessFactory(kind=BusinessKind.HOUSEHOLD, tax_code=CCCD)
    assert business.tax_code == MASKED
    stored = _raw_columns(business.pk)
    assert CCCD not in stored and MASKED in stored
    business.refresh_from_db()
    assert identity.reveal(business) == CCCD
    assert Business.objects.with_tax_code(CCCD).get() == business
    assert business.history.exists() and not business.history.filter(tax_code=CCCD).exists()


def test_editing_other_fields_keeps_the_number():
    business = BusinessFactory(kind=BusinessKind.HOUSEHOLD, tax_code=CCCD)
    business = Business.objects.get(pk=business.pk)
    business.name = "Tạp hóa mới"
    business.full_clean()
    business.save()
    business.refresh_from_db()
    assert business.tax_code == MASKED and identity.reveal(business) == CCCD


def test_a_second_business_with_the_same_number_is_refused_without_naming_the_first():
    BusinessFactory(kind=BusinessKind.HOUSEHOLD, tax_code=CCCD, name="Hộ Bí Mật")
    other = BusinessFactory.build(kind=BusinessKind.HOUSEHOLD, tax_code="001085012345")
    with pytest.raises(Exception) as error:
        other.full_clean()
    assert "đã được đăng ký" in str(error.value) and "Bí Mật" not in str(error.value)


def test_keys_rotate(settings):
    old_key, new_key = settings.IDENTITY_ENCRYPTION_KEYS[0], Fernet.generate_key().decode()
    old_hash_key, new_hash_key = settings.IDENTITY_HASH_KEYS[0], "a-new-hash-key-for-this-test-0123456789"
    business = BusinessFactory(kind=BusinessKind.HOUSEHOLD, tax_code=CCCD)
    enterprise = BusinessFactory(kind=BusinessKind.ENTERPRISE, tax_code="0100109106")

    settings.IDENTITY_ENCRYPTION_KEYS = [new_key, old_key]
    settings.IDENTITY_HASH_KEYS = [new_hash_key, old_hash_key]
    assert Business.objects.with_tax_code(CCCD).get() == business  # found under the old hash meanwhile
    call_command("rotate_identity_keys", stdout=open("/dev/null", "w"))  # noqa: SIM115

    settings.IDENTITY_ENCRYPTION_KEYS = [new_key]
    settings.IDENTITY_HASH_KEYS = [new_hash_key]
    business.refresh_from_db()
    enterprise.refresh_from_db()
    assert identity.reveal(business) == CCCD and identity.reveal(enterprise) == "0100109106"
    assert Business.objects.with_tax_code(CCCD).get() == business
    assert Business.objects.with_tax_code("0100109106").get() == enterprise


def test_the_data_migration_encrypts_existing_rows():
    business = BusinessFactory(kind=BusinessKind.HOUSEHOLD)
    # A row as it was before the migration: the number in clear, no hash, nothing encrypted.
    Business.objects.filter(pk=business.pk).update(tax_code=CCCD, tax_code_hash=None, tax_code_encrypted="")
    business.history.update(tax_code=CCCD)
    migration = importlib.import_module("businesses.migrations.0005_identity_numbers_encrypted")
    migration.encrypt_existing(apps, None)
    business.refresh_from_db()
    assert business.tax_code == MASKED and identity.reveal(business) == CCCD
    assert Business.objects.with_tax_code(CCCD).get() == business
    assert not business.history.filter(tax_code=CCCD).exists()
    assert CCCD not in _raw_columns(business.pk)
