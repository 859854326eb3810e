"""Admin pages for staff, the English pages, and notifications through a real Celery worker."""

import pytest
from django.urls import reverse

from experts.models import Answer, ContentReport, Expert, ExpertApplication, Question, SupportRequest
from experts.services import qa
from tests.experts.factories import QuestionFactory, certified_expert


@pytest.mark.django_db
def test_every_experts_admin_page_renders(client, staff):
    expert = certified_expert()
    question = QuestionFactory()
    answer = qa.answer_post(question=question, author=expert.user, body="Trả lời")
    report = ContentReport.objects.create(question=question, reporter=staff, reason="Thử")
    support = SupportRequest.objects.create(name="A", phone="+84912345678", message="Cần hỗ trợ")
    client.force_login(staff)
    for model, obj in [
        (Expert, expert),
        (Question, question),
        (Answer, answer),
        (ContentReport, report),
        (SupportRequest, support),
    ]:
        opts = model._meta
        assert client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")).status_code == 200
        assert (
            client.get(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])).status_code
            == 200
        )
    assert client.get(reverse("admin:experts_expertapplication_changelist")).status_code == 200
    assert client.get(reverse("admin:experts_networkrules_add")).status_code == 200
    assert not ExpertApplication.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path", ["/en/chuyen-gia/", "/en/hoi-dap/", "/en/ho-tro/", "/en/chuyen-gia/quy-che/"]
)
def test_pages_exist_in_english(client, path):
    response = client.get(path)
    assert response.status_code == 200 and '<html lang="en">' in response.content.decode()


@pytest.mark.celery_worker
def test_answer_notification_through_a_real_worker(celery_worker, transactional_db, sms_outbox):
    from experts.services.support import support_request_answer
    from tests.factories import StaffFactory

    staff = StaffFactory()
    request = SupportRequest.objects.create(name="Chị Hoa", phone="+84912345678", message="Hỏi về đăng ký")
    support_request_answer(support_request=request, actor=staff, answer="Đăng ký bằng số điện thoại.")
    import time

    for _ in range(100):
        if sms_outbox:
            break
        time.sleep(0.1)
    assert [m.phone for m in sms_outbox] == ["+84912345678"]
    assert "Đăng ký bằng số điện thoại." in sms_outbox[0].text


@pytest.mark.django_db
def test_decisions_need_the_change_permission(client):
    """Staff who may only view questions are not offered the decisions, and posting one changes nothing."""
    from django.contrib.auth.models import Permission

    from accounts.models import Role
    from experts.models import PostStatus
    from tests.factories import UserFactory

    viewer = UserFactory(role=Role.MINISTRY_STAFF, is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_question", content_type__app_label="experts")
    )
    question = QuestionFactory(status=PostStatus.PENDING)
    client.force_login(viewer)
    changelist = reverse("admin:experts_question_changelist")
    assert client.get(changelist).status_code == 200
    assert "approve_question" not in client.get(changelist).content.decode()
    client.post(changelist, {"action": "approve_question", "_selected_action": [question.pk], "apply": "1"})
    question.refresh_from_db()
    assert question.status == PostStatus.PENDING


@pytest.mark.django_db
def test_a_refused_decision_is_reported_per_row(rf, staff):
    """A service refusing with PermissionDenied is reported on its row; the others are decided."""
    from django import forms
    from django.contrib import admin, messages
    from django.contrib.messages.middleware import MessageMiddleware
    from django.core.exceptions import PermissionDenied

    from smedx_portal.admin_decisions import DecisionAction

    def approve(*, post, actor):
        if post.pk == refused.pk:
            raise PermissionDenied

    refused, accepted = QuestionFactory(), QuestionFactory()
    action = DecisionAction("Duyệt", form_class=forms.Form, service=approve, success="Đã duyệt %(count)s.")
    request = rf.post("/", {"apply": "1"})
    request.user, request.session = staff, {}
    MessageMiddleware(lambda request: None).process_request(request)  # the messages storage, as in a request
    modeladmin = admin.site.get_model_admin(Question)
    assert action(modeladmin, request, Question.objects.filter(pk__in=[refused.pk, accepted.pk])) is None
    texts = [str(message) for message in messages.get_messages(request)]
    assert texts == [f"{refused}: Không được phép.", "Đã duyệt 1."]
