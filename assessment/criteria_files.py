"""Reading and validating criteria files (YAML) into plain data, with the line of every error.

A file is checked completely before anything touches the database; the first problem is raised as
`CriteriaFileError("rdx.yaml, dòng 42: ...")`. PyYAML's syntax errors carry a mark; for schema errors the
loader keeps each node's start mark, so a wrong value is reported at the line where it is written.

Format (see `assessment/criteria/rdx.yaml` for a full example):

    programme: RDX            # SMEDX or RDX
    version: 1
    title: ...                # title_en, description, description_en optional
    levels:
      tang_truong: {threshold: 40, pillar_minimum: 20}
      dot_pha: {threshold: 70, pillar_minimum: 40}
    pillars:
      - code: rdx-operations  # weight, name, name_en, description, minimums: {tang_truong: .., dot_pha: ..}
        questions:
          - code: pos
            type: single      # single | multiple | yes_no | number | scale
            text: ...
            weight: 2
            groups: [rdx-pos]                  # catalogue groups that help in this area
            applies_to: {kinds: [household], sectors: [duoc-pham]}
            show_if: other-question=option-code
            options:
              - {code: none, label: ..., points: 0, groups: [rdx-pos]}
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

from smedx_portal.levels import Level
from smedx_portal.programmes import Programme

CRITERIA_DIR = Path(__file__).resolve().parent / "criteria"

QUESTION_TYPES = {"single", "multiple", "yes_no", "number", "scale"}
BUSINESS_KINDS = {"enterprise", "cooperative", "household", "retail_store"}
CODE_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
GROUP_CODE_RE = re.compile(r"^(smedx|rdx)-[a-z0-9]+(?:-[a-z0-9]+)*$")
HUNDRED = Decimal("100")


class CriteriaFileError(ValueError):
    """A criteria file that cannot be loaded; the message names the file and the line."""


# --- YAML with line numbers ----------------------------------------------------------------------


class _Map(dict):
    line: int = 0
    key_lines: dict


class _Seq(list):
    line: int = 0
    item_lines: list


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers where each mapping, sequence, key and item starts (1-based lines)."""


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> _Map:
    loader.flatten_mapping(node)
    result = _Map()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise CriteriaFileError(f"dòng {key_node.start_mark.line + 1}: khóa '{key}' bị lặp lại")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = value_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> _Seq:
    result = _Seq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


# --- the parsed criteria (plain data, no database) ----------------------------------------------


@dataclass
class OptionSpec:
    code: str
    label: str
    label_en: str = ""
    points: Decimal = Decimal("0")
    min_value: Decimal | None = None
    exclusive: bool = False
    group_codes: list[str] = field(default_factory=list)


@dataclass
class QuestionSpec:
    code: str
    type: str
    text: str
    text_en: str = ""
    help_text: str = ""
    help_text_en: str = ""
    area: str = ""
    area_en: str = ""
    advice: str = ""
    advice_en: str = ""
    weight: Decimal = Decimal("1")
    required: bool = True
    max_points: Decimal | None = None
    number_min: Decimal | None = None
    number_max: Decimal | None = None
    unit: str = ""
    applies_to_kinds: list[str] = field(default_factory=list)
    applies_to_sectors: list[str] = field(default_factory=list)
    show_if: tuple[str, str] | None = None
    group_codes: list[str] = field(default_factory=list)
    options: list[OptionSpec] = field(default_factory=list)
    line: int = 0


@dataclass
class PillarSpec:
    code: str
    name: str
    name_en: str = ""
    description: str = ""
    description_en: str = ""
    weight: Decimal = Decimal("1")
    growth_minimum: Decimal | None = None
    breakthrough_minimum: Decimal | None = None
    questions: list[QuestionSpec] = field(default_factory=list)


@dataclass
class CriteriaSpec:
    programme: str
    version: int
    title: str
    title_en: str = ""
    description: str = ""
    description_en: str = ""
    growth_threshold: Decimal = Decimal("0")
    breakthrough_threshold: Decimal = Decimal("0")
    growth_pillar_minimum: Decimal = Decimal("0")
    breakthrough_pillar_minimum: Decimal = Decimal("0")
    pillars: list[PillarSpec] = field(default_factory=list)
    source: str = ""

    def questions(self):
        for pillar in self.pillars:
            yield from pillar.questions


# --- validation ----------------------------------------------------------------------------------


class _Reader:
    """Typed access to one mapping of the file, raising errors that name the line."""

    def __init__(self, source: str, mapping, where: str, line: int):
        self.source = source
        self.where = where
        if not isinstance(mapping, dict):
            self.fail(line, "phải là một bảng khóa: giá trị (mapping)")
        self.mapping = mapping
        self.line = getattr(mapping, "line", line)
        self.used: set[str] = set()

    def fail(self, line: int, message: str):
        prefix = f"{self.source}, dòng {line}" if self.source else f"dòng {line}"
        raise CriteriaFileError(f"{prefix}: {self.where}: {message}")

    def line_of(self, key: str) -> int:
        return getattr(self.mapping, "key_lines", {}).get(key, self.line)

    def has(self, key: str) -> bool:
        return key in self.mapping

    def raw(self, key: str, *, required: bool = False):
        self.used.add(key)
        if key not in self.mapping or self.mapping[key] is None:
            if required:
                self.fail(self.line, f"thiếu trường bắt buộc '{key}'")
            return None
        return self.mapping[key]

    def text(self, key: str, *, required: bool = False, default: str = "") -> str:
        value = self.raw(key, required=required)
        if value is None:
            return default
        if not isinstance(value, str | int | float) or isinstance(value, bool):
            self.fail(self.line_of(key), f"'{key}' phải là chuỗi ký tự")
        value = str(value).strip()
        if required and not value:
            self.fail(self.line_of(key), f"'{key}' không được để trống")
        return value

    def code(self, key: str = "code") -> str:
        value = self.text(key, required=True)
        if not CODE_RE.match(value) or len(value) > 64:
            self.fail(self.line_of(key), f"mã '{value}' chỉ gồm chữ thường không dấu, số và dấu gạch ngang")
        return value

    def decimal(
        self,
        key: str,
        *,
        required: bool = False,
        default: Decimal | None = None,
        minimum: Decimal | None = None,
        maximum: Decimal | None = None,
        positive: bool = False,
    ) -> Decimal | None:
        value = self.raw(key, required=required)
        if value is None:
            return default
        if isinstance(value, bool):
            self.fail(self.line_of(key), f"'{key}' phải là một số")
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            self.fail(self.line_of(key), f"'{key}' phải là một số, không phải '{value}'")
        if not number.is_finite():
            self.fail(self.line_of(key), f"'{key}' phải là một số hữu hạn")
        if positive and number <= 0:
            self.fail(self.line_of(key), f"'{key}' phải lớn hơn 0")
        if minimum is not None and number < minimum:
            self.fail(self.line_of(key), f"'{key}' không được nhỏ hơn {minimum}")
        if maximum is not None and number > maximum:
            self.fail(self.line_of(key), f"'{key}' không được lớn hơn {maximum}")
        if number.as_tuple().exponent < -2:
            self.fail(self.line_of(key), f"'{key}' có nhiều nhất 2 chữ số thập phân")
        return number

    def boolean(self, key: str, default: bool) -> bool:
        value = self.raw(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(self.line_of(key), f"'{key}' phải là true hoặc false")
        return value

    def sequence(self, key: str, *, required: bool = False) -> list:
        value = self.raw(key, required=required)
        if value is None:
            return _Seq()
        if not isinstance(value, list):
            self.fail(self.line_of(key), f"'{key}' phải là một danh sách")
        if required and not value:
            self.fail(self.line_of(key), f"'{key}' không được để trống")
        return value

    def mapping_of(self, key: str, where: str) -> _Reader | None:
        value = self.raw(key)
        if value is None:
            return None
        return _Reader(self.source, value, where, self.line_of(key))

    def string_list(self, key: str, *, pattern: re.Pattern | None = None, allowed: set | None = None):
        items = self.sequence(key)
        lines = getattr(items, "item_lines", [])
        result = []
        for index, item in enumerate(items):
            line = lines[index] if index < len(lines) else self.line_of(key)
            if not isinstance(item, str):
                self.fail(line, f"mỗi phần tử của '{key}' phải là chuỗi ký tự")
            if pattern is not None and not pattern.match(item):
                self.fail(line, f"mã '{item}' trong '{key}' không hợp lệ")
            if allowed is not None and item not in allowed:
                self.fail(line, f"'{item}' không có trong danh sách cho phép của '{key}'")
            if item in result:
                self.fail(line, f"'{item}' bị lặp lại trong '{key}'")
            result.append(item)
        return result

    def done(self):
        unknown = [key for key in self.mapping if key not in self.used]
        if unknown:
            key = unknown[0]
            self.fail(self.line_of(key), f"trường không được hỗ trợ '{key}' (viết sai chính tả?)")


def parse_criteria(text: str, *, source: str = "", sector_codes: set[str] | None = None) -> CriteriaSpec:
    """Parse and validate a criteria file's text. `sector_codes`, when given, are the known sector codes."""
    try:
        data = yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except CriteriaFileError as exc:
        raise CriteriaFileError(f"{source}, {exc}" if source else str(exc))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        line = mark.line + 1 if mark else 1
        problem = getattr(exc, "problem", None) or str(exc)
        prefix = f"{source}, dòng {line}" if source else f"dòng {line}"
        raise CriteriaFileError(f"{prefix}: lỗi cú pháp YAML: {problem}")
    if data is None:
        raise CriteriaFileError(f"{source}, dòng 1: tệp rỗng")
    root = _Reader(source, data, "bộ tiêu chí", 1)

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
    )

    levels = root.mapping_of("levels", "levels")
    if levels is None:
        root.fail(root.line, "thiếu trường bắt buộc 'levels'")
    level_readers = {}
    for level in (Level.GROWTH, Level.BREAKTHROUGH):
        reader = levels.mapping_of(str(level), f"levels.{level}")
        if reader is None:
            levels.fail(levels.line, f"thiếu ngưỡng của mức '{level}'")
        level_readers[level] = reader
    spec.growth_threshold = level_readers[Level.GROWTH].decimal(
        "threshold", required=True, minimum=Decimal("0"), maximum=HUNDRED
    )
    spec.growth_pillar_minimum = level_readers[Level.GROWTH].decimal(
        "pillar_minimum", default=Decimal("0"), minimum=Decimal("0"), maximum=HUNDRED
    )
    breakthrough = level_readers[Level.BREAKTHROUGH]
    spec.breakthrough_threshold = breakthrough.decimal(
        "threshold", required=True, minimum=Decimal("0"), maximum=HUNDRED
    )
    spec.breakthrough_pillar_minimum = breakthrough.decimal(
        "pillar_minimum", default=Decimal("0"), minimum=Decimal("0"), maximum=HUNDRED
    )
    if spec.breakthrough_threshold <= spec.growth_threshold:
        breakthrough.fail(breakthrough.line_of("threshold"), "ngưỡng Đột phá phải lớn hơn ngưỡng Tăng trưởng")
    for reader in level_readers.values():
        reader.done()
    levels.done()

    pillars = root.sequence("pillars", required=True)
    seen_pillars: set[str] = set()
    questions_seen: dict[str, QuestionSpec] = {}
    for index, pillar_data in enumerate(pillars):
        line = pillars.item_lines[index]
        reader = _Reader(source, pillar_data, f"trụ cột thứ {index + 1}", line)
        code = reader.code()
        reader.where = f"trụ cột '{code}'"
        if code in seen_pillars:
            reader.fail(reader.line_of("code"), f"mã trụ cột '{code}' bị lặp lại")
        seen_pillars.add(code)
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
            pillar.growth_minimum = minimums.decimal(str(Level.GROWTH), minimum=Decimal("0"), maximum=HUNDRED)
            pillar.breakthrough_minimum = minimums.decimal(
                str(Level.BREAKTHROUGH), minimum=Decimal("0"), maximum=HUNDRED
            )
            minimums.done()
        questions = reader.sequence("questions", required=True)
        for q_index, question_data in enumerate(questions):
            question = _parse_question(
                source, question_data, questions.item_lines[q_index], questions_seen, sector_codes
            )
            pillar.questions.append(question)
            questions_seen[question.code] = question
        reader.done()
        spec.pillars.append(pillar)
    root.done()
    return spec


def _parse_question(source, data, line, earlier: dict[str, QuestionSpec], sector_codes) -> QuestionSpec:
    reader = _Reader(source, data, "câu hỏi", line)
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
        group_codes=reader.string_list("groups", pattern=GROUP_CODE_RE),
        line=line,
    )
    applies = reader.mapping_of("applies_to", f"câu hỏi '{code}'.applies_to")
    if applies is not None:
        question.applies_to_kinds = applies.string_list("kinds", allowed=BUSINESS_KINDS)
        question.applies_to_sectors = applies.string_list("sectors", allowed=sector_codes)
        applies.done()
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
    options_data = reader.sequence("options")
    if qtype == "yes_no" and not options_data:
        question.options = [
            OptionSpec(code="yes", label="Có", label_en="Yes", points=yes_points or Decimal("10")),
            OptionSpec(code="no", label="Không", label_en="No", points=Decimal("0")),
        ]
    else:
        if not options_data:
            reader.fail(reader.line, "thiếu danh sách lựa chọn 'options'")
        question.options = [
            _parse_option(source, option, options_data.item_lines[i], question)
            for i, option in enumerate(options_data)
        ]
    _check_options(reader, question, options_data)
    reader.done()
    return question


def _parse_show_if(reader: _Reader, value: str, earlier: dict[str, QuestionSpec]) -> tuple[str, str]:
    line = reader.line_of("show_if")
    question_code, sep, option_code = value.partition("=")
    question_code, option_code = question_code.strip(), option_code.strip()
    if not sep or not question_code or not option_code:
        reader.fail(line, "'show_if' có dạng mã-câu-hỏi=mã-lựa-chọn")
    parent = earlier.get(question_code)
    if parent is None:
        reader.fail(line, f"'show_if' phải dẫn tới một câu hỏi đứng trước, không có câu '{question_code}'")
    if parent.type not in {"single", "multiple", "yes_no", "scale"}:
        reader.fail(line, f"'show_if' phải dẫn tới câu hỏi có lựa chọn, câu '{question_code}' là loại số")
    if option_code not in {option.code for option in parent.options}:
        reader.fail(line, f"câu '{question_code}' không có lựa chọn '{option_code}'")
    return question_code, option_code


def _parse_option(source: str, data, line: int, question: QuestionSpec) -> OptionSpec:
    reader = _Reader(source, data, f"lựa chọn của câu '{question.code}'", line)
    code = reader.code()
    reader.where = f"lựa chọn '{code}' của câu '{question.code}'"
    option = OptionSpec(
        code=code,
        label=reader.text("label", required=question.type != "number"),
        label_en=reader.text("label_en"),
        points=reader.decimal("points", required=True, minimum=Decimal("0"), maximum=Decimal("1000")),
        exclusive=reader.boolean("exclusive", False),
        group_codes=reader.string_list("groups", pattern=GROUP_CODE_RE),
    )
    if question.type == "number":
        option.min_value = reader.decimal("from", required=True)
    if option.exclusive and question.type != "multiple":
        reader.fail(reader.line_of("exclusive"), "'exclusive' chỉ dùng cho câu hỏi chọn nhiều")
    reader.done()
    return option


def _check_options(reader: _Reader, question: QuestionSpec, options_data) -> None:
    codes = [option.code for option in question.options]
    lines = getattr(options_data, "item_lines", None) or [reader.line] * len(codes)
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


def read_criteria_file(path: str | Path, *, sector_codes: set[str] | None = None) -> CriteriaSpec:
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CriteriaFileError(f"{path}: không tìm thấy tệp")
    except UnicodeDecodeError as exc:
        raise CriteriaFileError(f"{path}: tệp phải được lưu bằng UTF-8 ({exc.reason})")
    return parse_criteria(text, source=path.name, sector_codes=sector_codes)


def bundled_criteria_files() -> list[Path]:
    return sorted(CRITERIA_DIR.glob("*.yaml"))
