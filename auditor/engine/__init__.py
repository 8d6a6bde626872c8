"""Scoring: the checklist (checklist_17.yaml) compiled into matchers and applied to a Document.

This package's own import is kept light (no spaCy, no compiled rules) so that callers which only need to
know whether stored scores are stale can ask for the checklist version cheaply.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import yaml

from auditor.resources import CHECKLIST, resource_path

CHECKLIST_PATH = resource_path(CHECKLIST)


def version_of(data: object) -> str:
    """The checklist version, recorded with every result: a short sha256 of the parsed structure, so that
    editing a comment or the layout of the YAML does not make every stored result stale."""
    canonical = json.dumps(data, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]


def checklist_version(path: str | Path | None = None) -> str:
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return version_of(yaml.load(Path(path or CHECKLIST_PATH).read_text(encoding="utf-8"), Loader=loader))
