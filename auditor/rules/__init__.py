"""Scoring: the checklist (checklist_17.yaml) compiled into matchers and applied to a Document.

This package's own import is kept light (no YAML, no spaCy) so that callers which only need to know
whether stored scores are stale can ask for the checklist version cheaply.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

CHECKLIST_PATH = Path(__file__).resolve().parent.parent / "checklist_17.yaml"


def version_of(raw: bytes) -> str:
    """The checklist version: a short sha256 of the file's bytes, recorded with every result."""
    return hashlib.sha256(raw).hexdigest()[:12]


def checklist_version(path: str | Path | None = None) -> str:
    return version_of(Path(path or CHECKLIST_PATH).read_bytes())
