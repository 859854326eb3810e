"""Vietnamese labels for the audit log's action codes ("listing.select" → "Chọn vào danh sách").

A code is "<subject>.<verb>"; the subject is shown by the entry's object type, so only the verbs need words.
A verb not listed here is shown as its code, never hidden."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

VERBS = {
    "accept": _("Chấp nhận"),
    "acknowledge": _("Tiếp nhận"),
    "add": _("Thêm"),
    "answer": _("Trả lời"),
    "apply": _("Nộp hồ sơ"),
    "approve": _("Phê duyệt"),
    "approved": _("Đã phê duyệt"),
    "assign": _("Phân công"),
    "attended": _("Xác nhận có mặt"),
    "back_to_review": _("Trả về để xem xét lại"),
    "cancel": _("Hủy"),
    "certify": _("Cấp chứng nhận"),
    "claimed_by_phone": _("Nhận quyền theo số điện thoại"),
    "close": _("Đóng"),
    "complementary": _("Chọn bổ sung"),
    "complete": _("Hoàn thành"),
    "correct": _("Đính chính"),
    "correction": _("Yêu cầu sửa thông tin"),
    "create": _("Tạo mới"),
    "deletion": _("Yêu cầu xóa dữ liệu"),
    "delist": _("Đưa khỏi danh sách"),
    "edit": _("Sửa"),
    "erase": _("Xóa dữ liệu cá nhân"),
    "fast_track": _("Xét nhanh"),
    "hide": _("Ẩn"),
    "include": _("Đưa vào"),
    "issue": _("Cấp"),
    "load": _("Nạp"),
    "member_add": _("Thêm thành viên"),
    "member_remove": _("Cho thôi tham gia"),
    "new_version": _("Tạo phiên bản mới"),
    "objection": _("Phản đối xử lý"),
    "optout": _("Từ chối nhận tin"),
    "optout_withdraw": _("Rút từ chối nhận tin"),
    "pause": _("Tạm dừng"),
    "phone_change": _("Yêu cầu đổi số điện thoại"),
    "propose": _("Đề xuất"),
    "publish": _("Công bố"),
    "redeliver": _("Gửi lại"),
    "refuse": _("Từ chối"),
    "refused": _("Đã từ chối"),
    "reinstate": _("Khôi phục"),
    "reject": _("Từ chối"),
    "rejected": _("Đã từ chối"),
    "remove": _("Loại khỏi mạng lưới"),
    "reopen": _("Mở lại"),
    "request_info": _("Yêu cầu bổ sung"),
    "resolve": _("Giải quyết"),
    "restriction": _("Yêu cầu hạn chế xử lý"),
    "resubmit": _("Nộp lại"),
    "resume": _("Tiếp tục"),
    "return": _("Trả lại"),
    "review": _("Rà soát"),
    "revoke": _("Thu hồi"),
    "schedule": _("Lên lịch"),
    "select": _("Chọn vào danh sách"),
    "send": _("Gửi"),
    "start": _("Bắt đầu"),
    "start_evaluation": _("Bắt đầu đánh giá"),
    "submit": _("Gửi duyệt"),
    "suspend": _("Tạm đình chỉ"),
    "update": _("Cập nhật"),
    "verified": _("Đã xác minh"),
}


def action_label(code: str) -> str:
    """The action in Vietnamese (the active language), or the code itself when it has no label yet."""
    return str(VERBS.get(code.rsplit(".", 1)[-1], code))
