"""A small demo for `make run` (development only): a news article, handbook chapters, an upcoming workshop."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from businesses.models import Province
from campaigns.models import Article, ArticleKind, ArticleStatus, Event, HandbookChapter
from campaigns.models.events import EventKind, EventStatus, Organiser, Region
from campaigns.rules import VIETNAM
from campaigns.services.content import article_save, chapter_save
from smedx_portal.programmes import Programme

ARTICLE_BODY = """
<p>Cổng thông tin của hai Chương trình hỗ trợ chuyển đổi số SMEdx và RDX chính thức vận hành. Doanh nghiệp,
hợp tác xã, hộ kinh doanh và cửa hàng bán lẻ đăng ký bằng số điện thoại, tự đánh giá mức độ chuyển đổi số và
tìm các nền tảng số được Chương trình lựa chọn.</p>
<h2>Ba bước để bắt đầu</h2>
<ol>
<li>Đăng ký tài khoản bằng số điện thoại di động, nhập mã xác thực gửi qua SMS.</li>
<li>Tạo hồ sơ doanh nghiệp hoặc cửa hàng.</li>
<li>Làm bài đánh giá: kết quả cho biết mức <strong>sẵn sàng</strong>, <strong>tăng trưởng</strong> hay
<strong>đột phá</strong>, kèm gợi ý nền tảng phù hợp.</li>
</ol>
"""

CHAPTERS = [
    (
        Programme.RDX,
        1,
        "Vì sao cửa hàng cần chuyển đổi số",
        "vi-sao-can-chuyen-doi-so",
        "Bán hàng đa kênh, quản lý kho và thanh toán không tiền mặt giúp cửa hàng giữ chân khách.",
        "<p>Khách hàng ngày nay tìm cửa hàng trên bản đồ số, đặt hàng qua ứng dụng nhắn tin và trả tiền bằng mã QR."
        " Cửa hàng chuyển đổi số bắt đầu từ những việc nhỏ: ghi sổ bán hàng trên điện thoại, nhận thanh toán QR,"
        " đưa cửa hàng lên bản đồ.</p>",
    ),
    (
        Programme.RDX,
        2,
        "Bắt đầu với phần mềm bán hàng",
        "phan-mem-ban-hang",
        "Chọn phần mềm quản lý bán hàng trong danh sách nền tảng được Chương trình lựa chọn.",
        "<p>Phần mềm bán hàng giúp theo dõi tồn kho, doanh thu từng ngày và xuất hóa đơn điện tử."
        " Hãy thử miễn phí các nền tảng có ưu đãi dành cho thành viên Chương trình.</p>",
    ),
    (
        Programme.SMEDX,
        1,
        "Lập kế hoạch chuyển đổi số cho doanh nghiệp nhỏ và vừa",
        "lap-ke-hoach",
        "Từ đánh giá hiện trạng đến lộ trình 12 tháng.",
        "<p>Kế hoạch chuyển đổi số bắt đầu từ kết quả tự đánh giá: trụ cột nào yếu nhất, nhóm nền tảng nào còn"
        " thiếu. Chuyên gia trong Mạng lưới tư vấn có thể giúp doanh nghiệp lập lộ trình.</p>",
    ),
]


@transaction.atomic
def load_demo_campaigns(actor=None) -> dict[str, int]:
    now = timezone.now()
    if not Article.objects.filter(slug="cong-thong-tin-chinh-thuc-van-hanh").exists():
        article_save(
            article=Article(
                kind=ArticleKind.NEWS,
                title="Cổng thông tin chuyển đổi số SMEdx / RDX chính thức vận hành",
                slug="cong-thong-tin-chinh-thuc-van-hanh",
                summary="Doanh nghiệp và cửa hàng đăng ký bằng số điện thoại, tự đánh giá và tìm nền tảng số phù hợp.",
                body=ARTICLE_BODY,
                status=ArticleStatus.PUBLISHED,
                publish_at=now - datetime.timedelta(days=1),
            ),
            actor=actor,
        )
    for programme, position, title, slug, summary, body in CHAPTERS:
        if not HandbookChapter.objects.filter(programme=programme, slug=slug).exists():
            chapter_save(
                chapter=HandbookChapter(
                    programme=programme,
                    position=position,
                    title=title,
                    slug=slug,
                    summary=summary,
                    body=body,
                    is_published=True,
                ),
                actor=actor,
            )
    day = (now + datetime.timedelta(days=21)).astimezone(VIETNAM).date()
    starts = datetime.datetime.combine(day, datetime.time(8, 30), tzinfo=VIETNAM)
    Event.objects.get_or_create(
        slug="hoi-thao-khu-vuc-mien-bac",
        defaults={
            "title": "Hội thảo chuyển đổi số cho doanh nghiệp nhỏ và vừa khu vực miền Bắc",
            "kind": EventKind.WORKSHOP,
            "organiser": Organiser.MINISTRY,
            "programme": Programme.SMEDX,
            "region": Region.NORTH,
            "province": Province.objects.get(code=1),
            "venue": "Trung tâm Hội nghị Quốc gia, Hà Nội",
            "summary": "Hội thảo khu vực thường niên: chia sẻ kinh nghiệm, giới thiệu nền tảng số được lựa chọn.",
            "description": "Chương trình gồm phiên toàn thể và các phiên chuyên đề theo ngành.",
            "starts_at": starts,
            "ends_at": starts + datetime.timedelta(hours=4),
            "capacity": 200,
            "status": EventStatus.PUBLISHED,
        },
    )
    return {
        "articles": Article.objects.count(),
        "chapters": HandbookChapter.objects.count(),
        "events": Event.objects.count(),
    }
