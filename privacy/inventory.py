"""The data inventory: each kind of personal data the portal holds, why, on which legal basis, where, who receives
it and how long it is kept. The privacy notice page, `manage.py processing_record` and the README's record of
processing are generated from it, so they cannot drift apart from each other (a test checks the models it
names exist)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

CONSENT = _("Sự đồng ý của chủ thể dữ liệu, theo từng mục đích (Luật 91/2025/QH15)")
PUBLIC_TASK = _("Thực hiện nhiệm vụ của cơ quan nhà nước theo QĐ 377/QĐ-BTTTT và QĐ 1459/QĐ-BTTTT")
LEGAL_DUTY = _("Nghĩa vụ pháp lý của bên kiểm soát dữ liệu (Luật 91/2025/QH15, NĐ 356/2025/NĐ-CP)")


@dataclass(frozen=True)
class DataKind:
    name: str
    fields: str
    purpose: str
    legal_basis: str
    stored_in: tuple[str, ...]  # model labels
    recipients: str
    retention: str


INVENTORY: tuple[DataKind, ...] = (
    DataKind(
        name=_("Tài khoản"),
        fields=_("họ tên, số điện thoại di động, email (không bắt buộc), mật khẩu (đã băm), vai trò"),
        purpose=_("Đăng nhập, gửi mã xác thực và tin nhắn dịch vụ"),
        legal_basis=CONSENT,
        stored_in=("accounts.User", "accounts.PhoneChallenge"),
        recipients=_("Cán bộ Bộ; cán bộ Sở của tỉnh nơi doanh nghiệp đăng ký; nhà mạng gửi SMS (bên xử lý)"),
        retention=_("Đến khi người dùng xóa tài khoản; mã xác thực SMS: 30 ngày"),
    ),
    DataKind(
        name=_("Doanh nghiệp, hộ kinh doanh"),
        fields=_(
            "tên, mã số thuế hoặc số định danh cá nhân (CCCD 12 số) của chủ hộ, địa chỉ, số điện thoại liên hệ, "
            "ngành nghề, quy mô"
        ),
        purpose=_("Xác minh đơn vị tham gia, thống kê theo tỉnh và xã/phường"),
        legal_basis=PUBLIC_TASK,
        stored_in=("businesses.Business", "businesses.Membership"),
        recipients=_("Cán bộ Bộ, cán bộ Sở của tỉnh; cơ quan đối tác (Bộ Công Thương với RDX) khi có đồng ý"),
        retention=_(
            "Đến khi người đại diện duy nhất xóa tài khoản: khi đó ẩn danh, chỉ giữ số liệu thống kê"
        ),
    ),
    DataKind(
        name=_("Kết quả đánh giá mức độ chuyển đổi số"),
        fields=_("câu trả lời, điểm, mức độ, kênh (tự đánh giá hoặc cán bộ điều tra nhập)"),
        purpose=_("Đánh giá, chứng nhận mức độ, gợi ý nền tảng, thống kê của Chương trình"),
        legal_basis=PUBLIC_TASK,
        stored_in=("assessment.Assessment", "assessment.Answer"),
        recipients=_(
            "Cán bộ Bộ, cán bộ Sở của tỉnh; nhà cung cấp nền tảng doanh nghiệp chọn (khi có đồng ý)"
        ),
        retention=_("Giữ lâu dài dưới dạng không gắn với người khi người dùng xóa dữ liệu"),
    ),
    DataKind(
        name=_("Đăng ký sử dụng nền tảng (khách hàng tiềm năng)"),
        fields=_("doanh nghiệp, người đăng ký, lời nhắn cho nhà cung cấp"),
        purpose=_("Chuyển yêu cầu tới nhà cung cấp nền tảng doanh nghiệp chọn"),
        legal_basis=CONSENT,
        stored_in=("platforms.UsageRegistration", "platforms.Trial", "core.WebhookDelivery"),
        recipients=_("Nhà cung cấp nền tảng được chọn (qua trang nhà cung cấp, API, webhook)"),
        retention=_("Đến khi rút lại đồng ý hoặc xóa tài khoản; nhật ký webhook: 30 ngày"),
    ),
    DataKind(
        name=_("Tin nhắn chiến dịch"),
        fields=_("số điện thoại người nhận, trạng thái gửi"),
        purpose=_("Tin nhắn giới thiệu hoạt động của Chương trình"),
        legal_basis=CONSENT,
        stored_in=("campaigns.SmsMessage", "campaigns.OptOut"),
        recipients=_("Nhà mạng gửi SMS (bên xử lý)"),
        retention=_("Số điện thoại được thay bằng mã băm có khóa khi người dùng xóa dữ liệu"),
    ),
    DataKind(
        name=_("Sự kiện, tư vấn, hỏi đáp"),
        fields=_(
            "họ tên, số điện thoại người tham dự, nội dung câu hỏi, yêu cầu tư vấn, tin nhắn với chuyên gia"
        ),
        purpose=_("Tổ chức sự kiện, kết nối chuyên gia, trả lời câu hỏi"),
        legal_basis=CONSENT,
        stored_in=(
            "campaigns.EventRegistration",
            "experts.Consultation",
            "experts.Message",
            "experts.Question",
            "experts.Answer",
            "experts.SupportRequest",
        ),
        recipients=_("Đơn vị tổ chức sự kiện; chuyên gia được mời tư vấn"),
        retention=_("Nội dung tự do bị xóa khi người dùng xóa dữ liệu"),
    ),
    DataKind(
        name=_("Chuyên gia, người liên hệ của nhà cung cấp"),
        fields=_(
            "họ tên, chức danh, giới thiệu kinh nghiệm, người tham chiếu, bằng cấp (tệp) của chuyên gia; họ tên, "
            "điện thoại, email người liên hệ của nhà cung cấp"
        ),
        purpose=_("Xét duyệt và giới thiệu chuyên gia; liên hệ nhà cung cấp về đăng ký sử dụng nền tảng"),
        legal_basis=CONSENT,
        stored_in=("experts.Expert", "experts.ExpertApplication", "platforms.Provider"),
        recipients=_("Cán bộ Bộ; công khai hồ sơ chuyên gia đã được duyệt (họ tên, chức danh, giới thiệu)"),
        retention=_(
            "Đến khi người dùng xóa tài khoản: hồ sơ chuyên gia ẩn danh (giữ chuyên môn, đánh giá), "
            "tài liệu bị xóa; tổ chức nhà cung cấp giữ lại, người liên hệ bị xóa"
        ),
    ),
    DataKind(
        name=_("Sự đồng ý, yêu cầu và nhật ký truy cập"),
        fields=_("mục đích, phiên bản thông báo, thời điểm, kênh; yêu cầu của chủ thể; ai đã xem hồ sơ"),
        purpose=_("Chứng minh sự đồng ý, xử lý yêu cầu đúng hạn, giám sát truy cập"),
        legal_basis=LEGAL_DUTY,
        stored_in=(
            "accounts.Consent",
            "privacy.DataRequest",
            "core.PersonalDataAccess",
            "core.ErasedPhone",
            "core.ErasedReach",
        ),
        recipients=_(
            "Cán bộ Bộ; cơ quan chuyên trách bảo vệ dữ liệu cá nhân (Bộ Công an, A05) khi được yêu cầu"
        ),
        retention=_(
            "5 năm kể từ khi hoàn thành (mã băm số điện thoại đã xóa: giữ để đếm số người được hỗ trợ)"
        ),
    ),
)


def processing_record_markdown() -> str:
    """The record of processing as a Markdown table (README's personal-data section, `manage.py processing_record`)."""
    header = "| Loại dữ liệu | Gồm | Mục đích | Cơ sở pháp lý | Lưu tại | Bên nhận | Thời hạn lưu |"
    lines = [header, "|" + "---|" * 7]
    for kind in INVENTORY:
        cells = [
            kind.name,
            kind.fields,
            kind.purpose,
            kind.legal_basis,
            ", ".join(f"`{label}`" for label in kind.stored_in),
            kind.recipients,
            kind.retention,
        ]
        lines.append("| " + " | ".join(str(cell) for cell in cells) + " |")
    return "\n".join(lines)
