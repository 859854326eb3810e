"""Criteria files: the bundled sets are valid, and a malformed file gives a clear error naming the line."""

import textwrap
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from assessment.criteria_files import (
    CRITERIA_DIR,
    CriteriaFileError,
    bundled_criteria_files,
    parse_criteria,
    read_criteria_file,
)
from assessment.models import CriteriaSet, CriteriaSetStatus, Option, Question
from businesses.models import Sector

VALID = textwrap.dedent(
    """\
    programme: RDX
    version: 7
    title: Bộ thử
    levels:
      tang_truong: {threshold: 40, pillar_minimum: 20}
      dot_pha: {threshold: 70, pillar_minimum: 40}
    pillars:
      - code: p1
        name: Trụ cột một
        weight: 2
        questions:
          - code: q1
            type: single
            text: Câu một
            options:
              - {code: a, label: A, points: 0}
              - {code: b, label: B, points: 2}
          - code: q2
            type: number
            text: Câu hai
            show_if: q1=b
            number: {min: 0, max: 100}
            options:
              - {code: low, from: 0, points: 0}
              - {code: high, from: 50, points: 1}
    source: {decision: "Quyết định thử", date: 01/01/2025, annex: "Phụ lục 1"}
    """
)


def parse(text: str, **kwargs):
    return parse_criteria(text, source="thu.yaml", **kwargs)


def test_valid_file_parses_with_decimals_and_skip_logic():
    spec = parse(VALID)
    assert (spec.programme, spec.version, str(spec.growth_threshold)) == ("RDX", 7, "40")
    q1, q2 = spec.pillars[0].questions
    assert q2.show_if == ("q1", "b")
    assert [str(o.min_value) for o in q2.options] == ["0", "50"]
    assert str(spec.pillars[0].weight) == "2"


@pytest.mark.django_db
@pytest.mark.parametrize("path", bundled_criteria_files(), ids=lambda p: p.name)
def test_bundled_files_are_valid_against_the_sector_table(path):
    sectors = set(Sector.objects.values_list("code", flat=True))
    spec = read_criteria_file(path, sector_codes=sectors)
    assert spec.pillars and all(pillar.questions for pillar in spec.pillars)


def test_bundled_sets_cover_the_issue_and_use_the_shared_pillar_codes():
    from smedx_portal.taxonomy import PILLARS

    rdx = read_criteria_file(CRITERIA_DIR / "rdx.yaml")
    smedx = read_criteria_file(CRITERIA_DIR / "smedx.yaml")
    assert [p.code for p in rdx.pillars] == [
        "rdx-customers-sales",
        "rdx-operations",
        "rdx-management-people",
        "rdx-technology-data",
    ]
    assert len(smedx.pillars) == 6 and all(p.code.startswith("dbi-") for p in smedx.pillars)
    assert all(p.code in PILLARS for p in rdx.pillars + smedx.pillars)
    codes = {q.code for q in rdx.questions()}
    # online presence, e-commerce/social, customer data, loyalty; POS, inventory, e-invoice, cashless, delivery;
    # bookkeeping, skills of owner and staff, strategy; devices, connectivity, cloud, backup, cyber safety
    assert {
        "online-presence", "online-channels", "customer-data", "loyalty", "pos", "inventory", "e-invoice",
        "cashless", "delivery", "bookkeeping", "owner-skills", "staff-skills", "strategy", "devices",
        "connectivity", "cloud", "backup", "cyber-safety",
    } <= codes  # fmt: skip
    for question in list(rdx.questions()) + list(smedx.questions()):
        assert question.text_en, question.code
        assert all(option.label_en for option in question.options), question.code
    # questions only for some kinds or sectors, and skip logic, in both sets
    assert any(q.applies_to_sectors for q in rdx.questions()) and any(q.show_if for q in rdx.questions())
    assert any(q.applies_to_kinds for q in smedx.questions()) and any(q.show_if for q in smedx.questions())


@pytest.mark.parametrize(
    "broken, line, words",
    [
        # YAML syntax: an unquoted ": " inside a value
        (VALID.replace("text: Câu một", "text: Câu một: sai"), 14, "cú pháp YAML"),
        # a misspelt key
        (VALID.replace("weight: 2", "wieght: 2"), 10, "'wieght'"),
        # a value of the wrong type
        (VALID.replace("weight: 2", "weight: nhiều"), 10, "'weight' phải là một số"),
        # an unknown question type
        (VALID.replace("type: single", "type: dropdown"), 13, "loại 'dropdown'"),
        # skip logic to an option that does not exist
        (VALID.replace("show_if: q1=b", "show_if: q1=z"), 21, "không có lựa chọn 'z'"),
        # skip logic to a question that is not before
        (VALID.replace("show_if: q1=b", "show_if: q9=b"), 21, "câu hỏi đứng trước"),
        # a duplicated key
        (VALID.replace("    weight: 2\n", "    weight: 2\n    weight: 3\n"), 11, "bị lặp lại"),
        # the breakthrough threshold must be above the growth one
        (VALID.replace("threshold: 70", "threshold: 30"), 6, "ngưỡng Đột phá"),
        # options without points
        (VALID.replace("{code: b, label: B, points: 2}", "{code: b, label: B}"), 17, "'points'"),
        # a catalogue group code of no programme
        (VALID.replace("text: Câu một", "text: Câu một\n        groups: [pos]"), 15, "mã 'pos'"),
        # number bands must increase
        (VALID.replace("from: 50", "from: 0"), 24, "tăng dần"),
        # a missing required field
        (VALID.replace("title: Bộ thử\n", ""), 1, "'title'"),
    ],
    ids=[
        "syntax",
        "unknown-key",
        "not-a-number",
        "bad-type",
        "show-if-option",
        "show-if-later",
        "duplicate-key",
        "thresholds",
        "no-points",
        "group-code",
        "bands",
        "missing",
    ],
)
def test_malformed_file_names_the_line(broken, line, words):
    with pytest.raises(CriteriaFileError) as error:
        parse(broken)
    message = str(error.value)
    assert message.startswith(f"thu.yaml, dòng {line}:"), message
    assert words in message


def test_unknown_sector_is_reported_at_its_line():
    text = VALID.replace("text: Câu một", "text: Câu một\n        applies_to: {sectors: [tap-hoa, khong-co]}")
    with pytest.raises(CriteriaFileError, match=r"dòng 15: .*'khong-co'"):
        parse(text, sector_codes={"tap-hoa"})


def test_missing_and_non_utf8_files(tmp_path):
    with pytest.raises(CriteriaFileError, match="không tìm thấy"):
        read_criteria_file(tmp_path / "khong-co.yaml")
    path = tmp_path / "latin.yaml"
    path.write_bytes("title: Bộ".encode("utf-16"))
    with pytest.raises(CriteriaFileError, match="UTF-8"):
        read_criteria_file(path)


@pytest.mark.django_db
def test_command_loads_drafts_keeps_invented_sets_retired_and_is_idempotent():
    out = StringIO()
    call_command("load_criteria", stdout=out)
    statuses = {
        row.source_file: row.status for row in CriteriaSet.objects.all()
    }  # the files carry no approvals: nothing is published by loading
    assert statuses == {
        "rdx.yaml": CriteriaSetStatus.RETIRED,
        "smedx.yaml": CriteriaSetStatus.RETIRED,
        "rdx-stores-1459.yaml": CriteriaSetStatus.DRAFT,
        "smedx-1567-2025.yaml": CriteriaSetStatus.DRAFT,
        "smedx-dbi-2021.yaml": CriteriaSetStatus.DRAFT,
    }
    rdx = CriteriaSet.objects.get(programme="RDX", version=1)
    assert rdx.is_trial and rdx.pillars.count() == 4
    questions = Question.objects.filter(pillar__criteria_set=rdx)
    assert questions.count() == 24
    staff = questions.get(code="staff-skills")
    assert staff.show_if == Option.objects.get(
        question__code="has-staff", question__pillar__criteria_set=rdx, code="yes"
    )
    again = StringIO()
    call_command("load_criteria", stdout=again)
    assert "Đã thay thế, giữ nguyên" in again.getvalue()
    assert CriteriaSet.objects.count() == 5


@pytest.mark.django_db
def test_command_reports_the_file_and_line(tmp_path):
    path = tmp_path / "hong.yaml"
    path.write_text(VALID.replace("weight: 2", "weight: hai"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"hong.yaml, dòng 10: .*'weight'"):
        call_command("load_criteria", str(path))
    assert not CriteriaSet.objects.exists()


@pytest.mark.django_db
def test_command_check_writes_nothing():
    out = StringIO()
    call_command("load_criteria", "--check", stdout=out)
    assert "hợp lệ" in out.getvalue()
    assert not CriteriaSet.objects.exists()
