"""Reading and validating criteria files (YAML) into plain data, with the line of every error.

A file is checked completely before anything touches the database; the first problem is raised as
`CriteriaFileError("rdx.yaml, dòng 42: ...")` (see `assessment/criteria_yaml.py`).

Format (full examples: `assessment/criteria/smedx-1567-2025.yaml`, `smedx-dbi-2021.yaml`, `rdx-stores-1459.yaml`):

    programme: RDX            # SMEDX or RDX
    version: 2
    title: ...                # title_en, description, description_en optional
    source: {decision: "Quyết định 1459/QĐ-BTTTT", date: 28/08/2024, annex: "Mục II.1", note: ...}
    provisional:              # every value the sources do not confirm, and why (shown on the pages)
      - {what: "Ngưỡng các cấp độ", why: "..."}
    changes: [...]            # what changed from the previous version
    trial: true               # a set invented by this portal ("bộ tiêu chí thử nghiệm của cổng")
    legacy: true              # an older official version kept for comparison (never a new survey)
    retired: "reason"         # no longer used: loaded (or kept) as retired, its results keep it
    scoring: weighted         # weighted (0–100) | points (the version's own points, e.g. DBI /320)
    levels:                   # weighted: the programme's levels by total (0–100) and pillar minimum
      tang_truong: {threshold: 40, pillar_minimum: 20}
      dot_pha: {threshold: 70, pillar_minimum: 40}
    scale:                    # points: the version's own scale and its mapping to the programme's words
      name: Mức DBI
      pillar_bands: [10, 20, 40, 60, 80]        # a pillar is at level n when its % exceeds band n
      levels: [{value: 1, label: Khởi động, above: 20, pillars: 4, programme_level: san_sang}, ...]
    links:                    # how tools exchange data; asked with every `tools` question
      - {code: none, label: ..., points: 0}
    option_sets: {dbi05: [{code: m0, label: ..., points: 0}, ...]}   # `options: dbi05` in a question
    compare:                  # questions that ask the same thing in another version
      - {programme: SMEDX, version: 2, questions: {own-code: other-code}}
    pillars:
      - code: rdx-operations  # weight, name, name_en, description, minimums, applies_to, sub_indices
        questions:
          - code: pos
            type: tools       # single | multiple | yes_no | number | scale | tools
            text: ...
            groups: [rdx-pos]                  # catalogue category groups (must exist, same programme)
            applies_to: {kinds: [household], sectors: [duoc-pham]}
            show_if: other-question=option-code
            options:
              - {code: paper, label: ..., points: 0}
              - {code: pos-app, label: ..., points: 2, groups: [rdx-pos]}
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

from assessment.criteria_head import (
    parse_compare,
    parse_levels,
    parse_links,
    parse_option_sets,
    parse_scale,
    parse_source,
    read_strings,
)
from assessment.criteria_specs import CriteriaSpec, Known, OptionSpec, PillarSpec, QuestionSpec
from assessment.criteria_yaml import CriteriaFileError, LineSeq, Reader, load_yaml
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme

__all__ = [
    "CRITERIA_DIR",
    "CriteriaFileError",
    "CriteriaSpec",
    "Known",
    "parse_criteria",
    "read_criteria_file",
]

CRITERIA_DIR = Path(__file__).resolve().parent / "criteria"

QUESTION_TYPES = {"single", "multiple", "yes_no", "number", "scale", "tools"}
CHOICE_QUESTION_TYPES = QUESTION_TYPES - {"number"}
BUSINESS_KINDS = {"enterprise", "cooperative", "household", "retail_store"}
GROUP_CODE_RE = re.compile(r"^(smedx|rdx)-[a-z0-9]+(?:-[a-z0-9]+)*$")
HUNDRED = Decimal("100")
ZERO = Decimal("0")
SCORINGS = {"weighted", "points"}


# --- the file's head: source, lifecycle marks, levels or scale ---------------------------------------


def parse_criteria(
    text: str, *, source: str = "", sector_codes: set[str] | None = None, known: Known | None = None
) -> CriteriaSpec:
    """Parse and validate a criteria file's text against what the database knows (`known`)."""
    known = known or Known(sector_codes=sector_codes)
    root = Reader(source, load_yaml(text, source), "bộ tiêu chí", 1)

    programme = root.text("programme", required=True)
    if programme not in Programme.values:
        root.fail(root.line_of("programme"), f"chương trình '{programme}' không tồn tại (SMEDX hoặc RDX)")
    version = root.raw("version", required=True)
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        root.fail(root.line_of("version"), "'version' phải là số nguyên dương")
    spec = CriteriaSpec(
        programme=programme,
        version=version,
        title=root.text("title", required=True),
        title_en=root.text("title_en"),
        description=root.text("description"),
        description_en=root.text("description_en"),
        source=source,
        is_trial=root.boolean("trial", False),
        is_legacy=root.boolean("legacy", False),
        retired=root.text("retired"),
        scoring=root.text("scoring", default="weighted"),
    )
    if spec.scoring not in SCORINGS:
        root.fail(root.line_of("scoring"), f"'scoring' là một trong: {', '.join(sorted(SCORINGS))}")
    parse_source(root, spec)
    spec.changes = read_strings(root, "changes")
    links = parse_links(root)
    option_sets = parse_option_sets(root)

    questions_seen: dict[str, QuestionSpec] = {}
    context = {
        "known": known,
        "links": links,
        "option_sets": option_sets,
        "programme": programme,
        "pillar_codes": set(),
    }
    pillars = root.sequence("pillars", required=True)
    for index, pillar_data in enumerate(pillars):
        spec.pillars.append(
            _parse_pillar(root, pillar_data, pillars.item_lines[index], questions_seen, context)
        )

    if spec.scoring == "points":
        parse_scale(root, spec)
    else:
        parse_levels(root, spec)
    spec.comparisons = parse_compare(root, questions_seen)
    root.done()
    return spec


# --- pillars, questions, options ---------------------------------------------------------------------


def _parse_pillar(root: Reader, data, line: int, questions_seen: dict, context: dict) -> PillarSpec:
    reader = Reader(root.source, data, "trụ cột", line)
    code = reader.code()
    reader.where = f"trụ cột '{code}'"
    if code in context["pillar_codes"]:
        reader.fail(reader.line_of("code"), f"mã trụ cột '{code}' bị lặp lại")
    context["pillar_codes"].add(code)
    pillar = PillarSpec(
        code=code,
        name=reader.text("name", required=True),
        name_en=reader.text("name_en"),
        description=reader.text("description"),
        description_en=reader.text("description_en"),
        weight=reader.decimal("weight", default=Decimal("1"), positive=True, maximum=Decimal("1000")),
    )
    minimums = reader.mapping_of("minimums", f"trụ cột '{code}'.minimums")
    if minimums is not None:
        pillar.growth_minimum = minimums.decimal(str(Level.GROWTH), minimum=ZERO, maximum=HUNDRED)
        pillar.breakthrough_minimum = minimums.decimal(str(Level.BREAKTHROUGH), minimum=ZERO, maximum=HUNDRED)
        minimums.done()
    sub_items = reader.sequence("sub_indices")
    for index, item in enumerate(sub_items):
        sub = Reader(root.source, item, f"trụ cột '{code}'.sub_indices", sub_items.item_lines[index])
        pillar.sub_indices.append({"code": sub.code(), "name": sub.text("name", required=True)})
        sub.done()
    defaults = _parse_applies(reader, context["known"])
    questions = reader.sequence("questions", required=True)
    sub_codes = {sub["code"] for sub in pillar.sub_indices}
    for index, question_data in enumerate(questions):
        question = _parse_question(
            root.source, question_data, questions.item_lines[index], questions_seen, context
        )
        if not question.applies_to_kinds:
            question.applies_to_kinds = defaults[0]
        if not question.applies_to_sectors:
            question.applies_to_sectors = defaults[1]
        if pillar.sub_indices and question.sub_index not in sub_codes:
            reader.fail(
                question.line, f"câu '{question.code}': 'sub_index' phải là một mã trong 'sub_indices'"
            )
        question.pillar_code = code
        pillar.questions.append(question)
        questions_seen[question.code] = question
    reader.done()
    return pillar


def _parse_applies(reader: Reader, known: Known) -> tuple[list[str], list[str]]:
    applies = reader.mapping_of("applies_to", f"{reader.where}.applies_to")
    if applies is None:
        return [], []
    kinds = applies.string_list("kinds", allowed=BUSINESS_KINDS)
    sectors = applies.string_list("sectors", allowed=known.sector_codes)
    applies.done()
    return kinds, sectors


def _group_codes(reader: Reader, key: str, context: dict) -> list[str]:
    codes = reader.string_list(key, pattern=GROUP_CODE_RE)
    known = context["known"].group_programmes
    if known is not None:
        for code in codes:
            if code not in known:
                reader.fail(reader.line_of(key), f"nhóm nền tảng '{code}' không có trong danh mục nền tảng")
            if known[code] != context["programme"]:
                reader.fail(
                    reader.line_of(key), f"nhóm '{code}' thuộc danh mục của chương trình {known[code]}"
                )
    return codes


def _parse_question(source, data, line, earlier: dict[str, QuestionSpec], context: dict) -> QuestionSpec:
    reader = Reader(source, data, "câu hỏi", line)
    code = reader.code()
    reader.where = f"câu hỏi '{code}'"
    if code in earlier:
        reader.fail(reader.line_of("code"), f"mã câu hỏi '{code}' bị lặp lại")
    qtype = reader.text("type", required=True)
    if qtype not in QUESTION_TYPES:
        reader.fail(
            reader.line_of("type"), f"loại '{qtype}' không hợp lệ ({', '.join(sorted(QUESTION_TYPES))})"
        )
    question = QuestionSpec(
        code=code,
        type=qtype,
        text=reader.text("text", required=True),
        text_en=reader.text("text_en"),
        help_text=reader.text("help"),
        help_text_en=reader.text("help_en"),
        area=reader.text("area"),
        area_en=reader.text("area_en"),
        advice=reader.text("advice"),
        advice_en=reader.text("advice_en"),
        # weight 0: a screening question (asked, not scored), e.g. to drive skip logic
        weight=reader.decimal("weight", default=Decimal("1"), minimum=Decimal("0"), maximum=Decimal("1000")),
        required=reader.boolean("required", True),
        group_codes=_group_codes(reader, "groups", context),
        sub_index=reader.text("sub_index"),
        provisional=reader.boolean("provisional", False),
        line=line,
    )
    question.applies_to_kinds, question.applies_to_sectors = _parse_applies(reader, context["known"])
    show_if = reader.text("show_if")
    if show_if:
        question.show_if = _parse_show_if(reader, show_if, earlier)

    if qtype == "number":
        number = reader.mapping_of("number", f"câu hỏi '{code}'.number")
        if number is not None:
            question.number_min = number.decimal("min")
            question.number_max = number.decimal("max")
            question.unit = number.text("unit")
            number.done()
            if (
                question.number_min is not None
                and question.number_max is not None
                and question.number_min >= question.number_max
            ):
                number.fail(number.line_of("max"), "'max' phải lớn hơn 'min'")
    if qtype == "multiple":
        question.max_points = reader.decimal("max_points", positive=True)

    yes_points = reader.decimal("points", minimum=Decimal("0")) if qtype == "yes_no" else None
    options_data = _options_data(reader, context)
    if qtype == "yes_no" and not options_data:
        question.options = [
            OptionSpec(code="yes", label="Có", label_en="Yes", points=yes_points or Decimal("10")),
            OptionSpec(code="no", label="Không", label_en="No", points=Decimal("0")),
        ]
    else:
        if not options_data:
            reader.fail(reader.line, "thiếu danh sách lựa chọn 'options'")
        question.options = [
            _parse_option(source, option, options_data.item_lines[i], question, context)
            for i, option in enumerate(options_data)
        ]
    if qtype == "tools":
        if not context["links"]:
            reader.fail(reader.line, "câu hỏi công cụ ('tools') cần danh sách 'links' ở đầu tệp")
        question.options += [OptionSpec(**vars(link)) for link in context["links"]]
    _check_options(reader, question, options_data)
    reader.done()
    return question


def _parse_show_if(reader: Reader, value: str, earlier: dict[str, QuestionSpec]) -> tuple[str, str]:
    line = reader.line_of("show_if")
    question_code, sep, option_code = value.partition("=")
    question_code, option_code = question_code.strip(), option_code.strip()
    if not sep or not question_code or not option_code:
        reader.fail(line, "'show_if' có dạng mã-câu-hỏi=mã-lựa-chọn")
    parent = earlier.get(question_code)
    if parent is None:
        reader.fail(line, f"'show_if' phải dẫn tới một câu hỏi đứng trước, không có câu '{question_code}'")
    if parent.type not in CHOICE_QUESTION_TYPES:
        reader.fail(line, f"'show_if' phải dẫn tới câu hỏi có lựa chọn, câu '{question_code}' là loại số")
    if option_code not in {option.code for option in parent.options}:
        reader.fail(line, f"câu '{question_code}' không có lựa chọn '{option_code}'")
    return question_code, option_code


def _options_data(reader: Reader, context: dict) -> LineSeq:
    """The question's options, written in place or named from `option_sets`."""
    value = reader.raw("options")
    if isinstance(value, str):
        if value not in context["option_sets"]:
            reader.fail(reader.line_of("options"), f"không có bộ lựa chọn '{value}' trong 'option_sets'")
        return context["option_sets"][value][0]
    return reader.sequence("options")


def _parse_option(source: str, data, line: int, question: QuestionSpec, context: dict) -> OptionSpec:
    reader = Reader(source, data, f"lựa chọn của câu '{question.code}'", line)
    code = reader.code()
    reader.where = f"lựa chọn '{code}' của câu '{question.code}'"
    option = OptionSpec(
        code=code,
        label=reader.text("label", required=question.type != "number"),
        label_en=reader.text("label_en"),
        points=reader.decimal("points", required=True, minimum=Decimal("0"), maximum=Decimal("1000")),
        exclusive=reader.boolean("exclusive", False),
        group_codes=_group_codes(reader, "groups", context),
    )
    if question.type == "number":
        option.min_value = reader.decimal("from", required=True)
    if option.exclusive and question.type not in ("multiple", "tools"):
        reader.fail(
            reader.line_of("exclusive"), "'exclusive' chỉ dùng cho câu hỏi chọn nhiều hoặc câu công cụ"
        )
    reader.done()
    return option


def _check_options(reader: Reader, question: QuestionSpec, options_data) -> None:
    codes = [option.code for option in question.options]
    lines = list(getattr(options_data, "item_lines", None) or [])
    lines += [reader.line] * (len(codes) - len(lines))
    for index, code in enumerate(codes):
        if code in codes[:index]:
            reader.fail(lines[index], f"mã lựa chọn '{code}' bị lặp lại")
    if len(question.options) < 2 and question.type != "number":
        reader.fail(reader.line, "cần ít nhất hai lựa chọn")
    if question.type == "yes_no" and len(question.options) != 2:
        reader.fail(reader.line, "câu hỏi có/không có đúng hai lựa chọn")
    if question.type == "number":
        bounds = [option.min_value for option in question.options]
        if bounds != sorted(bounds) or len(set(bounds)) != len(bounds):
            reader.fail(lines[0], "các khoảng 'from' của câu hỏi số phải tăng dần và không trùng nhau")
    best = max((option.points for option in question.options), default=Decimal("0"))
    if question.weight > 0 and best <= 0:
        reader.fail(reader.line, "phải có ít nhất một lựa chọn có điểm lớn hơn 0")


def read_criteria_file(
    path: str | Path, *, sector_codes: set[str] | None = None, known: Known | None = None
) -> CriteriaSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CriteriaFileError(f"{path}: không tìm thấy tệp")
    except UnicodeDecodeError as exc:
        raise CriteriaFileError(f"{path}: tệp phải được lưu bằng UTF-8 ({exc.reason})")
    return parse_criteria(text, source=path.name, sector_codes=sector_codes, known=known)


def bundled_criteria_files() -> list[Path]:
    return sorted(CRITERIA_DIR.glob("*.yaml"))
