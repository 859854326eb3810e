"""YAML with the line of every node, and typed reading of a criteria file's mappings that names the line
of any error (`CriteriaFileError("rdx.yaml, dòng 42: ...")`)."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

import yaml

CODE_RE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")


class CriteriaFileError(ValueError):
    """A criteria file that cannot be loaded; the message names the file and the line."""


# --- YAML with line numbers ----------------------------------------------------------------------


class LineMap(dict):
    line: int = 0
    key_lines: dict


class LineSeq(list):
    line: int = 0
    item_lines: list


class LineLoader(yaml.SafeLoader):
    """SafeLoader that remembers where each mapping, sequence, key and item starts (1-based lines)."""


def construct_mapping(loader: LineLoader, node: yaml.MappingNode) -> LineMap:
    loader.flatten_mapping(node)
    result = LineMap()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise CriteriaFileError(f"dòng {key_node.start_mark.line + 1}: khóa '{key}' bị lặp lại")
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = value_node.start_mark.line + 1
    return result


def construct_sequence(loader: LineLoader, node: yaml.SequenceNode) -> LineSeq:
    result = LineSeq(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_mapping)
LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, construct_sequence)


class Reader:
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

    def date(self, key: str, *, required: bool = False) -> datetime.date | None:
        """A date written dd/mm/yyyy (as the decisions are cited) or yyyy-mm-dd."""
        value = self.raw(key, required=required)
        if value is None:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            return datetime.datetime.strptime(str(value).strip(), "%d/%m/%Y").date()
        except ValueError:
            self.fail(self.line_of(key), f"'{key}' phải là ngày dạng dd/mm/yyyy, không phải '{value}'")

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
            return LineSeq()
        if not isinstance(value, list):
            self.fail(self.line_of(key), f"'{key}' phải là một danh sách")
        if required and not value:
            self.fail(self.line_of(key), f"'{key}' không được để trống")
        return value

    def mapping_of(self, key: str, where: str) -> Reader | None:
        value = self.raw(key)
        if value is None:
            return None
        return Reader(self.source, value, where, self.line_of(key))

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


def load_yaml(text: str, source: str):
    """The file's data (LineMap / LineSeq with lines), or CriteriaFileError naming the line."""
    try:
        data = yaml.load(text, Loader=LineLoader)  # noqa: S506 - a SafeLoader subclass
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
    return data
