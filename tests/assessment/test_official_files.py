"""The official criteria files: each names its legal source and its provisional values; bad files are refused
with the file, the line and the reason, and a bad file among good ones loads nothing."""

import textwrap

import pytest
from django.core.management import CommandError, call_command

from assessment.criteria_files import (
    CRITERIA_DIR,
    CriteriaFileError,
    Known,
    parse_criteria,
    read_criteria_file,
)
from assessment.models import CriteriaSet

TOOLS = textwrap.dedent(
    """\
    programme: RDX
    version: 9
    title: Bộ công cụ thử
    source: {decision: "Quyết định 1459/QĐ-BTTTT", date: 28/08/2024, annex: "Mục II.1"}
    provisional:
      - {what: "Ngưỡng", why: "Chưa có văn bản"}
    links:
      - {code: none, label: Không, points: 0}
      - {code: auto, label: Tự động, points: 2}
    levels:
      tang_truong: {threshold: 40}
      dot_pha: {threshold: 70}
    pillars:
      - code: p1
        name: Bán hàng
        questions:
          - code: stock
            type: tools
            text: Theo dõi hàng bằng gì?
            groups: [rdx-inventory]
            options:
              - {code: paper, label: Sổ tay, points: 0, exclusive: true}
              - {code: app, label: Phần mềm, points: 2, groups: [rdx-inventory]}
          - code: follow
            type: single
            text: Câu tiếp
            show_if: stock=app
            options:
              - {code: a, label: A, points: 0}
              - {code: b, label: B, points: 1}
    """
)
KNOWN = Known(group_programmes={"rdx-inventory": "RDX", "smedx-hr": "SMEDX"})


def parse(text: str):
    return parse_criteria(text, source="thu.yaml", known=KNOWN)


def test_a_tools_question_gets_the_links_and_the_file_its_source():
    spec = parse(TOOLS)
    question = spec.pillars[0].questions[0]
    assert [(o.code, o.role) for o in question.options] == [
        ("paper", "answer"),
        ("app", "answer"),
        ("link-none", "link"),
        ("link-auto", "link"),
    ]
    assert (spec.source_decision, spec.source_date.isoformat(), spec.source_annex) == (
        "Quyết định 1459/QĐ-BTTTT",
        "2024-08-28",
        "Mục II.1",
    )
    assert spec.provisional == [{"what": "Ngưỡng", "why": "Chưa có văn bản"}]


@pytest.mark.parametrize(
    "broken, line, words",
    [
        (
            TOOLS.replace(
                'source: {decision: "Quyết định 1459/QĐ-BTTTT", date: 28/08/2024, annex: "Mục II.1"}\n', ""
            ),
            1,
            "thiếu 'source'",
        ),
        (TOOLS.replace(', annex: "Mục II.1"', ""), 4, "'annex'"),
        (TOOLS.replace("code: follow", "code: stock"), 24, "mã câu hỏi 'stock' bị lặp lại"),
        (
            TOOLS.replace(
                "{code: app, label: Phần mềm, points: 2", "{code: paper, label: Phần mềm, points: 2"
            ),
            23,
            "mã lựa chọn 'paper' bị lặp lại",
        ),
        (TOOLS.replace("{code: b, label: B, points: 1}", "{code: b, label: B}"), 30, "'points'"),
        (TOOLS.replace("threshold: 70", "threshold: 120"), 12, "không được lớn hơn 100"),
        (TOOLS.replace("show_if: stock=app", "show_if: khong-co=app"), 27, "không có câu 'khong-co'"),
        (
            TOOLS.replace("groups: [rdx-inventory]}", "groups: [rdx-kho-bai]}"),
            23,
            "'rdx-kho-bai' không có trong danh mục",
        ),
        (
            TOOLS.replace("groups: [rdx-inventory]}", "groups: [smedx-hr]}"),
            23,
            "thuộc danh mục của chương trình SMEDX",
        ),
        (
            TOOLS.replace(
                "links:\n  - {code: none, label: Không, points: 0}\n  - {code: auto, label: Tự động, points: 2}\n",
                "",
            ),
            14,
            "cần danh sách 'links'",
        ),
    ],
    ids=[
        "missing-source",
        "source-without-annex",
        "duplicate-question",
        "duplicate-option",
        "option-without-points",
        "threshold-out-of-range",
        "follow-up-unknown",
        "tool-unknown-group",
        "tool-other-programme",
        "tools-without-links",
    ],
)
def test_bad_files_are_refused_with_file_line_and_reason(broken, line, words):
    with pytest.raises(CriteriaFileError) as error:
        parse(broken)
    message = str(error.value)
    assert message.startswith(f"thu.yaml, dòng {line}:"), message
    assert words in message, message


def test_a_scale_bound_outside_the_points_is_refused():
    text = (CRITERIA_DIR / "smedx-dbi-2021.yaml").read_text(encoding="utf-8")
    broken = text.replace("above: 256", "above: 400")
    with pytest.raises(CriteriaFileError, match=r"dòng \d+: .*'above' không được lớn hơn 320"):
        parse_criteria(broken, source="dbi.yaml")


@pytest.mark.django_db
def test_a_bad_file_among_good_ones_loads_nothing(tmp_path):
    bad = tmp_path / "hong.yaml"
    bad.write_text(TOOLS.replace("groups: [rdx-inventory]}", "groups: [rdx-kho-bai]}"), encoding="utf-8")
    with pytest.raises(CommandError, match=r"hong.yaml, dòng 23: .*'rdx-kho-bai'"):
        call_command("load_criteria", str(CRITERIA_DIR / "rdx-stores-1459.yaml"), str(bad))
    assert not CriteriaSet.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["smedx-1567-2025.yaml", "smedx-dbi-2021.yaml", "rdx-stores-1459.yaml"])
def test_official_files_name_their_source_and_provisional_values(name):
    from assessment.management.commands.load_criteria import known_references

    spec = read_criteria_file(CRITERIA_DIR / name, known=known_references())
    assert spec.source_decision and spec.source_date and spec.source_annex
    assert spec.provisional and all(item["why"] for item in spec.provisional)
    assert not spec.is_trial
