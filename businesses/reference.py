"""Loading the reference data: provinces and wards from `vietnam-provinces`, the 63 → 34 mapping, sectors."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps as global_apps
from django.db import transaction

from smedx_portal.text import search_key

DATA_DIR = Path(__file__).resolve().parent / "data"


@dataclass(frozen=True)
class ReferenceCounts:
    provinces: int
    wards: int
    legacy_provinces: int
    sectors: int


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def _load_provinces(apps) -> None:
    Province = apps.get_model("businesses", "Province")
    from vietnam_provinces import Province as VnProvince

    Province.objects.bulk_create(
        [
            Province(
                code=int(p.code),
                name=p.name,
                codename=p.codename,
                division_type=p.division_type.value,
                search_key=search_key(p.name),
            )
            for p in VnProvince.iter_all()
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "codename", "division_type", "search_key"],
    )


def _load_wards(apps) -> None:
    Ward = apps.get_model("businesses", "Ward")
    from vietnam_provinces import Ward as VnWard

    Ward.objects.bulk_create(
        [
            Ward(
                code=int(w.code),
                province_id=int(w.province_code),
                name=w.name,
                codename=w.codename,
                division_type=w.division_type.value,
                search_key=search_key(w.name),
            )
            for w in VnWard.iter_all()
        ],
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["province", "name", "codename", "division_type", "search_key"],
    )


def _load_legacy_provinces(apps) -> None:
    LegacyProvince = apps.get_model("businesses", "LegacyProvince")
    LegacyProvince.objects.bulk_create(
        [
            LegacyProvince(code=int(row["old_code"]), name=row["old_name"], province_id=int(row["new_code"]))
            for row in _read_csv("legacy_provinces.csv")
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "province"],
    )


def _load_sectors(apps) -> None:
    Sector = apps.get_model("businesses", "Sector")
    Sector.objects.bulk_create(
        [
            Sector(
                code=row["code"],
                name=row["name"],
                name_en=row["name_en"],
                is_retail=row["is_retail"] == "1",
                position=position,
            )
            for position, row in enumerate(_read_csv("sectors.csv"))
        ],
        update_conflicts=True,
        unique_fields=["code"],
        update_fields=["name", "name_en", "is_retail", "position"],
    )


@transaction.atomic
def reference_data_load(apps=global_apps) -> ReferenceCounts:
    """Create or update every reference row. Safe to run again: it upserts by code.

    `apps` is the model registry: the real one, or a migration's historical one.
    """
    _load_provinces(apps)
    _load_wards(apps)
    _load_legacy_provinces(apps)
    _load_sectors(apps)
    Province, Ward, LegacyProvince, Sector = (
        apps.get_model("businesses", name) for name in ("Province", "Ward", "LegacyProvince", "Sector")
    )
    return ReferenceCounts(
        provinces=Province.objects.count(),
        wards=Ward.objects.count(),
        legacy_provinces=LegacyProvince.objects.count(),
        sectors=Sector.objects.count(),
    )


def province_for_legacy_code(old_code: int):
    """The province that today covers a pre-2025 province code (data from before the reform)."""
    LegacyProvince = global_apps.get_model("businesses", "LegacyProvince")
    return LegacyProvince.objects.select_related("province").get(code=old_code).province
