"""Demo platforms for `make run` (development only): two providers, platforms selected or complementary in a few
groups, offers and a certificate, all through the services so the history and audit log look real."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from businesses.demo import DEMO_PASSWORD
from platforms import services
from platforms.models import (
    Agreement,
    AgreementStatus,
    CategoryGroup,
    EvaluationCriterion,
    Listing,
    ListingStatus,
    Offer,
    Platform,
    Provider,
)
from platforms.services.providers import platform_search_key

DEMO_PROVIDER_PHONE = "+84900000004"  # the provider account of businesses.demo
SECOND_PROVIDER_PHONE = "+84900000006"
DEMO_STAFF_PHONE = "+84900000001"

DEMO_PROVIDERS = [
    # phone, name, contact
    (DEMO_PROVIDER_PHONE, "Công ty Cổ phần Công nghệ Sổ Việt", "Nguyễn Minh Tuấn"),
    (SECOND_PROVIDER_PHONE, "Công ty TNHH Giải pháp Số Phương Nam", "Lê Thị Hồng"),
]

DEMO_PLATFORMS = [
    # provider phone, name, short description, features, [(group code, status, in-depth)], offer
    (
        DEMO_PROVIDER_PHONE,
        "Sổ Bán Hàng Việt",
        "Bán hàng, quản lý kho và công nợ trên điện thoại cho cửa hàng tạp hóa",
        "Bán hàng tại quầy và trên điện thoại\nQuản lý tồn kho\nSổ công nợ\nBáo cáo doanh thu hằng ngày",
        [("rdx-pos", ListingStatus.SELECTED, True), ("rdx-inventory", ListingStatus.SELECTED, False)],
        "Miễn phí 12 tháng cho cửa hàng tham gia RDX",
    ),
    (
        DEMO_PROVIDER_PHONE,
        "Kế Toán Mây",
        "Phần mềm kế toán trực tuyến cho doanh nghiệp nhỏ và hộ kinh doanh",
        "Sổ sách theo Thông tư 133\nHóa đơn điện tử tích hợp\nBáo cáo thuế",
        [("smedx-accounting-finance", ListingStatus.SELECTED, False)],
        "Giảm 50% năm đầu cho doanh nghiệp SMEdx",
    ),
    (
        SECOND_PROVIDER_PHONE,
        "Hóa Đơn Xanh",
        "Hóa đơn điện tử khởi tạo từ máy tính tiền, kết nối cơ quan thuế",
        "Hóa đơn từ máy tính tiền\nKý số trên điện thoại\nTra cứu hóa đơn",
        [
            ("rdx-e-invoice", ListingStatus.SELECTED, False),
            ("smedx-accounting-finance", ListingStatus.SELECTED, False),
        ],
        "",
    ),
    (
        SECOND_PROVIDER_PHONE,
        "Giao Hàng Phương Nam",
        "Kết nối nhiều hãng giao hàng, đối soát thu hộ tự động",
        "So sánh phí giao hàng\nĐối soát COD",
        [("rdx-delivery", ListingStatus.COMPLEMENTARY, False)],
        "",
    ),
    (
        SECOND_PROVIDER_PHONE,
        "Nhân Sự 365",
        "Chấm công, tính lương và quản lý nhân sự cho doanh nghiệp nhỏ",
        "Chấm công bằng điện thoại\nTính lương, bảo hiểm",
        [("smedx-hr", ListingStatus.UNDER_EVALUATION, False)],
        "",
    ),
]


def _user(phone: str, full_name: str, role: str):
    user, created = get_user_model().objects.get_or_create(
        phone=phone,
        defaults={
            "username": phone,
            "full_name": full_name,
            "role": role,
            "phone_verified_at": timezone.now(),
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


@transaction.atomic
def load_demo_platforms() -> list[Platform]:
    """Idempotent. Expects the demo users of `businesses.demo` (run after `load_demo_businesses`)."""
    staff = get_user_model().objects.filter(phone=DEMO_STAFF_PHONE, is_staff=True).first()
    if staff is None:
        staff = _user(DEMO_STAFF_PHONE, "Quản trị viên Bộ", Role.MINISTRY_STAFF)
        staff.is_staff = staff.is_superuser = True
        staff.save(update_fields=["is_staff", "is_superuser"])
    providers = {}
    for phone, name, contact in DEMO_PROVIDERS:
        owner = _user(phone, contact, Role.PROVIDER)
        providers[phone], _ = Provider.objects.get_or_create(
            owner=owner, defaults={"name": name, "contact_name": contact, "contact_phone": phone}
        )
    platforms = []
    for phone, name, short, features, placements, offer in DEMO_PLATFORMS:
        provider = providers[phone]
        platform, created = Platform.objects.get_or_create(
            provider=provider, name=name, defaults={"short_description": short, "features": features}
        )
        if created:
            platform.search_key = platform_search_key(platform)
            platform.save(update_fields=["search_key"])
        platforms.append(platform)
        if offer and not platform.offers.exists():
            Offer.objects.create(platform=platform, title=offer, valid_from=datetime.date(2026, 1, 1))
        for code, status, in_depth in placements:
            group = CategoryGroup.objects.get(code=code)
            if Listing.objects.filter(platform=platform, group=group).exists():
                continue
            listing = Listing.objects.create(
                platform=platform,
                group=group,
                in_depth_requested=in_depth,
                commitment_accepted_at=timezone.now(),
            )
            scores = {c.pk: 4 for c in EvaluationCriterion.objects.for_programme(group.programme)}
            services.evaluation_submit(listing=listing, evaluator=staff, scores=scores)
            if status == ListingStatus.SELECTED:
                services.listing_select(
                    listing=listing, actor=staff, reason="Hội đồng đánh giá đề xuất (dữ liệu mẫu)"
                )
            elif status == ListingStatus.COMPLEMENTARY:
                services.listing_add_complementary(
                    listing=listing, actor=staff, reason="Bổ sung nghiệp vụ (dữ liệu mẫu)"
                )
            for agreement in Agreement.objects.filter(platform=platform, status=AgreementStatus.SENT):
                services.agreement_sign(agreement=agreement, actor=platform.provider.owner)
            if in_depth and status == ListingStatus.SELECTED and platform.certificate_id is None:
                services.listing_certify(
                    listing=listing,
                    actor=staff,
                    valid_until=timezone.localdate() + datetime.timedelta(days=730),
                )
    return platforms
