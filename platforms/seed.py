"""Domains, category groups and evaluation criteria from `data/catalogue.yaml` (idempotent).

Used by the data migration (so every database, test ones included, has them) and by
`manage.py load_catalogue`. Existing rows are left as staff edited them unless `update=True`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path

import yaml
from django.apps import apps as global_apps

CATALOGUE_FILE = Path(__file__).resolve().parent / "data" / "catalogue.yaml"
TERMS_FILE = Path(__file__).resolve().parent / "data" / "agreement_terms.yaml"


@dataclass
class CatalogueCounts:
    domains: int
    groups: int
    criteria: int
    created: int


def read_catalogue() -> dict:
    with CATALOGUE_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def catalogue_load(*, apps=global_apps, update: bool = False) -> CatalogueCounts:
    Domain = apps.get_model("platforms", "Domain")
    CategoryGroup = apps.get_model("platforms", "CategoryGroup")
    EvaluationCriterion = apps.get_model("platforms", "EvaluationCriterion")
    data = read_catalogue()
    created = 0

    def put(model, code: str, values: dict):
        nonlocal created
        if update:
            obj, was_created = model.objects.update_or_create(code=code, defaults=values)
        else:
            obj, was_created = model.objects.get_or_create(code=code, defaults=values)
        created += was_created
        return obj

    domains = {}
    for position, row in enumerate(data["domains"], start=1):
        values = {"name": row["name"], "name_en": row.get("name_en", ""), "position": position}
        domains[row["code"]] = put(Domain, row["code"], values)
    for position, row in enumerate(data["groups"], start=1):
        values = {
            "programme": row["programme"],
            "domain": domains[row["domain"]],
            "name": row["name"],
            "name_en": row.get("name_en", ""),
            "description": row.get("description", ""),
            "position": position,
        }
        put(CategoryGroup, row["code"], values)
    for position, row in enumerate(data["criteria"], start=1):
        values = {
            "kind": row["kind"],
            "programme": row.get("programme", ""),
            "name": row["name"],
            "name_en": row.get("name_en", ""),
            "description": row.get("description", ""),
            "weight": Decimal(str(row["weight"])),
            "scale_max": int(row.get("scale_max", 5)),
            "position": position,
        }
        put(EvaluationCriterion, row["code"], values)
    return CatalogueCounts(
        domains=len(data["domains"]),
        groups=len(data["groups"]),
        criteria=len(data["criteria"]),
        created=created,
    )


def agreement_terms_load(*, apps=global_apps) -> int:
    """The agreement terms' first versions (rights and obligations of QĐ 377 / QĐ 1459), added if missing."""
    AgreementTerms = apps.get_model("platforms", "AgreementTerms")
    with TERMS_FILE.open(encoding="utf-8") as handle:
        rows = yaml.safe_load(handle)
    created = 0
    for row in rows:
        _terms, was_created = AgreementTerms.objects.get_or_create(
            programme=row["programme"],
            version=row["version"],
            defaults={"title": row["title"], "rights": row["rights"], "obligations": row["obligations"]},
        )
        created += was_created
    return created
