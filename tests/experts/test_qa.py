"""Public questions and answers: who posts, moderation, reports, FAQ, search, escaping, rate limits."""

from html.parser import HTMLParser

import pytest

from accounts.models import Role
from experts.models import Answer, ContentReport, PostStatus, Question
from experts.permissions import is_verified_account
from experts.services import qa as services
from experts.text import render_markdown
from smedx_portal.models import AuditEntry
from tests.experts.factories import ExpertFactory, QuestionFactory, business_owner, certified_expert
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def ask(client, **overrides):
    data = {
        "title": "Nên dùng phần mềm kế toán nào?",
        "body": "Hộ kinh doanh tạp hóa.",
        "topic": "operations",
        "programme": "RDX",
    }
    return client.post("/hoi-dap/dat-cau-hoi/", {**data, **overrides})


@pytest.fixture
def verified_user():
    return business_owner()[0]


@pytest.fixture
def expert():
    return certified_expert(name="Chuyên gia Hòa")


# --- who counts as verified (one function) ----------------------------------------------------------
def test_verified_account_rule(staff, expert):
    assert is_verified_account(staff)
    assert is_verified_account(expert.user)
    assert is_verified_account(business_owner()[0])
    assert not is_verified_account(business_owner(verified=False)[0])  # business not verified
    assert not is_verified_account(UserFactory())  # business role, no business
    assert not is_verified_account(UserFactory(role=Role.PROVIDER, phone_verified_at=None))
    assert is_verified_account(UserFactory(role=Role.PROVIDER))
    assert is_verified_account(ExpertFactory().user)  # not a business: a verified phone is enough
    assert not is_verified_account(ExpertFactory(user__phone_verified_at=None).user)


# --- asking and moderation ---------------------------------------------------------------------------
def test_anyone_reads_published_questions(client):
    question = QuestionFactory(title="Mở gian hàng trên sàn thế nào?")
    assert "Mở gian hàng trên sàn thế nào?" in client.get("/hoi-dap/").content.decode()
    assert client.get(f"/hoi-dap/{question.pk}/").status_code == 200


def test_asking_needs_sign_in(client):
    assert client.get("/hoi-dap/dat-cau-hoi/").status_code == 302
    ask(client)
    assert not Question.objects.exists()


def test_verified_account_publishes_at_once(client, verified_user):
    client.force_login(verified_user)
    response = ask(client)
    question = Question.objects.get()
    assert response["Location"] == f"/hoi-dap/{question.pk}/"
    assert question.status == PostStatus.PUBLISHED and question.programme == "RDX"
    client.logout()
    assert "Nên dùng phần mềm kế toán nào?" in client.get("/hoi-dap/").content.decode()


def test_unverified_account_waits_for_approval(client, staff):
    author = UserFactory()
    client.force_login(author)
    ask(client)
    question = Question.objects.get()
    assert question.status == PostStatus.PENDING
    assert "chờ duyệt" in client.get(f"/hoi-dap/{question.pk}/").content.decode()  # the author sees it
    client.logout()
    assert client.get(f"/hoi-dap/{question.pk}/").status_code == 404
    assert "Nên dùng phần mềm kế toán nào?" not in client.get("/hoi-dap/").content.decode()
    client.force_login(UserFactory())
    assert client.get(f"/hoi-dap/{question.pk}/").status_code == 404

    client.force_login(staff)
    client.post(
        "/admin/experts/question/",
        {"action": "approve_question", "_selected_action": [question.pk], "apply": "1"},
    )
    question.refresh_from_db()
    assert question.status == PostStatus.PUBLISHED
    assert AuditEntry.objects.for_object(question).get().actor == staff


def test_only_experts_and_staff_answer(client, verified_user, expert, staff):
    question = QuestionFactory()
    client.force_login(verified_user)
    assert client.post(f"/hoi-dap/{question.pk}/tra-loi/", {"body": "Tôi nghĩ là..."}).status_code == 403
    uncertified = ExpertFactory()
    client.force_login(uncertified.user)
    assert client.post(f"/hoi-dap/{question.pk}/tra-loi/", {"body": "Tôi nghĩ là..."}).status_code == 403
    client.force_login(expert.user)
    client.post(f"/hoi-dap/{question.pk}/tra-loi/", {"body": "Dùng phần mềm hóa đơn điện tử."})
    client.force_login(staff)
    client.post(f"/hoi-dap/{question.pk}/tra-loi/", {"body": "Xem thêm cẩm nang."})
    assert list(question.answers.values_list("status", flat=True)) == ["published", "published"]
    question.refresh_from_db()
    assert question.answer_count == 2


def test_only_the_asker_accepts_an_answer(client, verified_user, expert):
    question = QuestionFactory(author=verified_user)
    answer = services.answer_post(
        question=question, author=expert.user, body="Dùng phần mềm hóa đơn điện tử."
    )
    client.force_login(UserFactory())
    assert client.post(f"/hoi-dap/tra-loi/{answer.pk}/chap-nhan/").status_code == 404
    client.force_login(verified_user)
    client.post(f"/hoi-dap/tra-loi/{answer.pk}/chap-nhan/")
    question.refresh_from_db()
    assert question.accepted_answer == answer
    assert "Câu trả lời được chấp nhận" in client.get(f"/hoi-dap/{question.pk}/").content.decode()


def test_experts_hide_with_a_reason_kept_for_staff(client, expert, staff, verified_user):
    question = QuestionFactory(title="Quảng cáo dịch vụ vay tiền nhanh")
    client.force_login(verified_user)
    assert client.post(f"/hoi-dap/cau-hoi/{question.pk}/an/", {"reason": "Không thích"}).status_code == 403
    client.force_login(expert.user)
    client.post(f"/hoi-dap/cau-hoi/{question.pk}/an/", {"reason": ""})
    question.refresh_from_db()
    assert question.status == PostStatus.PUBLISHED  # a reason is required
    client.post(f"/hoi-dap/cau-hoi/{question.pk}/an/", {"reason": "Quảng cáo trá hình"})
    question.refresh_from_db()
    assert question.status == PostStatus.HIDDEN and question.hidden_by == expert.user
    entry = AuditEntry.objects.for_object(question).get()
    assert (entry.action, entry.reason, entry.actor) == ("question.hide", "Quảng cáo trá hình", expert.user)

    client.logout()
    assert client.get(f"/hoi-dap/{question.pk}/").status_code == 404
    assert "vay tiền nhanh" not in client.get("/hoi-dap/").content.decode()
    client.force_login(staff)
    html = client.get(f"/hoi-dap/{question.pk}/").content.decode()
    assert "Quảng cáo trá hình" in html and "Đã ẩn" in html


def test_hidden_answer_leaves_the_page_and_the_search(client, expert, staff):
    question = QuestionFactory()
    answer = services.answer_post(
        question=question, author=expert.user, body="Liên hệ zalo để mua tài khoản giá rẻ"
    )
    assert question.__class__.objects.filter(search_document__contains="zalo").exists()
    services.post_hide(post=answer, actor=staff, reason="Quảng cáo")
    assert "zalo" not in client.get(f"/hoi-dap/{question.pk}/").content.decode()
    assert not Question.objects.filter(search_document__contains="zalo").exists()
    question.refresh_from_db()
    assert question.answer_count == 0


def test_users_report_posts_once(client, verified_user, staff):
    question = QuestionFactory()
    client.logout()
    assert client.post(f"/hoi-dap/cau-hoi/{question.pk}/bao-cao/", {"reason": "Spam"}).status_code == 302
    assert not ContentReport.objects.exists()
    client.force_login(verified_user)
    client.post(f"/hoi-dap/cau-hoi/{question.pk}/bao-cao/", {"reason": "Nội dung lừa đảo"})
    client.post(f"/hoi-dap/cau-hoi/{question.pk}/bao-cao/", {"reason": "Báo cáo lần hai"})
    report = ContentReport.objects.get()
    assert (report.question, report.reporter, report.reason) == (question, verified_user, "Nội dung lừa đảo")
    client.force_login(staff)
    assert client.get("/admin/experts/contentreport/").status_code == 200
    client.post(
        "/admin/experts/contentreport/",
        {"action": "resolve", "_selected_action": [report.pk], "apply": "1", "reason": "Đã ẩn"},
    )
    report.refresh_from_db()
    assert report.status == "resolved" and report.resolved_by == staff


# --- search, FAQ, lists ----------------------------------------------------------------------------
def test_accent_insensitive_search_over_questions_and_answers(client, expert):
    first = QuestionFactory(title="Hóa đơn điện tử cho hộ kinh doanh", body="Bắt buộc từ khi nào?")
    second = QuestionFactory(title="Chọn máy POS", body="Cửa hàng nhỏ.")
    services.answer_post(question=second, author=expert.user, body="Nên chọn máy có kết nối kế toán.")
    services.question_search_refresh(first)

    def found(q):
        return [question.title for question in client.get("/hoi-dap/", {"q": q}).context["page"].object_list]

    assert found("hoa don dien tu") == ["Hóa đơn điện tử cho hộ kinh doanh"]
    assert found("HÓA ĐƠN") == ["Hóa đơn điện tử cho hộ kinh doanh"]
    assert found("ket noi ke toan") == ["Chọn máy POS"]  # found through its answer
    assert found("khong co") == []


def test_question_list_pagination_and_pinned_query_count(client, django_assert_max_num_queries):
    for index in range(23):
        QuestionFactory(title=f"Câu hỏi {index:02d}")
    client.get("/hoi-dap/")
    with django_assert_max_num_queries(2):  # the count and the page (with authors)
        response = client.get("/hoi-dap/")
    assert len(response.context["page"].object_list) == 20
    with django_assert_max_num_queries(2):
        assert len(client.get("/hoi-dap/?page=2").context["page"].object_list) == 3


def test_faq_grouped_by_topic(client, staff, expert, django_assert_max_num_queries):
    sales = QuestionFactory(title="Bán trên sàn thế nào?", topic="sales")
    join = QuestionFactory(title="Đăng ký tham gia Chương trình ở đâu?", topic="participation")
    QuestionFactory(title="Một câu hỏi chưa được chọn", topic="sales")
    answer = services.answer_post(
        question=join, author=expert.user, body="Đăng ký tại Cổng bằng số điện thoại."
    )
    client.force_login(staff)
    client.post(
        "/admin/experts/question/",
        {"action": "faq_add", "_selected_action": [sales.pk, join.pk], "apply": "1"},
    )
    client.logout()
    with django_assert_max_num_queries(2):
        response = client.get("/hoi-dap/cau-hoi-thuong-gap/")
    assert list(response.context["groups"]) == ["Tham gia Chương trình", "Bán hàng, thương mại điện tử"]
    html = response.content.decode()
    assert "Bán trên sàn thế nào?" in html and "Một câu hỏi chưa được chọn" not in html
    assert answer.body in html


# --- hostile input and rate limits ------------------------------------------------------------------
HOSTILE = (
    '<script>alert("xss")</script>\n\n'
    '<img src=x onerror="alert(1)">\n\n'
    "[bấm vào đây](javascript:alert(2)) và [trang hay](https://example.vn/a?b=1)\n\n"
    '<a href="https://evil.example" onclick="steal()">liên kết</a> **đậm** https://smedx.gov.vn/hoi-dap'
)


class _Elements(HTMLParser):
    """The real elements and attributes of a page (escaped text does not count)."""

    def __init__(self):
        super().__init__()
        self.tags, self.attrs = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attrs.extend((tag, name, value or "") for name, value in attrs)


def test_hostile_input_is_inert(client, verified_user, expert):
    client.force_login(verified_user)
    ask(client, title='<b onmouseover="x()">Tiêu đề</b>', body=HOSTILE)
    question = Question.objects.get()
    services.answer_post(question=question, author=expert.user, body=HOSTILE)
    html = client.get(f"/hoi-dap/{question.pk}/").content.decode()
    main = html[html.index('<main id="main"') : html.index("</main>")]
    elements = _Elements()
    elements.feed(main)
    assert "script" not in elements.tags and "img" not in elements.tags and "b" not in elements.tags
    assert not [a for a in elements.attrs if a[1].startswith("on")]
    assert not [a for a in elements.attrs if a[1] == "href" and "javascript" in a[2].lower()]
    assert not [a for a in elements.attrs if a[1] == "href" and "evil.example" in a[2]]
    assert "&lt;script&gt;" in main and "&lt;b onmouseover" in main  # shown as text
    assert '<a href="https://example.vn/a?b=1" rel="nofollow ugc">trang hay</a>' in main
    assert (
        '<a href="https://smedx.gov.vn/hoi-dap" rel="nofollow ugc">https://smedx.gov.vn/hoi-dap</a>' in main
    )
    assert "<strong>đậm</strong>" in main
    # every link that users wrote carries rel="nofollow ugc"
    post_links = [a for a in elements.attrs if a[0] == "a" and a[1] == "href" and "example.vn" in a[2]]
    assert len(post_links) == 2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>x</script>", "<p>&lt;script&gt;x&lt;/script&gt;</p>"),
        ("<div>\n<iframe src=//evil></iframe>\n</div>", "&lt;iframe"),
        ("![ảnh](https://evil/x.png)", "<p>!"),
        ("[a](data:text/html;base64,PHNjcmlwdD4=)", '<p><a rel="nofollow ugc">a</a></p>'),
        ("- một\n- hai", "<ul>\n<li>một</li>\n<li>hai</li>\n</ul>"),
        ("dòng 1\ndòng 2", "<p>dòng 1<br>\ndòng 2</p>"),
    ],
)
def test_safe_markdown_subset(text, expected):
    assert expected in render_markdown(text)


def test_posting_is_rate_limited_per_account(client, verified_user, settings):
    settings.EXPERTS_POST_RATE = (2, 600)
    client.force_login(verified_user)
    assert ask(client, title="Một").status_code == 302
    assert ask(client, title="Hai").status_code == 302
    third = ask(client, title="Ba")
    assert third.status_code == 429 and "quá nhiều" in third.content.decode()
    assert Question.objects.count() == 2
    # another account has its own allowance
    client.force_login(business_owner()[0])
    assert ask(client, title="Bốn").status_code == 302


def test_answers_and_reports_share_the_limit(client, expert, settings):
    settings.EXPERTS_POST_RATE = (1, 600)
    question = QuestionFactory()
    client.force_login(expert.user)
    client.post(f"/hoi-dap/{question.pk}/tra-loi/", {"body": "Một"})
    assert client.post(f"/hoi-dap/{question.pk}/tra-loi/", {"body": "Hai"}).status_code == 429
    assert client.post(f"/hoi-dap/cau-hoi/{question.pk}/bao-cao/", {"reason": "x"}).status_code == 429
    assert Answer.objects.count() == 1


def test_the_limit_window_passes(client, verified_user, settings):
    import datetime

    import time_machine

    settings.EXPERTS_POST_RATE = (1, 60)
    settings.CACHES = {
        **settings.CACHES,
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "h4-rate"},
    }
    client.force_login(verified_user)
    start = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        assert ask(client, title="Một").status_code == 302
        assert ask(client, title="Hai").status_code == 429
    with time_machine.travel(start + datetime.timedelta(seconds=61), tick=False):
        assert ask(client, title="Ba").status_code == 302
