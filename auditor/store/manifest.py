"""Reading a corpus manifest: what the collector knows about each file (kommun, län, type, version)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from auditor.labels import DOC_TYPES
from auditor.store.sql import StoreError

VERSION_LABELS = ("baseline", "revised")
_YEAR = re.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")


@dataclass(frozen=True)
class ManifestEntry:
    id: str | None
    path: Path  # resolved
    kommun: str | None
    lan: str | None
    doc_type: str | None
    version: str | None
    period: str | None
    date: str | None


def year_span(value: object) -> tuple[int | None, int | None]:
    """First and last year written in a period ("2019–2021", "2024", 2020, "2020-01-01"), else None."""
    years = [int(y) for y in _YEAR.findall(str(value))] if value is not None else []
    return (min(years), max(years)) if years else (None, None)


def load_manifest(path: str | Path) -> dict[Path, ManifestEntry]:
    """Entries keyed by the resolved path of their file; a malformed manifest raises StoreError."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as err:
        raise StoreError(f"Manifestet {path} kunde inte läsas: {err}") from err
    if not isinstance(data, dict) or not isinstance(data.get("documents"), list):
        raise StoreError(f"Manifestet {path} saknar listan ”documents”.")
    entries: dict[Path, ManifestEntry] = {}
    for number, raw in enumerate(data["documents"], start=1):
        if not isinstance(raw, dict) or not raw.get("file"):
            raise StoreError(f"Manifestet {path}: post {number} saknar ”file”.")
        doc_type, version = raw.get("doc_type"), raw.get("version")
        if doc_type is not None and doc_type not in DOC_TYPES:
            raise StoreError(f"Manifestet {path}: okänd dokumenttyp ”{doc_type}” i post {number}.")
        if version is not None and version not in VERSION_LABELS:
            raise StoreError(f"Manifestet {path}: version måste vara baseline, revised eller tom (post {number}).")
        file_path = (path.parent / str(raw["file"])).resolve()
        entries[file_path] = ManifestEntry(
            id=_text(raw.get("id")),
            path=file_path,
            kommun=_text(raw.get("kommun")),
            lan=_text(raw.get("lan")),
            doc_type=doc_type,
            version=version,
            period=_text(raw.get("period")),
            date=_text(raw.get("date")),
        )
    return entries


def _text(value: object) -> str | None:
    return None if value is None else str(value)
