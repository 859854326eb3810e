"""Policy consultations: ministry (or MoIT, for RDX) staff open one on a draft; providers and associations comment
per question; staff answer; the published summary makes it public with the answered comments. Refusals: a
business owner commenting, an empty comment, a second comment on the same question, a comment after closing;
every page for every role."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import Role
from programmes.models import Consultation, PolicyComment
from programmes.services import consultations as services
from smedx_portal.models import AuditEntry
from smedx_portal.programmes import Programme
from tests.factories import UserFactory
from tests.platforms.conftest import pdf_upload
from tests.platforms.factories import ProviderFactory

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def open_consultation(actor, *, programme=Programme.RDX, opens_on=TODAY, closes_on=None, questions=None):
    return services.consultation_open(
        actor=actor,
        programme=programme,
        title="Dự thảo quy chế lựa chọn nền tảng số",
        document=pdf_upload("du-thao.pdf"),
        opens_on=opens_on,
        closes_on=closes_on or TODAY + datetime.timedelta(days=14),
        questions=questions or ["Tiêu chí chấm điểm có phù hợp?", "Thời hạn thỏa thuận 2 năm có hợp lý?"],
    )


@pytest.fixture
def provider():
    return ProviderFactory(name="Công ty Kế toán Việt").owner


@pytest.fixture
def association():
    return UserFactory(role=Role.PARTNER, full_name="Hiệp hội Bán lẻ Việt Nam")


def test_the_whole_consultation_from_the_pages(client, ministry, provider, association, business_user):
    client.force_login(ministry)
    response = client.post(
        reverse("programmes:consultation_create"),
        {
            "programme": "RDX",
            "title": "Dự thảo quy chế lựa chọn nền tảng số",
            "document": pdf_upload("du-thao.pdf"),
            "opens_on": TODAY.isoformat(),
            "closes_on": (TODAY + datetime.timedelta(days=14)).isoformat(),
            "questions": "Tiêu chí chấm điểm có phù hợp?\n\n  Thời hạn thỏa thuận 2 năm có hợp lý?  \n",
        },
    )
    consultation = Consultation.objects.get()
    assert response.status_code == 302 and response.url == consultation.get_absolute_url()
    assert [q.text for q in consultation.questions.all()] == [
        "Tiêu chí chấm điểm có phù hợp?",
        "Thời hạn thỏa thuận 2 năm có hợp lý?",
    ]
    assert AuditEntry.objects.filter(action="consultation.open", actor=ministry).exists()
    first, second = consultation.questions.all()
    url = consultation.get_absolute_url()
    comment_url = reverse("programmes:comment_create", args=[consultation.pk, first.pk])

    # the provider comments in its company's name (prefilled); the association in its own
    client.force_login(provider)
    page = client.get(url).content.decode()
    assert "Công ty Kế toán Việt" in page and "Gửi góp ý" in page
    data = {
        f"q{first.pk}-organisation": "Công ty Kế toán Việt",
        f"q{first.pk}-body": "Nên thêm tiêu chí bảo mật.",
    }
    assert client.post(comment_url, data).status_code == 302
    again = client.post(comment_url, {**data, f"q{first.pk}-body": "Lần hai"})  # double submit
    assert again.status_code == 400 and "Bạn đã góp ý câu hỏi này" in again.content.decode()
    client.force_login(association)
    empty = client.post(
        comment_url, {f"q{first.pk}-organisation": "Hiệp hội Bán lẻ", f"q{first.pk}-body": "  "}
    )
    assert empty.status_code == 400 and "bắt buộc" in empty.content.decode()
    second_url = reverse("programmes:comment_create", args=[consultation.pk, second.pk])
    body = {
        f"q{second.pk}-organisation": "Hiệp hội Bán lẻ Việt Nam",
        f"q{second.pk}-body": "Hai năm là hợp lý.",
    }
    assert client.post(second_url, body).status_code == 302
    client.force_login(business_user)  # a business owner may not comment
    assert client.post(comment_url, data).status_code == 403
    assert PolicyComment.objects.count() == 2

    # nothing is public before the summary
    client.logout()
    assert client.get(url).status_code == 404

    client.force_login(ministry)
    staff_page = client.get(url).content.decode()
    assert "Nên thêm tiêu chí bảo mật." in staff_page and "Hai năm là hợp lý." in staff_page
    answered = PolicyComment.objects.get(question=first)
    response = client.post(
        reverse("programmes:comment_answer", args=[answered.pk]), {"answer": "Đã bổ sung tiêu chí 4.3."}
    )
    assert response.status_code == 302
    empty_answer = client.post(reverse("programmes:comment_answer", args=[answered.pk]), {"answer": ""})
    assert empty_answer.status_code == 302 and PolicyComment.objects.get(pk=answered.pk).answer
    assert (
        client.post(
            reverse("programmes:summary_publish", args=[consultation.pk]), {"summary": ""}
        ).status_code
        == 400
    )
    response = client.post(
        reverse("programmes:summary_publish", args=[consultation.pk]),
        {"summary": "Tiếp thu ý kiến về bảo mật; giữ thời hạn hai năm."},
    )
    assert response.status_code == 302
    consultation.refresh_from_db()
    assert consultation.summary_published_at and consultation.closes_on == TODAY
    assert AuditEntry.objects.filter(action="consultation.publish", actor=ministry).exists()

    # public: the summary and the answered comment, not the unanswered one
    client.logout()
    public = client.get(url).content.decode()
    assert "Tiếp thu ý kiến về bảo mật" in public and "Đã bổ sung tiêu chí 4.3." in public
    assert "Nên thêm tiêu chí bảo mật." in public and "Hai năm là hợp lý." not in public
    assert consultation.title in client.get(reverse("programmes:consultation_list")).content.decode()
    assert client.get(reverse("programmes:consultation_document", args=[consultation.pk])).status_code == 200

    # after publication: no more comments, no more answers
    client.force_login(association)
    late = client.post(comment_url, {f"q{first.pk}-organisation": "Hiệp hội", f"q{first.pk}-body": "Muộn"})
    assert late.status_code == 400 and "đã kết thúc" in late.content.decode()
    with pytest.raises(ValidationError):
        services.comment_answer(actor=ministry, comment=answered, answer="Sửa")


def test_a_comment_after_the_closing_date_or_before_opening_is_refused(ministry, provider):
    consultation = open_consultation(ministry, opens_on=TODAY - datetime.timedelta(days=10), closes_on=TODAY)
    Consultation.objects.filter(pk=consultation.pk).update(closes_on=TODAY - datetime.timedelta(days=1))
    question = consultation.questions.first()
    with pytest.raises(ValidationError, match="đã kết thúc"):
        services.comment_submit(actor=provider, question=question, body="Muộn")
    upcoming = open_consultation(ministry, opens_on=TODAY + datetime.timedelta(days=3))
    with pytest.raises(ValidationError, match="mở từ ngày"):
        services.comment_submit(actor=provider, question=upcoming.questions.first(), body="Sớm")


def test_opening_refuses_bad_dates_no_questions_and_the_wrong_ministry(ministry, moit):
    with pytest.raises(ValidationError) as error:
        open_consultation(ministry, closes_on=TODAY - datetime.timedelta(days=1))
    assert "closes_on" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        open_consultation(ministry, questions=["  ", ""])
    assert "questions" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        open_consultation(moit, programme=Programme.SMEDX)  # MoIT runs RDX only
    assert open_consultation(moit).programme == Programme.RDX


def test_who_sees_which_comment(ministry, moit, provider, association):
    consultation = open_consultation(ministry)
    question = consultation.questions.first()
    mine = services.comment_submit(actor=provider, question=question, body="Ý kiến A")
    theirs = services.comment_submit(actor=association, question=question, body="Ý kiến B")
    assert mine.organisation == "Công ty Kế toán Việt" and theirs.organisation == "Hiệp hội Bán lẻ Việt Nam"
    assert list(services.visible_comments(provider, consultation)) == [mine]
    assert set(services.visible_comments(moit, consultation)) == {mine, theirs}
    assert not services.visible_comments(UserFactory(), consultation).exists()


ROLES = ("anonymous", "business", "provider", "partner", "officer", "ministry", "moit")


@pytest.fixture
def world(ministry, moit, provider, association, business_user, hcmc_officer):
    rdx = open_consultation(ministry)
    smedx = open_consultation(ministry, programme=Programme.SMEDX)
    published = open_consultation(ministry, programme=Programme.SMEDX)
    services.summary_publish(actor=ministry, consultation=published, summary="Tổng hợp")
    comment = services.comment_submit(actor=provider, question=rdx.questions.first(), body="Ý kiến")
    users = dict(
        zip(ROLES, (None, business_user, provider, association, hcmc_officer, ministry, moit), strict=True)
    )
    return users, {"rdx": rdx.pk, "smedx": smedx.pk, "published": published.pk, "comment": comment.pk}


def _row(*codes: int) -> dict[str, int]:
    return dict(zip(ROLES, codes, strict=True))


#          anon business provider partner officer ministry moit
GET_CASES = [
    ("programmes:consultation_list", (), _row(200, 200, 200, 200, 200, 200, 200)),
    ("programmes:consultation_create", (), _row(302, 403, 403, 403, 403, 200, 200)),
    ("programmes:consultation_detail", ("rdx",), _row(404, 404, 200, 200, 404, 200, 200)),
    ("programmes:consultation_detail", ("smedx",), _row(404, 404, 200, 200, 404, 200, 404)),
    ("programmes:consultation_detail", ("published",), _row(200, 200, 200, 200, 200, 200, 200)),
    ("programmes:consultation_document", ("rdx",), _row(404, 404, 200, 200, 404, 200, 200)),
]


@pytest.mark.parametrize(("name", "args", "expected"), GET_CASES, ids=[f"{c[0]}{c[1]}" for c in GET_CASES])
def test_role_by_url(client, world, name, args, expected):
    users, objects = world
    url = reverse(name, args=[objects.get(arg, arg) for arg in args])
    for role in ROLES:
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        status = client.get(url).status_code
        assert status == expected[role], f"{role} on {url}: {status}, expected {expected[role]}"


def test_role_by_action(client, world):
    """POST actions: only commenters comment; only the programme's staff answer and publish."""
    users, objects = world
    rdx = Consultation.objects.get(pk=objects["rdx"])
    question = rdx.questions.last()
    cases = [
        (
            reverse("programmes:comment_create", args=[rdx.pk, question.pk]),
            {f"q{question.pk}-organisation": "Đơn vị", f"q{question.pk}-body": "Ý kiến"},
            _row(302, 403, 302, 302, 403, 403, 403),
        ),
        (
            reverse("programmes:comment_answer", args=[objects["comment"]]),
            {"answer": "Trả lời"},
            _row(302, 403, 403, 403, 403, 302, 302),
        ),
    ]
    for url, data, expected in cases:
        for role in ROLES:
            client.logout()
            if users[role] is not None:
                client.force_login(users[role])
            status = client.post(url, data).status_code
            assert status == expected[role], f"{role} on {url}: {status}, expected {expected[role]}"
    publish = reverse("programmes:summary_publish", args=[objects["smedx"]])
    # MoIT: 403, as the ministry has just published it (public now)
    for role, expected in _row(302, 404, 403, 403, 404, 302, 403).items():
        client.logout()
        if users[role] is not None:
            client.force_login(users[role])
        status = client.post(publish, {"summary": "Tổng hợp"}).status_code
        assert status == expected, f"{role} on {publish}: {status}, expected {expected}"


def test_admin_reads_consultations_for_ministry_staff_only(client, world, ministry, moit, hcmc_officer):
    """Read-only in the admin (state changes go through the pages); the admin site is national: MoIT staff and
    officers given admin access see none."""
    users, objects = world
    changelist = reverse("admin:programmes_consultation_changelist")
    for user in (ministry, moit, hcmc_officer):
        user.is_staff = True
        user.save()
    client.force_login(ministry)
    body = client.get(changelist).content.decode()
    for key in ("rdx", "smedx", "published"):
        assert reverse("admin:programmes_consultation_change", args=[objects[key]]) in body
    assert client.get(reverse("admin:programmes_consultation_add")).status_code == 403
    for user in (moit, hcmc_officer):
        client.force_login(user)
        body = client.get(changelist).content.decode()
        assert reverse("admin:programmes_consultation_change", args=[objects["rdx"]]) not in body
