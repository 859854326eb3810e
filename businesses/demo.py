"""A small demo data set for `make run` (development only)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from businesses.models import Business, BusinessKind, Membership, MembershipRole, Province, Sector

DEMO_PASSWORD = "demo-2026-smedx"

DEMO_USERS = [
    # phone, full name, role, province code, is_staff/superuser
    ("+84900000001", "Quản trị viên Bộ", Role.MINISTRY_STAFF, None, True),
    ("+84900000002", "Cán bộ Sở KH&CN Hà Nội", Role.PROVINCE_OFFICER, 1, False),
    ("+84900000003", "Chủ cửa hàng Minh An", Role.BUSINESS, None, False),
    ("+84900000004", "Nhà cung cấp nền tảng", Role.PROVIDER, None, False),
    ("+84900000005", "Chuyên gia tư vấn", Role.EXPERT, None, False),
]

DEMO_BUSINESSES = [
    # name, kind, tax code, sector code, province code, rdx, smedx
    ("Tạp hóa Minh An", BusinessKind.RETAIL_STORE, "001085012345", "tap-hoa", 1, True, False),
    ("Nhà thuốc Phúc Khang", BusinessKind.HOUSEHOLD, "079190004321", "duoc-pham", 79, True, False),
    ("Công ty TNHH Thời trang Sen Việt", BusinessKind.ENTERPRISE, "0100109106", "thoi-trang", 1, True, True),
    ("Hợp tác xã Nông sản Đà Lạt Xanh", BusinessKind.COOPERATIVE, "5800000015", "nong-san", 68, False, True),
    (
        "Công ty CP Cơ khí Hải Phòng",
        BusinessKind.ENTERPRISE,
        "0200000014",
        "che-bien-che-tao",
        31,
        False,
        True,
    ),
    ("Quán cơm Bà Tư", BusinessKind.HOUSEHOLD, "048175009876", "an-uong", 48, True, False),
]


def _demo_user(phone: str, full_name: str, role: str, province_code: int | None, staff: bool):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        phone=phone,
        defaults={
            "username": phone,
            "full_name": full_name,
            "role": role,
            "province_id": province_code,
            "is_staff": staff,
            "is_superuser": staff,
            "phone_verified_at": timezone.now(),
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo_businesses() -> list[Business]:
    """Idempotent. Businesses go through the services, so the dashboards' summary tables count them."""
    from businesses.services import business_create, business_verify

    users = {
        phone: _demo_user(phone, name, role, province, staff)
        for phone, name, role, province, staff in DEMO_USERS
    }
    staff, owner = users["+84900000001"], users["+84900000003"]
    sectors = {sector.code: sector for sector in Sector.objects.all()}
    provinces = {province.code: province for province in Province.objects.all()}
    businesses = []
    for index, (name, kind, tax_code, sector_code, province_code, rdx, smedx) in enumerate(DEMO_BUSINESSES):
        business = Business.objects.with_tax_code(tax_code).first()
        if business is None:
            province = provinces[province_code]
            business = business_create(
                actor=staff,
                data={
                    "name": name,
                    "kind": kind,
                    "tax_code": tax_code,
                    "sector": sectors.get(sector_code),
                    "province": province,
                    "ward": province.wards.order_by("code").first(),
                    "in_rdx": rdx,
                    "in_smedx": smedx,
                    "employees": 3,
                },
                history_reason="Dữ liệu mẫu",
            )
            if index % 2 == 0:  # some verified, some waiting in the officers' queue
                business = business_verify(business=business, actor=staff, reason="Dữ liệu mẫu")
        businesses.append(business)
    Membership.objects.get_or_create(
        user=owner, business=businesses[0], defaults={"role": MembershipRole.OWNER}
    )
    return businesses
