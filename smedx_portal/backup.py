"""Backup and restore: the PostgreSQL database (pg_dump, custom format) and the media folder (a tar archive).

A backup is a folder with `database.dump`, `media.tar.gz` and `manifest.json` (when, which database, the size
and SHA-256 of each file). Restoring replaces the database's `public` schema and the media folder with the
backup's. Identity numbers stay encrypted in the dump: restoring needs the same IDENTITY_ENCRYPTION_KEYS (keep
the keys apart from the backups). A backup holds personal data: store it encrypted, with restricted access.
`make backup` / `make restore FROM=<folder>` call the management commands `backup` and `restore`.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import tarfile
from pathlib import Path

from django.conf import settings
from django.db import connection
from django.utils import timezone

DUMP = "database.dump"
MEDIA = "media.tar.gz"
MANIFEST = "manifest.json"


class BackupError(Exception):
    pass


def _pg_environment() -> tuple[list[str], dict[str, str]]:
    """Connection arguments for pg_dump / pg_restore, from the database Django is connected to."""
    if connection.vendor != "postgresql":
        raise BackupError("Backup and restore need PostgreSQL (DATABASE_URL).")
    config = connection.settings_dict
    arguments = ["--dbname", config["NAME"], "--no-owner", "--no-privileges"]
    if config.get("HOST"):
        arguments += ["--host", str(config["HOST"])]
    if config.get("PORT"):
        arguments += ["--port", str(config["PORT"])]
    if config.get("USER"):
        arguments += ["--username", str(config["USER"])]
    environment = {**os.environ, "PGPASSWORD": str(config.get("PASSWORD") or "")}
    return arguments, environment


def _run(command: list[str], environment: dict[str, str]) -> None:
    result = subprocess.run(command, env=environment, capture_output=True, text=True, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:2000]}")


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_create(*, directory: Path) -> Path:
    """Write a backup into `directory` (created; must be empty). Returns the manifest's path."""
    directory.mkdir(parents=True, exist_ok=True)
    if any(directory.iterdir()):
        raise BackupError(f"{directory} is not empty.")
    arguments, environment = _pg_environment()
    _run(["pg_dump", "--format", "custom", "--file", str(directory / DUMP), *arguments], environment)
    media_root = Path(settings.MEDIA_ROOT)
    with tarfile.open(directory / MEDIA, "w:gz") as archive:
        if media_root.exists():
            archive.add(media_root, arcname=".")
    manifest = {
        "created_at": timezone.now().isoformat(),
        "database": connection.settings_dict["NAME"],
        "files": {
            name: {"bytes": (directory / name).stat().st_size, "sha256": _sha256(directory / name)}
            for name in (DUMP, MEDIA)
        },
    }
    path = directory / MANIFEST
    path.write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return path


def _check(directory: Path) -> None:
    manifest = json.loads((directory / MANIFEST).read_text(encoding="utf-8"))
    for name, facts in manifest["files"].items():
        if _sha256(directory / name) != facts["sha256"]:
            raise BackupError(f"{name} does not match the manifest: the backup is damaged.")


def backup_restore(*, directory: Path) -> None:
    """Replace the database and the media folder with the backup in `directory` (checked first)."""
    _check(directory)
    arguments, environment = _pg_environment()
    with connection.cursor() as cursor:
        cursor.execute("DROP SCHEMA IF EXISTS public CASCADE")
        cursor.execute("CREATE SCHEMA public")
    _run(
        ["pg_restore", "--exit-on-error", "--single-transaction", *arguments, str(directory / DUMP)],
        environment,
    )
    media_root = Path(settings.MEDIA_ROOT)
    if media_root.exists():
        shutil.rmtree(media_root)
    media_root.mkdir(parents=True)
    with tarfile.open(directory / MEDIA, "r:gz") as archive:
        archive.extractall(media_root, filter="data")
