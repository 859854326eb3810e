"""`iso_date`: dates kept as ISO text (the personal-data export) shown as dd/mm/yyyy in Vietnam time."""

from smedx_portal.templatetags.portal_tags import iso_date


def test_an_aware_time_is_shown_as_the_day_in_vietnam():
    assert iso_date("2026-12-21T18:30:00+00:00") == "22/12/2026"  # 01:30 on the 22nd in Hà Nội


def test_a_date_and_a_naive_time_keep_their_day():
    assert iso_date("2026-12-05") == "05/12/2026"
    assert iso_date("2026-12-05T23:59:00") == "05/12/2026"


def test_anything_else_is_shown_as_is():
    assert iso_date("") == ""
    assert iso_date(None) == ""
    assert iso_date("không rõ") == "không rõ"
