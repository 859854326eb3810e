"""`manage.py backup` / `restore` (make backup / make restore) on PostgreSQL: back up, drop everything, restore,
and find the same rows and files. Skipped without DATABASE_URL (SQLite), except under CI where it must run."""

from __future__ import annotations

import os
import shutil

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from businesses.models import Business, BusinessKind
from smedx_portal import identity
from tests.factories import BusinessFactory, MembershipFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not os.environ.get("DATABASE_URL") and not os.environ.get("CI"),
        reason="needs PostgreSQL (DATABASE_URL)",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_backup_drop_restore_finds_the_same_rows_and_files(tmp_path, settings):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    (media / "documents").mkdir(parents=True)
    (media / "documents" / "giay-phep.pdf").write_bytes(b"%PDF-1.4 giay phep kinh doanh")
    business = BusinessFactory(kind=BusinessKind.HOUSEHOLD, tax_code="001085012345", name="Tạp hóa Sao Lưu")
    MembershipFactory(business=business)
    rows = sorted(Business.objects.values_list("pk", "name", "tax_code", "tax_code_hash"))

    call_command("backup", str(tmp_path / "backup"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with connection.cursor() as cursor:  # the disaster: every table and file gone
        cursor.execute("DROP SCHEMA public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    shutil.rmtree(media)
    with pytest.raises(Exception):  # noqa: B017 - any database error: the table is gone
        Business.objects.count()

    call_command("restore", str(tmp_path / "backup"), "--yes", stdout=open(os.devnull, "w"))  # noqa: SIM115
    assert sorted(Business.objects.values_list("pk", "name", "tax_code", "tax_code_hash")) == rows
    restored = Business.objects.get(pk=business.pk)
    assert identity.reveal(restored) == "001085012345" and restored.memberships.count() == 1
    assert (media / "documents" / "giay-phep.pdf").read_bytes() == b"%PDF-1.4 giay phep kinh doanh"


@pytest.mark.django_db(transaction=True)
def test_a_damaged_backup_or_no_confirmation_is_refused(tmp_path, settings):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    BusinessFactory()
    call_command("backup", str(tmp_path / "backup"), stdout=open(os.devnull, "w"))  # noqa: SIM115
    with pytest.raises(CommandError, match="--yes"):
        call_command("restore", str(tmp_path / "backup"))
    with open(tmp_path / "backup" / "database.dump", "ab") as dump:
        dump.write(b"garbage")
    with pytest.raises(CommandError, match="damaged"):
        call_command("restore", str(tmp_path / "backup"), "--yes")
    assert Business.objects.count() == 1  # nothing was touched
    with pytest.raises(CommandError, match="not empty"):
        call_command("backup", str(tmp_path / "backup"))
