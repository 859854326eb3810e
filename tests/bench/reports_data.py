"""The reports bench's data (`tests/bench/reports.py`), on PostgreSQL: BENCH_REPORTS_ROWS (1,000,000) businesses
and as many submitted assessments generated in SQL (`generate`), with the dashboards' summary tables filled from
them, and the people behind them (`seed_people`); `prepare` generates them or keeps an earlier run's. Each runs in
the bench's `prepare` step, in a process with Django set up on the bench database."""

from __future__ import annotations

import os
import time

ROWS = int(os.environ.get("BENCH_REPORTS_ROWS", "1000000"))
MARKER = "bench-reports"


def generate(n: int) -> None:
    """1,000,000 businesses and 1,000,000 submitted assessments, in SQL.

    Business g (1…n): 70 % surveyed once, 30 % of those twice (0.7 n + 0.3 n = n assessments); scores,
    levels, pillar scores and dates follow fixed formulas; each business's result in its programme is its latest
    assessment's. Kinds: 40 % stores, 35 % households, 20 % enterprises, 5 % cooperatives. The province with the
    most wards holds 20 % of the businesses (a big city), the other 80 % are spread evenly over the other wards.
    """
    from django.db import connection, transaction
    from django.utils import timezone

    from assessment.models import CriteriaSet
    from businesses.models import Sector
    from smedx_portal.taxonomy import PILLARS

    retail = list(Sector.objects.filter(is_retail=True).order_by("pk").values_list("pk", flat=True))
    other = list(Sector.objects.filter(is_retail=False).order_by("pk").values_list("pk", flat=True))
    rdx_set = CriteriaSet.objects.current("RDX") or CriteriaSet.objects.order_by("pk").first()
    smedx_set = CriteriaSet.objects.current("SMEDX") or rdx_set
    if rdx_set is None:
        raise RuntimeError("no criteria set: run `manage.py load_criteria --demo-approve` first")
    rdx_pillars = [code for code in PILLARS if code.startswith("rdx-")]
    dbi_pillars = [code for code in PILLARS if code.startswith("dbi-")]

    def pillars(score: str, salt: str) -> str:
        def one(code: str, j: int) -> str:
            return f"'{code}', (GREATEST(0, LEAST(100, {score} + (({salt} * {j + 3}) % 31) - 15)))::numeric(5,2)::text"

        rdx = ", ".join(one(code, j) for j, code in enumerate(rdx_pillars))
        dbi = ", ".join(one(code, j) for j, code in enumerate(dbi_pillars))
        return f"CASE WHEN rdx THEN jsonb_build_object({rdx}) ELSE jsonb_build_object({dbi}) END"

    def level(score: str) -> str:
        return f"CASE WHEN {score} >= 70 THEN 'dot_pha' WHEN {score} >= 40 THEN 'tang_truong' ELSE 'san_sang' END"

    now = timezone.now().isoformat()
    base = f"""
        SELECT g, kind, rdx, smedx, sector_id, created,
               s1, LEAST(100, s1 + 5 + g % 11) AS s2,
               created + ((g * 13) % 20 + 1) * interval '1 day' AS t1,
               created + ((g * 13) % 20 + 11 + g % 20) * interval '1 day' AS t2,
               g % 10 < 7 AS surveyed, g % 10 < 3 AS twice
        FROM (
          SELECT g, kind, kind IN ('retail_store', 'household') AS rdx,
                 kind IN ('enterprise', 'cooperative') OR (kind = 'household' AND g % 4 = 0) AS smedx,
                 CASE WHEN kind IN ('retail_store', 'household')
                      THEN (ARRAY{retail}::bigint[])[1 + (g * 31) % {len(retail)}]
                      ELSE (ARRAY{other}::bigint[])[1 + (g * 31) % {len(other)}] END AS sector_id,
                 '{now}'::timestamptz - (60 + g % 1400) * interval '1 day' AS created,
                 15 + (g * 37) % 70 AS s1
          FROM (SELECT g, CASE WHEN g % 20 < 8 THEN 'retail_store' WHEN g % 20 < 15 THEN 'household'
                               WHEN g % 20 < 19 THEN 'enterprise' ELSE 'cooperative' END AS kind
                FROM generate_series(1::bigint, {n}) g) k
        ) b
    """  # noqa: S608 - numbers and codes from this module only
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE businesses_business, businesses_businessresult, assessment_assessment, "
            "businesses_provincestat, businesses_wardstat, businesses_pillarstat, businesses_submissionstat "
            "RESTART IDENTITY CASCADE"
        )
        cursor.execute("SELECT province_id FROM businesses_ward GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
        big = cursor.fetchone()[0]
        cursor.execute(  # the big province's wards first (idx 1…big_wards), then the others
            "CREATE TEMP TABLE bench_wards ON COMMIT DROP AS SELECT (row_number() OVER "
            "(ORDER BY province_id <> %s, code))::int AS idx, code, province_id FROM businesses_ward",
            [big],
        )
        cursor.execute("SELECT count(*), count(*) FILTER (WHERE province_id = %s) FROM bench_wards", [big])
        wards, big_wards = cursor.fetchone()
        ward = (
            f"CASE WHEN g % 5 = 0 THEN 1 + (g * 7919) % {big_wards} "
            f"ELSE {big_wards} + 1 + (g * 7919) % {wards - big_wards} END"
        )
        cursor.execute(
            f"""
            INSERT INTO businesses_business (kind, in_smedx, in_rdx, name, search_name, tax_code, tax_code_encrypted, sector_id,
                size_class, employees, annual_revenue, province_id, ward_id, address, phone, verification_status,
                verification_reason, verified_at, created_at, updated_at)
            SELECT kind, smedx, rdx, 'Cơ sở kinh doanh {MARKER} ' || g, 'co so kinh doanh {MARKER} ' || g, NULL, '',
                sector_id, 'micro', 1 + g % 50, NULL, w.province_id, w.code, '', '', 'verified', '', NULL,
                created, created
            FROM ({base}) b JOIN bench_wards w ON w.idx = {ward}
            ORDER BY g
            """  # noqa: S608
        )
        for number, score, when, condition in (("1", "s1", "t1", "surveyed"), ("2", "s2", "t2", "twice")):
            cursor.execute(
                f"""
                INSERT INTO assessment_assessment (business_id, criteria_set_id, programme, status, channel,
                    total_score, level, pillar_scores, created_at, updated_at, submitted_at)
                SELECT g, CASE WHEN rdx THEN {rdx_set.pk} ELSE {smedx_set.pk} END,
                    CASE WHEN rdx THEN 'RDX' ELSE 'SMEDX' END, 'submitted', 'self',
                    ({score})::numeric(5,2), {level(score)}, {pillars(score, "g")}, {when}, {when}, {when}
                FROM ({base}) b WHERE {condition}
                """  # noqa: S608
            )
        # each business's result per programme: its latest submitted assessment in that programme
        cursor.execute(
            "INSERT INTO businesses_businessresult (business_id, programme, level, score, pillar_scores, "
            "criteria_set_id, criteria_version, assessed_at) "
            "SELECT DISTINCT ON (a.business_id, a.programme) a.business_id, a.programme, a.level, a.total_score, "
            "a.pillar_scores, a.criteria_set_id, c.version, a.submitted_at FROM assessment_assessment a "
            "JOIN assessment_criteriaset c ON c.id = a.criteria_set_id WHERE a.status = 'submitted' "
            "ORDER BY a.business_id, a.programme, a.submitted_at DESC"
        )
        # the summary tables, as businesses.stats keeps them (one SQL statement per table): a business counts in
        # each programme it takes part in or has a result in, with that programme's result
        counted = (
            "SELECT b.province_id, COALESCE(b.ward_id, 0) AS ward_code, b.kind, COALESCE(b.sector_id, 0) AS sector, "
            "p.programme, COALESCE(r.level, '') AS level, r.score FROM businesses_business b "
            "CROSS JOIN (VALUES ('SMEDX'), ('RDX')) p (programme) LEFT JOIN businesses_businessresult r "
            "ON r.business_id = b.id AND r.programme = p.programme "
            "WHERE r.id IS NOT NULL OR (p.programme = 'SMEDX' AND b.in_smedx) OR (p.programme = 'RDX' AND b.in_rdx)"
        )
        cursor.execute(
            "INSERT INTO businesses_provincestat (province_id, kind, sector_id, programme, level, businesses, "
            "score_sum) SELECT province_id, kind, sector, programme, level, count(*), COALESCE(sum(score), 0) "
            f"FROM ({counted}) c GROUP BY 1, 2, 3, 4, 5"  # noqa: S608
        )
        cursor.execute(
            "INSERT INTO businesses_wardstat (province_id, ward_code, kind, sector_id, programme, level, "
            "businesses, score_sum) SELECT province_id, ward_code, kind, sector, programme, level, count(*), "
            f"COALESCE(sum(score), 0) FROM ({counted}) c GROUP BY 1, 2, 3, 4, 5, 6"  # noqa: S608
        )
        cursor.execute(
            "INSERT INTO businesses_pillarstat (province_id, programme, pillar, businesses, score_sum) "
            "SELECT b.province_id, r.programme, e.key, count(*), sum(e.value::numeric) FROM businesses_business b "
            "JOIN businesses_businessresult r ON r.business_id = b.id, jsonb_each_text(r.pillar_scores) e "
            "GROUP BY 1, 2, 3"
        )
        cursor.execute(
            "INSERT INTO businesses_submissionstat (month, province_id, programme, level, submissions) "
            "SELECT date_trunc('month', a.submitted_at AT TIME ZONE %s)::date, b.province_id, a.programme, "
            "a.level, count(*) FROM assessment_assessment a JOIN businesses_business b ON b.id = a.business_id "
            "WHERE a.status = 'submitted' GROUP BY 1, 2, 3, 4",
            ["Asia/Ho_Chi_Minh"],
        )
    seed_people()
    with connection.cursor() as cursor:
        for table in (
            "businesses_business",
            "businesses_businessresult",
            "assessment_assessment",
            "businesses_provincestat",
            "businesses_wardstat",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


OWNER = f"{MARKER}-owner-"  # + the business's id


def seed_people() -> None:
    """The people behind the generated businesses, so that people reached (`reports.reach`) and the trial-set
    count read realistic rows: each business has an owner account (joined when the business was created; one
    in 17 without a phone) with an active membership; the owner started the business's surveys, except one
    business in 11, entered by someone since deleted (no `started_by`); one result in 23 (and its surveys) is
    scored under the programme's retired trial criteria set. The moduli are prime to the kinds' (20) and the big
    province's (5), so each share spreads over every kind and province. Rerunning it rewrites the same rows."""
    from django.db import connection, transaction

    from assessment.models import CriteriaSet

    sets = {
        (programme, is_trial): (pk, version)
        for programme, is_trial, pk, version in CriteriaSet.objects.filter(
            status__in=["published", "retired"], is_legacy=False
        ).values_list("programme", "is_trial", "pk", "version")
    }
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, is_staff, "
            "is_active, date_joined, phone, email, full_name, role, language, department, "
            "privacy_notice_version) SELECT '!', false, %s || b.id, '', '', false, true, b.created_at, "
            "CASE WHEN b.id %% 17 = 3 THEN NULL ELSE '+8486' || lpad(b.id::text, 7, '0') END, '', "
            "'Chủ cơ sở ' || b.id, 'business', 'vi', '', '' FROM businesses_business b ORDER BY b.id "
            "ON CONFLICT (username) DO UPDATE SET phone = EXCLUDED.phone, date_joined = EXCLUDED.date_joined",
            [OWNER],
        )
        cursor.execute(
            "INSERT INTO businesses_membership (role, status, created_at, business_id, user_id) "
            "SELECT 'owner', 'active', u.date_joined, substring(u.username from %s)::bigint, u.id "
            "FROM accounts_user u WHERE u.username LIKE %s ON CONFLICT DO NOTHING",
            [len(OWNER) + 1, f"{OWNER}%"],
        )
        cursor.execute(
            "UPDATE assessment_assessment a SET started_by_id = CASE WHEN a.business_id %% 11 = 5 THEN NULL "
            "ELSE m.user_id END FROM businesses_membership m, accounts_user u "
            "WHERE m.business_id = a.business_id AND u.id = m.user_id AND u.username LIKE %s",
            [f"{OWNER}%"],
        )
        for programme in ("SMEDX", "RDX"):
            if (programme, True) not in sets or (programme, False) not in sets:
                continue
            (trial, trial_version), (current, version) = sets[(programme, True)], sets[(programme, False)]
            cursor.execute(
                "UPDATE businesses_businessresult SET "
                "criteria_set_id = CASE WHEN business_id %% 23 = 7 THEN %s ELSE %s END, "
                "criteria_version = CASE WHEN business_id %% 23 = 7 THEN %s ELSE %s END WHERE programme = %s",
                [trial, current, trial_version, version, programme],
            )
            cursor.execute(
                "UPDATE assessment_assessment SET criteria_set_id = "
                "CASE WHEN business_id %% 23 = 7 THEN %s ELSE %s END WHERE programme = %s",
                [trial, current, programme],
            )
    with connection.cursor() as cursor:
        for table in (
            "accounts_user",
            "businesses_membership",
            "assessment_assessment",
            "businesses_businessresult",
        ):
            cursor.execute(f"VACUUM ANALYZE {table}")


def prepare() -> dict:
    """Generate the data (`generate`), or keep an earlier run's when it has the size asked (seeding the people
    if it predates them), and the ministry staff account the pages are measured with; returns what there is."""
    from django.db import connection

    from accounts.models import Role, User

    started = time.monotonic()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM businesses_business WHERE name LIKE %s", [f"%{MARKER}%"])
        present = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM assessment_assessment WHERE status = 'submitted'")
        assessments = cursor.fetchone()[0]
        cursor.execute(  # an earlier run's data spread evenly (before the big province was seeded)
            "SELECT coalesce(max(n), 0) FROM (SELECT count(*) AS n FROM businesses_business GROUP BY province_id) c"
        )
        skewed = cursor.fetchone()[0] >= ROWS // 5
    note = "reused from an earlier run"
    if os.environ.get("BENCH_REPORTS_REBUILD") or present != ROWS or assessments != ROWS or not skewed:
        generate(ROWS)
        note = "generated in SQL"
    elif not User.objects.filter(
        username__startswith=OWNER
    ).exists():  # data from before the people were seeded
        seed_people()
        note = "reused from an earlier run; people seeded"
    User.objects.get_or_create(
        username=f"{MARKER}-staff",
        defaults={
            "role": Role.MINISTRY_STAFF,
            "is_staff": True,
            "is_superuser": True,
            "phone": "+84700000999",
        },
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM businesses_business")
        businesses = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM assessment_assessment WHERE status = 'submitted'")
        assessments = cursor.fetchone()[0]
    return {
        "businesses": businesses,
        "assessments": assessments,
        "seconds": time.monotonic() - started,
        "note": note,
    }
