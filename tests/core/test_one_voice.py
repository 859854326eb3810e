"""One voice: the public certificate page and the admin speak Vietnamese, with Vietnam time and labelled codes."""

import datetime

import pytest

from smedx_portal.audit_labels import action_label
from smedx_portal.models import AuditEntry
from tests.core.test_certificates import _issue_now
from tests.factories import BusinessFactory, StaffFactory

pytestmark = pytest.mark.django_db


def test_the_public_certificate_page_is_vietnamese_even_for_an_english_browser(client):
    certificate = _issue_now(BusinessFactory(name="Tạp hóa Hồng Nhung"))
    html = client.get(
        certificate.get_absolute_url(), headers={"accept-language": "en-US,en"}
    ).content.decode()
    assert '<html lang="vi">' in html
    for words in ("Chứng nhận", "Đơn vị/cá nhân được chứng nhận", "Hiệu lực", "Còn hiệu lực", "01/11/2026"):
        assert words in html
    for english in ("Certificate", "Valid", "Holder"):
        assert english not in html


def test_the_admin_titles_are_vietnamese(client):
    staff = StaffFactory(is_superuser=True, is_staff=True)
    client.force_login(staff)
    html = client.get("/admin/", follow=True).content.decode()
    assert "<title>Trang quản trị | Quản trị cổng SMEdx / RDX</title>" in html
    assert "Quản trị Cổng chuyển đổi số doanh nghiệp" in html
    assert "Django administration" not in html and "Site administration" not in html


def test_the_audit_log_shows_labels_and_vietnam_time(client):
    staff = StaffFactory(is_superuser=True, is_staff=True)
    _issue_now(BusinessFactory(), staff)
    entry = AuditEntry.objects.get(action="certificate.issue")
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=datetime.datetime(2026, 11, 30, 23, 30, tzinfo=datetime.UTC)
    )
    entry.refresh_from_db()
    assert str(entry).startswith("01/12/2026 06:30 Cấp ")  # 23:30 UTC is 06:30 the next day in Hà Nội
    client.force_login(staff)
    html = client.get("/admin/core/auditentry/", follow=True).content.decode()
    assert "Cấp" in html and "chứng nhận" in html.lower()
    assert ">certificate.issue<" not in html and "Cấp · certificate.issue" in html
    assert action_label("listing.select") == "Chọn vào danh sách"
    assert action_label("something.unknown") == "something.unknown"
