"""A few certified experts, some questions and answers and the network's rules, for `make run` (development only)."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from accounts.models import Role
from businesses.demo import DEMO_PASSWORD
from businesses.models import Province, Sector
from experts.models import Expert, ExpertApplication, NetworkRules, PostStatus, Question
from experts.services import qa
from experts.services.applications import application_approve, application_submit
from experts.services.certification import expert_certify

DEMO_EXPERTS = [
    # phone, name, kind, headline, specialties, province codes, sector codes
    (
        "+84900000005",
        "Nguyễn Văn Hùng",
        "individual",
        "Tư vấn bán hàng đa kênh cho cửa hàng bán lẻ",
        ["rdx-customers-sales", "rdx-operations", "retail"],
        [1, 79],
        ["tap-hoa", "thoi-trang"],
    ),
    (
        "+84900000011",
        "Công ty TNHH Tư vấn Chuyển đổi số Sao Việt",
        "organisation",
        "Chiến lược và quản trị số cho doanh nghiệp nhỏ và vừa",
        ["dbi-strategy", "dbi-operations", "management"],
        [1, 31, 48],
        ["che-bien-che-tao", "thuong-mai"],
    ),
    (
        "+84900000012",
        "Trần Thị Mai",
        "individual",
        "Dữ liệu, hạ tầng và an toàn thông tin",
        [
            "dbi-data-assets",
            "dbi-infrastructure-technology",
            "rdx-technology-data",
            "infrastructure-security",
        ],
        [79, 68],
        ["duoc-pham", "nong-san"],
    ),
    (
        "+84900000013",
        "Lê Quốc Bảo",
        "individual",
        "Trải nghiệm khách hàng và tiếp thị số",
        ["dbi-customer-experience", "customers-market", "rdx-customers-sales"],
        [48, 79],
        ["an-uong", "du-lich"],
    ),
]

DEMO_QUESTIONS = [
    # title, body, topic, programme, answer, faq
    (
        "Cửa hàng tạp hóa đăng ký tham gia Chương trình RDX thế nào?",
        "Tôi có một cửa hàng tạp hóa nhỏ, chưa có email. Đăng ký thế nào?",
        "participation",
        "RDX",
        "Chỉ cần số điện thoại di động: đăng ký tài khoản, nhận mã xác thực qua SMS, khai hồ sơ cửa hàng rồi "
        "làm bài **tự đánh giá mức độ chuyển đổi số**. Không bắt buộc có email.",
        True,
    ),
    (
        "Hộ kinh doanh có bắt buộc dùng hóa đơn điện tử không?",
        "Hộ kinh doanh bán lẻ doanh thu nhỏ có phải xuất hóa đơn điện tử từ máy tính tiền không?",
        "operations",
        "RDX",
        "Tùy mức doanh thu và ngành nghề; nên hỏi cơ quan thuế quản lý. Chương trình có các nền tảng hóa đơn "
        "điện tử và phần mềm bán hàng kết nối máy tính tiền được lựa chọn, xem trong danh mục nền tảng số.",
        True,
    ),
    (
        "Doanh nghiệp nhỏ nên bắt đầu chuyển đổi số từ đâu?",
        "Công ty 20 lao động, ngành chế biến. Nên làm gì trước?",
        "strategy",
        "SMEDX",
        "Bắt đầu bằng bài đánh giá mức độ chuyển đổi số để biết trụ cột yếu nhất, sau đó:\n\n"
        "- chọn 1–2 nền tảng cho trụ cột đó,\n- đặt mục tiêu đo được trong 6 tháng,\n"
        "- gửi yêu cầu tư vấn cho chuyên gia của Mạng lưới.",
        False,
    ),
]

DEMO_RULES = """Quy chế hoạt động của Mạng lưới chuyên gia tư vấn chuyển đổi số (bản dùng thử).

1. Thành viên là tổ chức, cá nhân tư vấn được Chương trình tuyển chọn, đào tạo và cấp chứng nhận.
2. Chuyên gia tư vấn **trung thực, khách quan**, không ép doanh nghiệp dùng một nền tảng cụ thể.
3. Chuyên gia trả lời yêu cầu tư vấn trong thời hạn trên Cổng; nếu không nhận được thì từ chối sớm.
4. Doanh nghiệp đánh giá sau mỗi lần tư vấn; đánh giá được công bố trên trang hồ sơ chuyên gia.
5. Vi phạm quy chế có thể bị tạm đình chỉ hoặc đưa ra khỏi Mạng lưới, có nêu lý do.
"""


def _user(phone: str, name: str):
    User = get_user_model()
    user, created = User.objects.get_or_create(
        phone=phone,
        defaults={
            "username": phone,
            "full_name": name,
            "role": Role.EXPERT,
            "phone_verified_at": timezone.now(),
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def _staff():
    return get_user_model().objects.filter(is_superuser=True).order_by("pk").first()


@transaction.atomic
def load_demo_experts() -> list[Expert]:
    """Idempotent: experts already there are left as they are."""
    staff = _staff()
    today = timezone.localdate()
    experts = []
    for phone, name, kind, headline, specialties, provinces, sectors in DEMO_EXPERTS:
        user = _user(phone, name)
        expert = Expert.objects.filter(user=user).first()
        if expert is None:
            application = ExpertApplication.objects.filter(user=user).first() or application_submit(
                user=user,
                data={
                    "kind": kind,
                    "name": name,
                    "tax_code": "0100109106" if kind == "organisation" else "",
                    "headline": headline,
                    "bio": f"{headline}. Hơn mười năm đồng hành cùng doanh nghiệp và hộ kinh doanh.",
                    "specialties": specialties,
                    "languages": ["vi", "en"],
                    "years_experience": 10,
                    "references": "Hiệp hội Doanh nghiệp nhỏ và vừa Việt Nam",
                    "provinces": list(Province.objects.filter(code__in=provinces)),
                    "sectors": list(Sector.objects.filter(code__in=sectors)),
                },
            )
            expert = application_approve(application=application, actor=staff, reason="Dữ liệu mẫu")
        if expert.certificate is None:
            expert_certify(
                expert=expert,
                actor=staff,
                training_course="Khóa đào tạo chuyên gia tư vấn chuyển đổi số (dữ liệu mẫu)",
                training_completed_on=today - datetime.timedelta(days=30),
                valid_from=today - datetime.timedelta(days=30),
                valid_until=today + datetime.timedelta(days=700),
            )
        experts.append(expert)

    if not NetworkRules.objects.exists():
        NetworkRules.objects.create(body=DEMO_RULES, updated_by=staff)

    asker = get_user_model().objects.filter(phone="+84900000003").first() or experts[0].user
    for (title, body, topic, programme, answer, faq), expert in zip(DEMO_QUESTIONS, experts, strict=False):
        if Question.objects.filter(title=title).exists():
            continue
        question = Question.objects.create(
            author=asker,
            title=title,
            body=body,
            topic=topic,
            programme=programme,
            status=PostStatus.PUBLISHED,
            published_at=timezone.now(),
        )
        reply = qa.answer_post(question=question, author=expert.user, body=answer)
        question.accepted_answer = reply
        question.save(update_fields=["accepted_answer"])
        if faq and staff is not None:
            qa.question_set_faq(question=question, actor=staff, is_faq=True)
    return experts
