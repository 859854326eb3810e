"""Without JavaScript: follow-up questions are asked on the next render (no error); the review shows answers."""

import pytest
from django.urls import reverse

from tests.assessment.conftest import RDX_BEST

pytestmark = pytest.mark.django_db


def page_url(assessment, page):
    return reverse("assessment:page", kwargs={"pk": assessment.pk, "page": page})


def test_a_follow_up_question_opened_by_an_answer_is_asked_not_flagged(client, owner, draft):
    client.force_login(owner)
    html = client.get(page_url(draft, 1)).content.decode()
    assert (
        'id="q-online-channels" data-question="online-channels" data-show-if="sells-online=yes" hidden'
        in html
    )
    shown = ["online-presence", "sells-online", "customer-data", "loyalty"]
    data = {key: RDX_BEST[1][key] for key in shown} | {"shown": shown, "action": "next"}
    response = client.post(page_url(draft, 1), data)
    assert response.status_code == 200  # the same page again, now asking the follow-ups
    html = response.content.decode()
    assert "mời trả lời thêm các câu hỏi mới bên dưới" in html
    assert "has-error" not in html and "message-error" not in html
    assert 'data-show-if="sells-online=yes" hidden' not in html
    assert '<input type="hidden" name="shown" value="online-channels">' in html
    # answering them moves on
    data = RDX_BEST[1] | {"shown": [*shown, "online-channels", "online-revenue-share"], "action": "next"}
    assert client.post(page_url(draft, 1), data)["Location"] == page_url(draft, 2)


def test_a_question_that_was_on_screen_and_left_empty_is_still_flagged(client, owner, draft):
    client.force_login(owner)
    shown = ["online-presence", "sells-online", "customer-data", "loyalty", "online-channels"]
    data = {"online-presence": "website", "sells-online": "yes", "shown": shown, "action": "next"}
    html = client.post(page_url(draft, 1), data).content.decode()
    assert "Vui lòng kiểm tra các câu được đánh dấu" in html
    assert 'class="question has-error" id="q-customer-data"' in html
    assert 'class="question has-error" id="q-online-channels"' in html


def test_the_review_page_shows_every_answer(client, owner, draft):
    client.force_login(owner)
    for page, data in RDX_BEST.items():
        client.post(page_url(draft, page), {**data, "action": "next"})
    html = client.get(reverse("assessment:review", kwargs={"pk": draft.pk})).content.decode()
    assert "Cửa hàng đang bán qua những kênh trực tuyến nào?" in html
    assert "Mạng xã hội (Facebook, Zalo, TikTok...); Sàn thương mại điện tử (Shopee, Lazada, Tiki...)" in html
    assert "<dd>60 %</dd>" in html
    assert "Chưa trả lời" not in html
