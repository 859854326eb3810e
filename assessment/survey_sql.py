"""The survey's hand-written statements: the page save's guarded write, the submit's locked read and the read
that opens every survey page."""

from __future__ import annotations

import datetime
import functools
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction

from assessment.models import Answer, Assessment, AssessmentStatus, CriteriaSet
from assessment.scoring import AnswerValue
from assessment.selectors import SurveyRef, visible_assessment_condition, visible_assessments
from businesses.models import Business, BusinessResult, Province, Sector
from smedx_portal.db import Statement, converted, fetch_rows, from_row, run_together, select_list


def column(model, name: str) -> str:
    """A field's column, quoted by the connection (table and column names always come from the models)."""
    return connection.ops.quote_name(model._meta.get_field(name).column)


def answers_of(assessment_id: int) -> dict[int, AnswerValue]:
    """`services.load_answers_for(assessment_id)` (its ORM twin, kept equal by a test) in a hand-written SELECT:
    every survey page, the review and the result read the whole survey's answers, and the ORM's building of
    the query and of its rows cost three times the statement's own CPU."""
    fields = ("question", "option_ids", "number_value")
    rows = fetch_rows(
        f"SELECT {', '.join(column(Answer, name) for name in fields)} "  # noqa: S608 - names only
        f"FROM {connection.ops.quote_name(Answer._meta.db_table)} WHERE {column(Answer, 'assessment')} = %s",
        [assessment_id],
    )
    loaded = {}
    for row in rows:
        question_id, option_ids, number = converted(Answer, fields, row)
        loaded[question_id] = AnswerValue(tuple(option_ids or ()), number)
    return loaded


def save_guard(assessment_id: int, pillar_id: int, actor: Any, now: datetime.datetime) -> Statement:
    """UPDATE of the actor's draft (its position in the survey): matches nothing for anyone else's assessment
    or once it is submitted. Written by hand: on the survey's hottest request the ORM's query building costs
    more than the database's work."""
    table = connection.ops.quote_name(Assessment._meta.db_table)
    visible, params = visible_assessment_condition(actor, table)
    updated_at = Assessment._meta.get_field("updated_at").get_db_prep_save(now, connection)
    pillar, updated, key, status = (
        column(Assessment, name) for name in ("current_pillar", "updated_at", "id", "status")
    )
    return Statement(
        f"UPDATE {table} SET {pillar} = %s, {updated} = %s "  # noqa: S608 - names only
        f"WHERE {table}.{key} = %s AND {table}.{status} = %s AND {visible}",
        [pillar_id, updated_at, assessment_id, AssessmentStatus.DRAFT, *params],
    )


def write_page(guard: Statement, writes: list[Statement], *, assessment_id: int) -> bool:
    """Run the answers' writes only if the guard (an UPDATE) matched its row; the writes read the row's id
    from `allowed`. True when the guard matched."""
    table = connection.ops.quote_name(Assessment._meta.db_table)
    key = column(Assessment, "id")
    if connection.vendor == "postgresql":
        ctes = [f"allowed AS ({guard.sql} RETURNING {table}.{key} AS id)"]
        ctes += [f"write{index} AS ({write.sql})" for index, write in enumerate(writes)]
        sql = f"WITH {', '.join(ctes)} SELECT count(*) FROM allowed"  # noqa: S608 - our statements
        params = [*guard.params, *(param for write in writes for param in write.params)]
        return run_together([Statement(sql, params)])[0].rows[0][0] == 1
    with transaction.atomic():
        if run_together([guard])[0].rowcount != 1:
            return False
        allowed = f"WITH allowed AS (SELECT {key} AS id FROM {table} WHERE {key} = %s) "  # noqa: S608 - names
        run_together([Statement(allowed + write.sql, [assessment_id, *write.params]) for write in writes])
    return True


def answer_writes(
    to_save: dict[int, AnswerValue], emptied: list[int], now: datetime.datetime
) -> list[Statement]:
    """An upsert of the saved answers and a removal of the emptied ones, for the assessment in `allowed`
    (a one-row CTE holding its id; nothing happens when it is empty). Values are prepared by the model's
    fields, as the ORM would, and cast to the columns' types (a VALUES list has no column types)."""
    writes = []
    quote = connection.ops.quote_name
    table = quote(Answer._meta.db_table)
    if to_save:
        option_ids, number = Answer._meta.get_field("option_ids"), Answer._meta.get_field("number_value")
        rows = ", ".join(["(%s, %s, %s)"] * len(to_save))
        params = [now]  # the SELECT list's updated_at comes before the VALUES
        for question_id, value in to_save.items():
            params += [
                question_id,
                option_ids.get_db_prep_save(list(value.option_ids), connection),
                number.get_db_prep_save(value.number, connection),
            ]
        assessment, question, options, value, updated = (
            column(Answer, name)
            for name in ("assessment", "question", "option_ids", "number_value", "updated_at")
        )
        writes.append(
            Statement(
                f"INSERT INTO {table} ({assessment}, {question}, {options}, {value}, {updated}) "  # noqa: S608
                f"SELECT allowed.id, v.column1, CAST(v.column2 AS {option_ids.db_type(connection)}), "
                f"CAST(v.column3 AS {number.db_type(connection)}), %s "
                f"FROM allowed, (VALUES {rows}) AS v WHERE true "
                f"ON CONFLICT ({assessment}, {question}) DO UPDATE SET {options} = excluded.{options}, "
                f"{value} = excluded.{value}, {updated} = excluded.{updated} "
                # autosave sends the whole page again after each change: unchanged answers are not rewritten
                f"WHERE {table}.{options} <> excluded.{options} "
                f"OR {table}.{value} IS DISTINCT FROM excluded.{value}",
                params,
            )
        )
    if emptied:
        marks = ", ".join(["%s"] * len(emptied))
        writes.append(
            Statement(
                f"DELETE FROM {table} WHERE {column(Answer, 'assessment')} IN (SELECT id FROM allowed) "  # noqa: S608
                f"AND {column(Answer, 'question')} IN ({marks})",
                emptied,
            )
        )
    return writes


def write_page_orm(
    *,
    assessment_id: int,
    pillar_id: int,
    actor: Any,
    now: datetime.datetime,
    to_save: dict[int, AnswerValue],
    emptied: list[int],
) -> bool:
    """`write_page(save_guard(...), answer_writes(...))`'s ORM twin (kept equal by
    `tests/assessment/test_survey_sql.py`): the guarded UPDATE of the actor's draft, then the changed answers
    upserted and the emptied ones removed. True when the draft was the actor's to write."""
    from assessment.selectors import visible_assessments

    with transaction.atomic():
        guarded = visible_assessments(actor).filter(pk=assessment_id, status=AssessmentStatus.DRAFT)
        if guarded.update(current_pillar_id=pillar_id, updated_at=now) != 1:
            return False
        saved = Answer.objects.filter(assessment_id=assessment_id, question_id__in=list(to_save))
        before = {
            question: (ids, number)
            for question, ids, number in saved.values_list("question_id", "option_ids", "number_value")
        }
        changed = [
            Answer(
                assessment_id=assessment_id,
                question_id=question,
                option_ids=list(value.option_ids),
                number_value=value.number,
            )
            for question, value in to_save.items()
            if before.get(question) != (list(value.option_ids), value.number)
        ]
        Answer.objects.bulk_create(
            changed,
            update_conflicts=True,
            unique_fields=["assessment", "question"],
            update_fields=["option_ids", "number_value", "updated_at"],
        )
        if emptied:
            Answer.objects.filter(assessment_id=assessment_id, question_id__in=emptied).delete()
    return True


_LOCKED_BUSINESS_FIELDS = (
    "id",
    "province",
    "ward",
    "kind",
    "sector",
    "in_smedx",
    "in_rdx",
)
_RESULT_FIELDS = ("id", "programme", "level", "score", "pillar_scores")
_ANSWER_FIELDS = ("question", "option_ids", "number_value")


@dataclass
class LockedDraft:
    """What a submit reads under the lock: the assessment with its business, the criteria set's publication
    time and version, the business's previous result in the assessment's programme (None if first), the answers."""

    assessment: Assessment
    published_at: datetime.datetime | None
    criteria_version: int
    previous: BusinessResult | None
    answers: dict[int, AnswerValue]


def lock_for_submit(assessment_id: int, actor: Any | None) -> LockedDraft | None:
    """The assessment (with the business fields the summary tables count, and the sector) locked with its
    business row, the criteria set's publication time and version, the business's result in the programme and
    the answers, in one round trip on PostgreSQL, or None when the actor may not see it (any assessment when `actor` is None). Written by hand: the ORM's
    building of this query costs more than the database's work on every submit."""
    table = connection.ops.quote_name(Assessment._meta.db_table)
    visible, params = visible_assessment_condition(actor, table) if actor is not None else ("1 = 1", [])
    assessment_fields = [field.name for field in Assessment._meta.concrete_fields]
    quote = connection.ops.quote_name
    sector, criteria = quote(Sector._meta.db_table), quote(CriteriaSet._meta.db_table)
    results = quote(BusinessResult._meta.db_table)
    result_business = quote(BusinessResult._meta.get_field("business").column)
    result_programme = quote(BusinessResult._meta.get_field("programme").column)
    programme = quote(Assessment._meta.get_field("programme").column)
    business = column(Assessment, "business")
    lock = ""
    if connection.features.has_select_for_update_of:
        lock = connection.ops.for_update_sql(of=(table, "b"))
    read = Statement(
        f"SELECT {select_list(Assessment, assessment_fields, table)}, "  # noqa: S608 - names only
        f"{select_list(Business, _LOCKED_BUSINESS_FIELDS, 'b')}, {select_list(BusinessResult, _RESULT_FIELDS, 'r')}, "
        f"s.{column(Sector, 'code')}, c.{column(CriteriaSet, 'published_at')}, c.{column(CriteriaSet, 'version')} "
        f"FROM {table} JOIN {quote(Business._meta.db_table)} b ON b.{column(Business, 'id')} = {table}.{business} "
        f"JOIN {criteria} c ON c.{column(CriteriaSet, 'id')} = {table}.{column(Assessment, 'criteria_set')} "
        f"LEFT JOIN {sector} s ON s.{column(Sector, 'id')} = b.{column(Business, 'sector')} "
        f"LEFT JOIN {results} r ON r.{result_business} = b.{column(Business, 'id')} "
        f"AND r.{result_programme} = {table}.{programme} WHERE {table}.{column(Assessment, 'id')} = %s AND {visible} {lock}",
        [assessment_id, *params],
    )
    answers = Statement(
        f"SELECT {select_list(Answer, _ANSWER_FIELDS, 'answer')} "  # noqa: S608 - names only
        f"FROM {quote(Answer._meta.db_table)} answer WHERE answer.{column(Answer, 'assessment')} = %s",
        [assessment_id],
    )
    locked, answer_rows = run_together([read, answers])
    if not locked.rows:
        return None
    row = locked.rows[0]
    split = len(assessment_fields)
    business_end = split + len(_LOCKED_BUSINESS_FIELDS)
    assessment = from_row(Assessment, assessment_fields, row[:split])
    assessment.business = from_row(Business, _LOCKED_BUSINESS_FIELDS, row[split:business_end])
    result_row = row[business_end:-3]
    previous = from_row(BusinessResult, _RESULT_FIELDS, result_row) if result_row[0] is not None else None
    sector_code = row[-3]
    published_at, version = converted(CriteriaSet, ("published_at", "version"), row[-2:])  # SQLite: text
    if assessment.business.sector_id:
        assessment.business.sector = Sector(pk=assessment.business.sector_id, code=sector_code)
    loaded = {}
    for answer in answer_rows.rows:
        question_id, option_ids, number = converted(Answer, _ANSWER_FIELDS, answer)
        loaded[question_id] = AnswerValue(tuple(option_ids or ()), number)
    return LockedDraft(assessment, published_at, version, previous, loaded)


def lock_for_submit_orm(assessment_id: int, actor: Any | None) -> LockedDraft | None:
    """`lock_for_submit`'s ORM twin (kept equal by `tests/assessment/test_survey_sql.py`): the same rows locked
    and read in four queries. Call inside a transaction."""
    from assessment.selectors import visible_assessments

    queryset = Assessment.objects.all() if actor is None else visible_assessments(actor)
    if connection.features.has_select_for_update_of:
        queryset = queryset.select_for_update(of=("self", "business"))
    assessment = queryset.select_related("business__sector", "criteria_set").filter(pk=assessment_id).first()
    if assessment is None:
        return None
    previous = BusinessResult.objects.filter(
        business_id=assessment.business_id, programme=assessment.programme
    ).first()
    answers = {
        question_id: AnswerValue(tuple(option_ids or ()), number)
        for question_id, option_ids, number in Answer.objects.filter(assessment_id=assessment_id).values_list(
            "question_id", "option_ids", "number_value"
        )
    }
    criteria_set = assessment.criteria_set
    return LockedDraft(assessment, criteria_set.published_at, criteria_set.version, previous, answers)


_PAGE_MODELS = (Assessment, Business, Sector, Province, CriteriaSet)
_PAGE_ALIASES = ("a", "b", "s", "p", "c")
# each joined model: (join, alias, foreign key, alias of the row holding it)
_PAGE_JOINS = (
    ("JOIN", "b", Assessment._meta.get_field("business"), "a"),
    ("LEFT JOIN", "s", Business._meta.get_field("sector"), "b"),
    ("LEFT JOIN", "p", Business._meta.get_field("province"), "b"),
    ("JOIN", "c", Assessment._meta.get_field("criteria_set"), "a"),
)


@functools.cache
def _page_fields() -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(field.name for field in model._meta.concrete_fields) for model in _PAGE_MODELS)


@functools.cache
def _page_select(vendor: str) -> str:
    """The SELECT of `visible_with_relations` up to its visibility condition, built once per database kind."""
    quote = connection.ops.quote_name
    columns = ", ".join(
        select_list(model, names, alias)
        for model, names, alias in zip(_PAGE_MODELS, _page_fields(), _PAGE_ALIASES, strict=True)
    )
    joins = " ".join(
        f"{join} {quote(key.related_model._meta.db_table)} {alias} "
        f"ON {alias}.{quote(key.target_field.column)} = {holder}.{quote(key.column)}"
        for join, alias, key, holder in _PAGE_JOINS
    )
    return (
        f"SELECT {columns} FROM {quote(Assessment._meta.db_table)} a {joins} "  # noqa: S608 - model names
        f"WHERE a.{quote(Assessment._meta.pk.column)} = %s AND "
    )


def _visible_row(select: str, user: Any, assessment_id: int) -> tuple | None:
    """The row of `select` (a statement on the assessment `a`, ending in "AND ") for the assessment, if the user may
    see it."""
    visible, params = visible_assessment_condition(user, "a")
    rows = fetch_rows(select + visible, [assessment_id, *params])
    return rows[0] if rows else None


def visible_with_relations(user: Any, assessment_id: int) -> Assessment | None:
    """`assessments_visible_to(user).filter(pk=assessment_id).first()` (its ORM twin, kept equal by a test): the
    assessment with its business, the business's sector and province, and the criteria set, in one SELECT, or
    None when the user may not see it. Written by hand: every page of the survey, the review and the result
    start here, and the ORM's building of this five-table query cost more CPU than the rest of the request's
    reads."""
    row = _visible_row(_page_select(connection.vendor), user, assessment_id)
    if row is None:
        return None
    instances, start = [], 0
    for model, names in zip(_PAGE_MODELS, _page_fields(), strict=True):
        values = row[start : start + len(names)]
        start += len(names)
        # a business without a sector or a province: that LEFT JOIN's columns are all NULL, its key too
        present = values[names.index(model._meta.pk.name)] is not None
        instances.append(from_row(model, names, values) if present else None)
    assessment, business, sector, province, criteria_set = instances
    business.sector = sector
    business.province = province
    assessment.business = business
    assessment.criteria_set = criteria_set
    return assessment


# What saving a page reads of its assessment: (model, alias, fields) in SELECT order; the joins are the page's.
_REF_COLUMNS = (
    (Assessment, "a", ("id", "criteria_set")),
    (CriteriaSet, "c", ("published_at",)),
    (Business, "b", ("kind",)),
    (Sector, "s", ("code",)),
)


@functools.cache
def _ref_select(vendor: str) -> str:
    """The SELECT of `survey_ref` up to its visibility condition, built once per database kind."""
    quote = connection.ops.quote_name
    joins = " ".join(
        f"{join} {quote(key.related_model._meta.db_table)} {alias} "
        f"ON {alias}.{quote(key.target_field.column)} = {holder}.{quote(key.column)}"
        for join, alias, key, holder in _PAGE_JOINS
        if alias != "p"  # the province is not needed
    )
    columns = ", ".join(select_list(model, names, alias) for model, alias, names in _REF_COLUMNS)
    return (
        f"SELECT {columns} FROM {quote(Assessment._meta.db_table)} a {joins} "  # noqa: S608 - model names
        f"WHERE a.{quote(Assessment._meta.pk.column)} = %s AND "
    )


def survey_ref(user: Any, assessment_id: int) -> SurveyRef | None:
    """`survey_ref_orm` (its ORM twin, kept equal by a test) in one SELECT of five columns: what every page save
    needs (the criteria version, the business's kind and sector), or None when the user may not see the
    assessment. Written by hand: building five model instances from the page's read cost more than the save's
    own statements."""
    row = _visible_row(_ref_select(connection.vendor), user, assessment_id)
    if row is None:
        return None
    values, start = [], 0
    for model, _alias, names in _REF_COLUMNS:
        values += converted(model, names, row[start : start + len(names)])
        start += len(names)
    pk, criteria_set_id, published_at, kind, sector = values
    return SurveyRef(pk, criteria_set_id, published_at, kind, sector)


def survey_ref_orm(user: Any, assessment_id: int) -> SurveyRef | None:
    row = (
        visible_assessments(user)
        .filter(pk=assessment_id)
        .values_list(
            "pk", "criteria_set_id", "criteria_set__published_at", "business__kind", "business__sector__code"
        )
        .first()
    )
    return SurveyRef(*row) if row is not None else None
