"""The web application's settings: those of the deployment (auditor/settings.py) unless given explicitly."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from auditor import settings
from auditor.parsers import Limits
from auditor.store.db import db_path

SECRET_FILE = "web_secret"


@dataclass(frozen=True)
class Settings:
    db_path: Path
    secret: str
    public_read: bool = True  # may anonymous visitors read published (non-draft) results?
    max_upload_bytes: int = Limits().max_bytes
    template_dir: Path | None = None  # a deployment's own templates, looked up before the built-in ones
    https_only: bool = False  # session cookie only over HTTPS (set behind a TLS proxy)

    @classmethod
    def from_env(cls, db_file: str | os.PathLike | None = None) -> Settings:
        """The deployment's settings (auditor/settings.py); a wrong value raises its SettingError."""
        path = db_path(db_file)
        return cls(
            db_path=path,
            secret=settings.secret() or _stored_secret(path.parent / SECRET_FILE),
            public_read=settings.public_read(),
            max_upload_bytes=Limits.from_env().max_bytes,
            template_dir=settings.template_dir(),
            https_only=settings.https_only(),
        )


def _stored_secret(path: Path) -> str:
    """A random secret kept next to the database, so sessions survive a restart without configuration."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    path.parent.mkdir(parents=True, exist_ok=True)
    secret = secrets.token_urlsafe(48)
    # O_EXCL: if two workers start at once, one writes and the other reads the winner's secret
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(secret)
    return secret
