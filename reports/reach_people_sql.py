"""People reached (`reports.reach`), counted in the database: one hand-written GROUP BY over the channels' ORM-built
subqueries, and its ORM twin that reads every person and counts in Python (kept equal by
`tests/reports/test_reach_people_sql.py` on PostgreSQL and SQLite).

Each channel's rows (delivered SMS, attended events, accounts registered, surveys taken, and the traces kept by a
deletion) are one ORM queryset giving (person, channel, one 0/1 flag per programme); the subqueries' SQL is the
ORM's own (`QuerySet.query.sql_with_params()`), so every table and column name comes from the models. The outer
statement groups them by person (the channels and programmes each person was reached through, as 0/1 columns)
and then by that pattern, so the database returns a few dozen rows of (pattern…, people) however many people
there are, instead of every phone of the year (a million surveys gave 400,000 phones and 4 s of Python).

A person is their phone as stored (already the pseudonym in a deleted person's kept rows, `person_key`), or
without a phone their account. The twin compares phones through their pseudonym, so the two differ in one case
only: a phone whose owner deleted their data and that is reached again the same year (a new account or message
under the same number, which may be a recycled number) counts twice here, once in the twin.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.apps import apps
from django.db import connection
from django.db.models import Case, CharField, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.functions import Cast, Concat

from smedx_portal.personal import phone_pseudonym

CHANNEL_ORDER = ("sms", "event", "registered", "survey")  # reports.reach.CHANNELS' keys, in order
MEMBERSHIP_FLAGS = {"SMEDX": "in_smedx", "RDX": "in_rdx"}
Pattern = tuple[tuple[int, ...], int]  # (a 0/1 flag per channel × programme, people with that pattern)


def person_key(phone: str | None, account_id: int | None = None) -> str | None:
    """A phone's pseudonym (already one for a deleted person's kept rows), else the account."""
    if phone:
        return phone if phone.startswith("#") else phone_pseudonym(phone)
    return f"account:{account_id}" if account_id else None


def sms_condition(programme: str) -> Q:
    """A campaign reaching `programme`'s people: one to that programme, or to both (no programme in its
    criteria)."""
    return (
        Q(campaign__criteria__programme=programme)
        | Q(campaign__criteria__programme="")
        | ~Q(campaign__criteria__has_key="programme")
    )


def _flag(condition: Q) -> Case:
    return Case(When(condition, then=Value(1)), default=Value(0), output_field=IntegerField())


def _person(phone: str | None, account: str | None) -> Case:
    """The person key in SQL: the phone as stored, else "account:<id>", else NULL (not counted)."""
    whens = []
    if phone:
        whens.append(When(Q(**{f"{phone}__isnull": False}) & ~Q(**{phone: ""}), then=F(phone)))
    if account:
        text = Concat(Value("account:"), Cast(account, CharField()), output_field=CharField())
        whens.append(When(Q(**{f"{account}__isnull": False}), then=text))
    return Case(*whens, default=Value(None), output_field=CharField())


def channel_rows(programmes: Sequence[str], year: int) -> dict[str, QuerySet]:
    """Each channel's rows of the year, filtered (the twin reads their phones, the statement their person keys):
    "erased" holds what deletions remembered of the registered and survey channels."""
    message = apps.get_model("campaigns", "SmsMessage")
    registration = apps.get_model("campaigns", "EventRegistration")
    user = apps.get_model("accounts", "User")
    assessment = apps.get_model("assessment", "Assessment")
    trace = apps.get_model("core", "ErasedReach")
    member = Q()
    for programme in programmes:
        member |= Q(**{f"memberships__business__{MEMBERSHIP_FLAGS[programme]}": True})
    return {
        "sms": message.objects.filter(status="delivered").filter(
            Q(delivered_at__year=year) | Q(delivered_at__isnull=True, sent_at__year=year)
        ),
        "event": registration.objects.filter(
            status="attended", event__starts_at__year=year, event__programme__in=[*programmes, ""]
        ),
        "registered": user.objects.filter(member, date_joined__year=year, is_active=True),
        "survey": assessment.objects.filter(
            status="submitted", programme__in=programmes, submitted_at__year=year, started_by__isnull=False
        ),
        "erased": trace.objects.filter(
            year=year, programme__in=programmes, channel__in=["registered", "survey"]
        ),
    }


def _subqueries(programmes: Sequence[str], year: int) -> list[QuerySet]:
    """(who, via, p0, p1…) per channel: the person key, the channel's index, a flag per programme."""
    rows = channel_rows(programmes, year)
    index = {
        channel: Value(position, output_field=IntegerField())
        for position, channel in enumerate(CHANNEL_ORDER)
    }

    def flags(condition) -> dict:
        return {f"p{number}": _flag(condition(programme)) for number, programme in enumerate(programmes)}

    shaped = [
        rows["sms"].annotate(who=_person("phone", None), via=index["sms"], **flags(sms_condition)),
        rows["event"].annotate(
            who=_person("attendee_phone", "user_id"),
            via=index["event"],
            **flags(lambda programme: Q(event__programme__in=[programme, ""])),
        ),
        rows["registered"].annotate(
            who=_person("phone", "id"),
            via=index["registered"],
            **flags(lambda programme: Q(**{f"memberships__business__{MEMBERSHIP_FLAGS[programme]}": True})),
        ),
        rows["survey"].annotate(
            who=_person("started_by__phone", "started_by_id"),
            via=index["survey"],
            **flags(lambda programme: Q(programme=programme)),
        ),
        rows["erased"].annotate(
            who=F("person"),
            via=Case(
                When(channel="registered", then=index["registered"]),
                default=index["survey"],
                output_field=IntegerField(),
            ),
            **flags(lambda programme: Q(programme=programme)),
        ),
    ]
    columns = ["who", "via", *(f"p{number}" for number in range(len(programmes)))]
    return [queryset.values_list(*columns).order_by() for queryset in shaped]


def reach_patterns(programmes: Sequence[str], year: int) -> list[Pattern]:
    """The people reached in `year`, grouped by the channels and programmes they were reached through: flags in
    channel-major order (CHANNEL_ORDER × programmes), one query."""
    parts, params = [], []
    count = len(programmes)
    for queryset in _subqueries(programmes, year):
        sql, part_params = queryset.query.sql_with_params()
        flags = ", ".join(f"s.p{number}" for number in range(count))
        parts.append(f"SELECT s.who, s.via, {flags} FROM ({sql}) s")  # noqa: S608 - the inner SQL is the ORM's
        params.extend(part_params)
    names = [f"f{channel}_{number}" for channel in range(len(CHANNEL_ORDER)) for number in range(count)]
    per_person = ", ".join(
        f"MAX(CASE WHEN u.via = {channel} THEN u.p{number} ELSE 0 END) AS f{channel}_{number}"
        for channel in range(len(CHANNEL_ORDER))
        for number in range(count)
    )
    pattern = ", ".join(names)
    sql = (
        f"SELECT {pattern}, COUNT(*) FROM (SELECT u.who, {per_person} FROM ("  # noqa: S608 - names built here
        + " UNION ALL ".join(parts)
        + f") u WHERE u.who IS NOT NULL GROUP BY u.who) people WHERE {' + '.join(names)} > 0 GROUP BY {pattern}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [(tuple(int(flag) for flag in row[:-1]), int(row[-1])) for row in cursor.fetchall()]


def _people(rows: Iterable[tuple], programmes: Sequence[str]) -> dict[str, set[str]]:
    """Rows of (phone, account, programme flag…) into each programme's people."""
    keys: dict[str, set[str]] = {programme: set() for programme in programmes}
    for phone, account, *flags in rows:
        key = person_key(phone, account)
        if key:
            for programme, flag in zip(programmes, flags, strict=True):
                if flag:
                    keys[programme].add(key)
    return keys


def reach_patterns_orm(programmes: Sequence[str], year: int) -> list[Pattern]:
    """`reach_patterns`' ORM twin: every person of the year read, keyed by `person_key` and counted in Python."""
    rows = channel_rows(programmes, year)
    sms_flags = {f"p{n}": _flag(sms_condition(programme)) for n, programme in enumerate(programmes)}
    found = {
        "sms": _people(
            (
                (phone, None, *flags)
                for phone, *flags in rows["sms"]
                .annotate(**sms_flags)
                .values_list("phone", *sms_flags)
                .order_by()
                .distinct()
            ),
            programmes,
        ),
        "event": _people(
            (
                (phone, user, *(event in (programme, "") for programme in programmes))
                for phone, user, event in rows["event"]
                .values_list("attendee_phone", "user_id", "event__programme")
                .order_by()
                .distinct()
            ),
            programmes,
        ),
        "registered": _people(
            rows["registered"]
            .values_list(
                "phone", "pk", *(f"memberships__business__{MEMBERSHIP_FLAGS[p]}" for p in programmes)
            )
            .order_by()
            .distinct(),
            programmes,
        ),
        "survey": _people(
            (
                (phone, user, *(code == programme for programme in programmes))
                for phone, user, code in rows["survey"]
                .values_list("started_by__phone", "started_by_id", "programme")
                .order_by()
                .distinct()
            ),
            programmes,
        ),
    }
    for channel, programme, person in rows["erased"].values_list("channel", "programme", "person"):
        found[channel][programme].add(person)
    patterns: dict[str, list[int]] = {}
    for number, programme in enumerate(programmes):
        for channel, people in found.items():
            column = CHANNEL_ORDER.index(channel) * len(programmes) + number
            for person in people[programme]:
                patterns.setdefault(person, [0] * len(CHANNEL_ORDER) * len(programmes))[column] = 1
    counted: dict[tuple[int, ...], int] = {}
    for flags in patterns.values():
        counted[tuple(flags)] = counted.get(tuple(flags), 0) + 1
    return sorted(counted.items())
