"""The head of a criteria file: its legal source and provisional values, the list of changes, the programme's
levels (weighted scoring) or the version's own scale (points scoring), the tool links, named option sets and
the question mapping to other versions. Errors name the file and the line."""

from __future__ import annotations

from decimal import Decimal

from assessment.criteria_specs import CriteriaSpec, OptionSpec, QuestionSpec
from assessment.criteria_yaml import LineSeq, Reader
from smedx_portal.levels import Level
from smedx_portal.programmes import Programme

HUNDRED = Decimal("100")
ZERO = Decimal("0")


def read_strings(reader: Reader, key: str) -> list[str]:
    items = reader.sequence(key)
    result = []
    for index, item in enumerate(items):
        if not isinstance(item, str) or not item.strip():
            reader.fail(items.item_lines[index], f"mỗi phần tử của '{key}' phải là một câu chữ")
        result.append(item.strip())
    return result


def parse_source(root: Reader, spec: CriteriaSpec) -> None:
    source = root.mapping_of("source", "source")
    if source is None:
        root.fail(root.line, "thiếu 'source': văn bản nguồn (decision, date, annex) của bộ tiêu chí")
    spec.source_decision = source.text("decision", required=True)
    spec.source_date = source.date("date", required=True)
    spec.source_annex = source.text("annex", required=True)
    spec.source_note = source.text("note")
    source.done()
    items = root.sequence("provisional")
    for index, item in enumerate(items):
        reader = Reader(root.source, item, "provisional", items.item_lines[index])
        spec.provisional.append(
            {"what": reader.text("what", required=True), "why": reader.text("why", required=True)}
        )
        reader.done()


def parse_levels(root: Reader, spec: CriteriaSpec) -> None:
    levels = root.mapping_of("levels", "levels")
    if levels is None:
        root.fail(root.line, "thiếu trường bắt buộc 'levels'")
    readers = {}
    for level in (Level.GROWTH, Level.BREAKTHROUGH):
        reader = levels.mapping_of(str(level), f"levels.{level}")
        if reader is None:
            levels.fail(levels.line, f"thiếu ngưỡng của mức '{level}'")
        readers[level] = reader
    bounds = {"minimum": ZERO, "maximum": HUNDRED}
    growth, breakthrough = readers[Level.GROWTH], readers[Level.BREAKTHROUGH]
    spec.growth_threshold = growth.decimal("threshold", required=True, **bounds)
    spec.growth_pillar_minimum = growth.decimal("pillar_minimum", default=ZERO, **bounds)
    spec.breakthrough_threshold = breakthrough.decimal("threshold", required=True, **bounds)
    spec.breakthrough_pillar_minimum = breakthrough.decimal("pillar_minimum", default=ZERO, **bounds)
    if spec.breakthrough_threshold <= spec.growth_threshold:
        breakthrough.fail(breakthrough.line_of("threshold"), "ngưỡng Đột phá phải lớn hơn ngưỡng Tăng trưởng")
    for reader in readers.values():
        reader.done()
    levels.done()


def max_points(spec: CriteriaSpec) -> Decimal:
    """The most points a business can get under `scoring: points` (every question's best answer)."""
    return sum((best_points_of(question) for question in spec.questions() if question.weight > 0), ZERO)


def best_points_of(question: QuestionSpec) -> Decimal:
    points = [option.points for option in question.options if option.role == "answer"]
    if question.type == "multiple":
        total = sum((p for p in points if p > 0), ZERO)
        return min(total, question.max_points) if question.max_points else total
    links = [option.points for option in question.options if option.role == "link"]
    return max(points, default=ZERO) + max(links, default=ZERO)


def parse_scale(root: Reader, spec: CriteriaSpec) -> None:
    """The version's own scale (e.g. DBI 0–5): levels by points above a bound *and* a count of pillars at
    that level; each mapped to the programme's words. The programme's thresholds (for charts) follow."""
    scale = root.mapping_of("scale", "scale")
    if scale is None:
        root.fail(root.line, "'scoring: points' cần 'scale' (thang mức của phiên bản)")
    if root.has("levels"):
        root.fail(root.line_of("levels"), "'scoring: points' dùng 'scale', không dùng 'levels'")
    total = max_points(spec)
    bands_data = scale.sequence("pillar_bands", required=True)
    bands = []
    for index, value in enumerate(bands_data):
        band = Reader(root.source, {"band": value}, "scale.pillar_bands", bands_data.item_lines[index])
        bands.append(band.decimal("band", required=True, minimum=ZERO, maximum=HUNDRED))
    if bands != sorted(bands) or len(set(bands)) != len(bands):
        scale.fail(scale.line_of("pillar_bands"), "'pillar_bands' phải tăng dần")
    levels_data = scale.sequence("levels", required=True)
    levels, mapping = [], {}
    for index, item in enumerate(levels_data):
        reader = Reader(root.source, item, f"scale.levels thứ {index + 1}", levels_data.item_lines[index])
        value = reader.raw("value", required=True)
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= len(bands):
            reader.fail(reader.line_of("value"), f"'value' là số nguyên từ 0 đến {len(bands)}")
        above = reader.decimal("above", default=ZERO, minimum=ZERO, maximum=total)
        pillars = reader.raw("pillars") or 0
        if not isinstance(pillars, int) or not 0 <= pillars <= len(spec.pillars):
            reader.fail(reader.line_of("pillars"), f"'pillars' là số trụ cột, từ 0 đến {len(spec.pillars)}")
        programme_level = reader.text("programme_level", required=True)
        if programme_level not in Level.values:
            reader.fail(
                reader.line_of("programme_level"), f"'programme_level' là một trong {', '.join(Level.values)}"
            )
        if levels and (value != levels[-1]["value"] + 1 or above < Decimal(levels[-1]["above"])):
            reader.fail(reader.line, "các mức phải liên tiếp, ngưỡng điểm không giảm")
        levels.append(
            {
                "value": value,
                "label": reader.text("label", required=True),
                "label_en": reader.text("label_en"),
                "above": str(above),
                "pillars": pillars,
                "programme_level": programme_level,
            }
        )
        mapping.setdefault(programme_level, above)
        reader.done()
    spec.scale = {
        "name": scale.text("name", required=True),
        "name_en": scale.text("name_en"),
        "max_points": str(total),
        "pillar_bands": [str(band) for band in bands],
        "levels": levels,
    }
    scale.done()
    if Level.GROWTH not in mapping or Level.BREAKTHROUGH not in mapping or not total:
        scale.fail(scale.line_of("levels"), "thang phải quy đổi được sang cả mức tăng_trưởng và đột_phá")
    # the programme's thresholds in % of the points, for the chart's bands
    spec.growth_threshold = (HUNDRED * mapping[Level.GROWTH] / total).quantize(Decimal("0.01"))
    spec.breakthrough_threshold = (HUNDRED * mapping[Level.BREAKTHROUGH] / total).quantize(Decimal("0.01"))


def parse_links(root: Reader) -> list[OptionSpec]:
    items = root.sequence("links")
    links = []
    for index, item in enumerate(items):
        reader = Reader(root.source, item, "links", items.item_lines[index])
        code = reader.code()
        links.append(
            OptionSpec(
                code=f"link-{code}",
                label=reader.text("label", required=True),
                label_en=reader.text("label_en"),
                points=reader.decimal("points", required=True, minimum=ZERO, maximum=Decimal("1000")),
                role="link",
            )
        )
        reader.done()
    if len({link.code for link in links}) != len(links):
        root.fail(root.line_of("links"), "mã trong 'links' bị lặp lại")
    return links


def parse_option_sets(root: Reader) -> dict[str, tuple[LineSeq, int]]:
    sets = root.mapping_of("option_sets", "option_sets")
    if sets is None:
        return {}
    result = {}
    for name in list(sets.mapping):
        result[name] = (sets.sequence(name, required=True), sets.line_of(name))
    sets.done()
    return result


def parse_compare(root: Reader, questions: dict[str, QuestionSpec]) -> list[dict]:
    items = root.sequence("compare")
    result = []
    for index, item in enumerate(items):
        reader = Reader(root.source, item, "compare", items.item_lines[index])
        programme = reader.text("programme", required=True)
        if programme not in Programme.values:
            reader.fail(reader.line_of("programme"), f"chương trình '{programme}' không tồn tại")
        version = reader.raw("version", required=True)
        if not isinstance(version, int) or isinstance(version, bool) or version < 1:
            reader.fail(reader.line_of("version"), "'version' phải là số nguyên dương")
        pairs = reader.mapping_of("questions", "compare.questions")
        if pairs is None or not pairs.mapping:
            reader.fail(reader.line, "thiếu 'questions' (mã câu của bộ này: mã câu của phiên bản kia)")
        mapping = {}
        for own in list(pairs.mapping):
            if own not in questions:
                pairs.fail(pairs.line_of(own), f"không có câu hỏi '{own}' trong bộ này")
            mapping[own] = pairs.text(own, required=True)
        pairs.done()
        reader.done()
        result.append({"programme": programme, "version": version, "questions": mapping})
    return result
