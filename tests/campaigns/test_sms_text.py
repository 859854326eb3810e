"""Part counting for both encodings, the [QC] prefix, sending without diacritics, the refusal link."""

import pytest
from django.test import override_settings

from campaigns.sms_text import (
    PROMO_PREFIX,
    SAMPLE_PHONE,
    footer,
    optout_token,
    phone_from_optout_token,
    preview,
    render_message,
)
from smedx_portal.sms.encoding import measure


@pytest.mark.parametrize(
    ("text", "encoding", "units", "parts"),
    [
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),  # 153 per part once split
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("[" * 80, "GSM-7", 160, 1),  # extension characters cost two septets
        ("[" * 81, "GSM-7", 162, 2),
        ("ư" * 70, "UCS-2", 70, 1),
        ("ư" * 71, "UCS-2", 71, 2),  # 67 per part once split
        ("ư" * 134, "UCS-2", 134, 2),
        ("ư" * 135, "UCS-2", 135, 3),
        ("Chuyển đổi số", "UCS-2", 13, 1),
        ("", "GSM-7", 0, 0),
    ],
)
def test_parts_for_both_encodings(text, encoding, units, parts):
    length = measure(text)
    assert (length.encoding, length.units, length.parts) == (encoding, units, parts)


def test_one_diacritic_turns_the_whole_message_into_ucs2():
    plain = "Moi tham gia khao sat chuyen doi so " * 4  # 144 characters: one GSM-7 part
    assert measure(plain).parts == 1
    assert measure(plain + "đ").encoding == "UCS-2"
    assert measure(plain + "đ").parts == 3


@override_settings(PORTAL_BASE_URL="https://smedx.gov.vn", CAMPAIGN_OPTOUT_SHORTCODE="")
def test_promotional_messages_carry_the_prefix_and_every_message_a_refusal_link():
    text = render_message(
        text="Ưu đãi 50% phần mềm bán hàng", promotional=True, strip_accents=False, phone="+84912345678"
    )
    first, last = text.split("\n")
    assert first == PROMO_PREFIX + "Ưu đãi 50% phần mềm bán hàng"
    assert last.startswith("Từ chối nhận tin: smedx.gov.vn/tc/")
    assert last.endswith(optout_token("+84912345678") + "/")
    info = render_message(
        text="Thông tin Chương trình", promotional=False, strip_accents=False, phone="+84912345678"
    )
    assert not info.startswith("[QC]")


@override_settings(PORTAL_BASE_URL="https://smedx.gov.vn", CAMPAIGN_OPTOUT_SHORTCODE="8079")
def test_the_reply_keyword_is_mentioned_when_the_shortcode_is_set():
    assert footer("+84912345678").startswith("Từ chối: soạn TC gửi 8079 hoặc smedx.gov.vn/tc/")


@override_settings(PORTAL_BASE_URL="https://smedx.gov.vn", CAMPAIGN_OPTOUT_SHORTCODE="")
def test_sending_without_diacritics_goes_as_gsm7_with_fewer_parts():
    body = "Mời doanh nghiệp tham gia khảo sát mức độ chuyển đổi số trước ngày 30/11 tại Cổng thông tin"
    with_accents, length = preview(text=body, promotional=True, strip_accents=False)
    without, plain_length = preview(text=body, promotional=True, strip_accents=True)
    assert length.encoding == "UCS-2" and plain_length.encoding == "GSM-7"
    assert without.startswith("[QC] Moi doanh nghiep tham gia khao sat muc do chuyen doi so")
    assert "Tu choi nhan tin" in without
    assert plain_length.parts < length.parts
    assert (length.units, length.parts) == (len(with_accents), 3)


def test_all_links_have_the_same_length_so_the_preview_counts_right():
    assert (
        len(optout_token(SAMPLE_PHONE))
        == len(optout_token("+84987654321"))
        == len(optout_token("+84312345678"))
    )


def test_refusal_tokens_round_trip_and_resist_tampering():
    token = optout_token("+84912345678")
    assert phone_from_optout_token(token) == "+84912345678"
    value, signature = token.split(".")
    assert phone_from_optout_token(f"{value}.{signature[:-1]}x") is None
    assert phone_from_optout_token(optout_token("+84987654321").split(".")[0] + "." + signature) is None
    assert phone_from_optout_token("garbage") is None
    assert phone_from_optout_token("") is None


@pytest.mark.django_db
@pytest.mark.parametrize("strip_accents", [False, True])
@pytest.mark.parametrize("shortcode", ["", "8079"])
def test_the_per_campaign_template_renders_exactly_like_the_full_rendering(
    settings, strip_accents, shortcode
):
    from campaigns.sms_text import MessageTemplate, render_for
    from tests.campaigns.factories import make_campaign

    settings.CAMPAIGN_OPTOUT_SHORTCODE = shortcode
    campaign = make_campaign(
        kind="promo", text="Ưu đãi 6 tháng miễn phí\nphần mềm bán hàng", strip_accents=strip_accents
    )
    template = MessageTemplate(campaign)
    for phone in ("+84912345678", "+84387654321", "+84700000001"):
        assert template.for_phone(phone) == render_for(campaign, phone)
