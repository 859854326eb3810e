"""Dates are typed and shown dd/mm/yyyy everywhere; ISO is still accepted."""

from __future__ import annotations

import datetime
import re
from pathlib import Path

import pytest
from django import forms
from django.utils import timezone, translation

from campaigns.forms import ScheduleForm
from campaigns.proposal_forms import EventProposalForm
from campaigns.views.honours import ProposeForm
from platforms.forms import OfferForm
from platforms.partnership_forms import AgreementRenewForm, TrialAcceptForm
from platforms.review_forms import CycleForm
from privacy.forms import IncidentForm
from reports.forms import ReportRequestForm
from smedx_portal.forms import DateField, DateTimeField, parse_date

ROOT = Path(__file__).resolve().parents[2]


class OneDate(forms.Form):
    day = DateField(label="Ngày")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_dd_mm_yyyy_accepted_and_shown_back_the_same_way(language):
    with translation.override(language):
        form = OneDate({"day": "06/12/2026"})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["day"] == datetime.date(2026, 12, 6)
        assert 'value="06/12/2026"' in str(form["day"])
        assert 'value="06/12/2026"' in str(OneDate(initial={"day": datetime.date(2026, 12, 6)})["day"])


def test_iso_still_accepted():
    form = OneDate({"day": "2026-12-06"})
    assert form.is_valid()
    assert form.cleaned_data["day"] == datetime.date(2026, 12, 6)


def test_a_wrong_date_says_how_to_write_it_in_vietnamese():
    with translation.override("vi"):
        form = OneDate({"day": "12/31/2026"})
        assert not form.is_valid()
        assert form.errors["day"] == ["Nhập ngày theo dạng ngày/tháng/năm, ví dụ 06/12/2026."]


def test_parse_date():
    assert parse_date(" 06/12/2026 ") == datetime.date(2026, 12, 6)
    assert parse_date("06-12-2026") == parse_date("2026-12-06") == datetime.date(2026, 12, 6)
    assert parse_date("15/01") is None and parse_date("") is None


@pytest.mark.parametrize(
    ("form_class", "name"),
    [
        (ReportRequestForm, "period_from"),
        (TrialAcceptForm, "setup_due"),
        (AgreementRenewForm, "ends_on"),
        (OfferForm, "valid_from"),
        (ProposeForm, "day"),
        (CycleForm, "period_start"),
    ],
)
def test_the_portal_forms_use_the_shared_date_field(form_class, name):
    field = form_class.base_fields[name]
    assert isinstance(field, DateField)
    assert field.clean("06/12/2026") == datetime.date(2026, 12, 6)
    html = field.widget.render(name, datetime.date(2026, 12, 6))
    assert 'value="06/12/2026"' in html and 'type="text"' in html


PRODUCT_FOLDERS = (
    "templates",
    "accounts",
    "assessment",
    "businesses",
    "campaigns",
    "experts",
    "platforms",
    "privacy",
    "programmes",
    "reports",
    "smedx_portal",
)


def files_matching(pattern: re.Pattern) -> list[str]:
    """The product's templates and modules in which `pattern` occurs."""
    return [
        str(path.relative_to(ROOT))
        for folder in PRODUCT_FOLDERS
        for path in (ROOT / folder).rglob("*")
        if path.suffix in (".html", ".py") and pattern.search(path.read_text(encoding="utf-8"))
    ]


def test_no_browser_date_picker_left():
    """`<input type="date">` shows the browser's order (mm/dd/yyyy in English) and sends ISO: none left."""
    pattern = re.compile(
        r"""type=["']date["']|["']type["']\s*:\s*["']date["']|input_type\s*=\s*["']date["']"""
    )
    assert files_matching(pattern) == []


class OneMoment(forms.Form):
    at = DateTimeField(label="Lúc")


@pytest.mark.parametrize(
    "typed", ["06/12/2026 09:30", "06-12-2026 09:30", "2026-12-06T09:30", "2026-12-06 09:30"]
)
def test_a_moment_typed_the_vietnamese_way_or_iso(typed):
    form = OneMoment({"at": typed})
    assert form.is_valid(), form.errors
    local = timezone.localtime(form.cleaned_data["at"])
    assert (local.date(), local.hour, local.minute) == (datetime.date(2026, 12, 6), 9, 30)
    assert 'value="06/12/2026 09:30"' in str(OneMoment(initial={"at": form.cleaned_data["at"]})["at"])


def test_a_wrong_moment_says_how_to_write_it():
    with translation.override("vi"):
        form = OneMoment({"at": "12/31/2026 9h"})
        assert not form.is_valid()
        assert form.errors["at"] == [
            "Nhập ngày giờ theo dạng ngày/tháng/năm giờ:phút, ví dụ 06/12/2026 09:30."
        ]


@pytest.mark.parametrize(
    ("form_class", "name"),
    [
        (EventProposalForm, "starts_at"),
        (EventProposalForm, "ends_at"),
        (ScheduleForm, "when"),
        (IncidentForm, "found_at"),
    ],
)
def test_the_portal_forms_use_the_shared_moment_field(form_class, name):
    field = form_class.base_fields[name]
    assert isinstance(field, DateTimeField)
    html = field.widget.render(name, timezone.make_aware(datetime.datetime(2026, 12, 6, 9, 30)))
    assert 'value="06/12/2026 09:30"' in html and 'type="text"' in html


def test_no_browser_datetime_picker_left():
    pattern = re.compile(r"""datetime-local""")
    assert files_matching(pattern) == []
