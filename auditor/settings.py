"""The deployment's settings: the only module that reads the `AUDITOR_*` environment variables. Each is read
when asked for (not at import), so a changed environment counts at once; a value that cannot be used raises
`SettingError` with a Swedish message naming the variable.

| Variable                | Meaning                                                       | Default                   |
|-------------------------|---------------------------------------------------------------|---------------------------|
| `AUDITOR_DB`            | the database file                                             | `data/granskaren.db`      |
| `AUDITOR_JOBS`          | parse jobs at once per process (1 or more)                    | the number of cores       |
| `AUDITOR_MAX_MB`        | largest file to parse or upload, MB                           | 50                        |
| `AUDITOR_MAX_PAGES`     | most pages of a document                                      | 500                       |
| `AUDITOR_PARSE_SECONDS` | wall time of one parse                                        | 120                       |
| `AUDITOR_PARSE_MB`      | memory of one parse and what it starts, MB                    | 2000                      |
| `AUDITOR_SECRET`        | key that signs the web session cookie                         | kept next to the database |
| `AUDITOR_PUBLIC_READ`   | may anonymous visitors read published results (1/0, ja/nej)   | on                        |
| `AUDITOR_HTTPS_ONLY`    | session cookie only over HTTPS (behind a TLS proxy)           | off                       |
| `AUDITOR_TEMPLATES`     | a folder whose web templates override the built-in ones       | none                      |
| `AUDITOR_SMTP_HOST`     | e-mail server for `auditor notify-mail`; without it no e-mail | none                      |
| `AUDITOR_SMTP_PORT`     | its port                                                      | 25                        |
| `AUDITOR_SMTP_FROM`     | sender address                                                | `granskaren@localhost`    |
| `AUDITOR_SMTP_USER`     | login name at the server                                      | none                      |
| `AUDITOR_SMTP_PASSWORD` | password at the server                                        | none                      |
| `AUDITOR_SMTP_STARTTLS` | upgrade the connection with STARTTLS (1/0)                    | off                       |
"""

from __future__ import annotations

import math
import os
from dataclasses import dataclass
from pathlib import Path

_TRUE = ("1", "ja", "true", "yes", "on")
_FALSE = ("0", "nej", "false", "no", "off")


class SettingError(ValueError):
    """An environment variable with a value that cannot be used; `str(err)` is a Swedish message."""


@dataclass(frozen=True)
class Smtp:
    host: str
    port: int = 25
    sender: str = "granskaren@localhost"
    user: str | None = None
    password: str | None = None
    starttls: bool = False


def _text(name: str) -> str | None:
    """The variable's value without surrounding space; None when unset or blank."""
    return (os.environ.get(name) or "").strip() or None


def _number(name: str, kind: type[float] = float, minimum: int = 0, what: str = "") -> float | None:
    """A finite number of at least `minimum` (an integer when `kind` is int), or None when unset."""
    value = _text(name)
    if value is None:
        return None
    try:
        number: float | None = kind(value)
    except ValueError:
        number = None
    if number is None or not math.isfinite(number) or number < minimum:
        what = what or f"{'heltal' if kind is int else 'tal'} från {minimum} och uppåt"
        raise SettingError(f"{name} ”{value}” är inget {what}: rätta värdet eller ta bort variabeln.")
    return number


def _integer(name: str, minimum: int = 0, what: str = "") -> int | None:
    number = _number(name, int, minimum, what)
    return None if number is None else int(number)


def _flag(name: str, default: bool) -> bool:
    value = _text(name)
    if value is None:
        return default
    if value.lower() in _TRUE:
        return True
    if value.lower() in _FALSE:
        return False
    raise SettingError(f"{name} ”{value}” är varken på eller av: ange 1 eller 0 (ja eller nej).")


def db_file() -> Path | None:
    value = _text("AUDITOR_DB")
    return Path(value) if value else None


def jobs() -> int | None:
    return _integer("AUDITOR_JOBS", 1)  # 0 would let no job run


def max_mb() -> float | None:
    return _number("AUDITOR_MAX_MB")


def max_pages() -> int | None:
    return _integer("AUDITOR_MAX_PAGES")


def parse_seconds() -> float | None:
    return _number("AUDITOR_PARSE_SECONDS")


def parse_mb() -> float | None:
    return _number("AUDITOR_PARSE_MB")


def secret() -> str | None:
    return _text("AUDITOR_SECRET")


def public_read() -> bool:
    return _flag("AUDITOR_PUBLIC_READ", True)


def https_only() -> bool:
    return _flag("AUDITOR_HTTPS_ONLY", False)


def template_dir() -> Path | None:
    value = _text("AUDITOR_TEMPLATES")
    return Path(value) if value else None


def smtp() -> Smtp | None:
    """The e-mail server, or None when AUDITOR_SMTP_HOST is not set."""
    host = _text("AUDITOR_SMTP_HOST")
    if host is None:
        return None
    return Smtp(host=host, port=_integer("AUDITOR_SMTP_PORT", 1, "portnummer") or Smtp.port, sender=_text("AUDITOR_SMTP_FROM") or Smtp.sender,
                user=_text("AUDITOR_SMTP_USER"), password=os.environ.get("AUDITOR_SMTP_PASSWORD") or None,
                starttls=_flag("AUDITOR_SMTP_STARTTLS", False))


def check() -> None:
    """Read every setting once, so a service refuses to start with a wrong value instead of failing later."""
    for read in (db_file, jobs, max_mb, max_pages, parse_seconds, parse_mb, public_read, https_only, template_dir,
                 smtp):
        read()
