"""Batch import: find the files, skip what is stored, parse and score in supervised children (auditor.jobs),
store each document in its own transaction in the calling process.

Only the main process writes, so the database sees one writer per import; a file that cannot be read is
reported with the parser's Swedish reason and the rest of the batch is still stored. When the checklist
version changes, every stored document is re-scored from its stored copy, not from the original path.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import sqlite_utils

from auditor import geography
from auditor.engine import checklist_version as current_version
from auditor.jobs import AuditTask, audit_many
from auditor.store.documents import (
    StoredFile,
    manifest_differs,
    rescore_document,
    store_scored_document,
    stored_blob,
)
from auditor.store.manifest import ManifestEntry, load_manifest
from auditor.store.sql import StoreError

# Walking a folder picks these up; unreadable formats among them are reported, not silently skipped.
DOCUMENT_SUFFIXES = {".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt"}


@dataclass(frozen=True)
class ScoreTask:
    label: str  # file name shown to the user
    path: str | None  # parse this file ...
    data: bytes | None  # ... or these stored bytes (re-scoring)
    doc_type: str | None  # known type (manifest) so the right items apply
    sha256: str
    document_id: int | None  # set when re-scoring a stored document


@dataclass
class ImportPlan:
    tasks: list[ScoreTask] = field(default_factory=list)
    files: dict[str, StoredFile] = field(default_factory=dict)  # sha256 -> new file to store
    entries: dict[str, ManifestEntry] = field(default_factory=dict)  # sha256 -> manifest entry
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    lan: str | None = None


@dataclass
class ImportSummary:
    imported: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    rescored: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)

    def text(self) -> str:
        lines = [f"Misslyckades: {label}: {reason}" for label, reason in self.failed]
        lines.append(
            f"Importerade: {len(self.imported)}, oförändrade: {len(self.unchanged)}, "
            f"omräknade: {len(self.rescored)}, misslyckade: {len(self.failed)}."
        )
        return "\n".join(lines)


def find_files(paths: Iterable[str | Path]) -> list[Path]:
    """Named files as given, plus document files found recursively in named folders (hidden ones skipped)."""
    found: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found.extend(
                sorted(
                    p
                    for p in path.rglob("*")
                    if p.is_file()
                    and p.suffix.lower() in DOCUMENT_SUFFIXES
                    and not any(part.startswith(".") for part in p.relative_to(path).parts)
                )
            )
        elif path.is_file():
            found.append(path)
        else:
            raise StoreError(f"Sökvägen {path} finns inte.")
    return found


def plan_import(
    db: sqlite_utils.Database,
    paths: Iterable[str | Path],
    *,
    manifest: str | Path | None = None,
    lan: str | None = None,
    checklist_version: str | None = None,
) -> ImportPlan:
    """Decide per file: new (score and store), unchanged (skip) or unreadable; and which stored documents
    need re-scoring: every one when the checklist changed, and those the manifest now says more about."""
    version = checklist_version or current_version()
    entries = load_manifest(manifest) if manifest else {}
    plan = ImportPlan(lan=lan.strip() if lan else None)
    stored = {
        row["sha256"]: row
        for row in db.query("SELECT d.*, k.name AS kommun FROM document d LEFT JOIN kommun k ON k.id = d.kommun_id")
    }
    stale = {
        row[0]
        for row in db.execute(
            "SELECT d.sha256 FROM document d JOIN latest_run r ON r.document_id = d.id WHERE r.checklist_version != ?",
            [version],
        )
    }
    for path in find_files(paths):
        try:
            content = path.read_bytes()
        except OSError as err:
            plan.failed.append((path.name, f"Filen kunde inte öppnas ({err.strerror})."))
            continue
        sha256 = hashlib.sha256(content).hexdigest()
        entry = entries.get(path.resolve())
        if sha256 in stored and stored[sha256]["is_draft"]:
            stale.discard(sha256)  # a saved self-check draft: scored and stored below, it becomes the real document
        elif sha256 in stored:
            if entry and (sha256 in stale or manifest_differs(stored[sha256], entry)):
                plan.entries[sha256] = entry  # same file, new facts: re-scored below with the manifest's type
                stale.add(sha256)
            elif sha256 not in stale:
                plan.unchanged.append(path.name)
            continue
        if sha256 in plan.files:  # the same content twice in this batch
            plan.unchanged.append(path.name)
            continue
        plan.files[sha256] = StoredFile(sha256, path.name, content)
        if entry:
            plan.entries[sha256] = entry
        plan.tasks.append(ScoreTask(path.name, str(path), None, entry.doc_type if entry else None, sha256, None))
    for sha256 in sorted(stale):  # re-scored from the stored copy, whether or not the file was given
        document, entry = stored[sha256], plan.entries.get(sha256)
        known_type = entry.doc_type if entry and entry.doc_type else (
            document["doc_type"] if document["doc_type_source"] == "manifest" else None
        )
        plan.tasks.append(
            ScoreTask(document["file_name"], None, stored_blob(db, sha256), known_type, sha256, document["id"])
        )
    return plan


def run_import(
    db: sqlite_utils.Database,
    plan: ImportPlan,
    *,
    actor: str,
    on_done: Callable[[ScoreTask, str | None], None] = lambda task, failure: None,
    workers: int | None = None,
) -> ImportSummary:
    """Score the plan's tasks (two at a time on two cores) and store each as it finishes; `on_done` hears of
    each task with the Swedish reason it failed, or None."""
    summary = ImportSummary(unchanged=list(plan.unchanged), failed=list(plan.failed))
    registered = tuple((e.kommun, lan) for e in plan.entries.values() if e.kommun and (lan := e.lan or plan.lan))
    for kommun, lan in registered:  # the store's kommun register learns them too
        geography.register_kommun(kommun, lan)
    jobs = [AuditTask(path=task.path, data=task.data, name=task.label if task.data is not None else None,
                      doc_type=task.doc_type, kommuner=registered) for task in plan.tasks]
    for index, audited, error in audit_many(jobs, workers=workers or min(2, os.cpu_count() or 1)):
        task = plan.tasks[index]
        if error is not None:
            summary.failed.append((task.label, str(error)))
            on_done(task, str(error))
            continue
        assert audited is not None  # audit_many gives a result or an error
        if task.document_id is not None:
            rescore_document(
                db, task.document_id, audited.result, entry=plan.entries.get(task.sha256), default_lan=plan.lan,
                actor=actor,
            )
            summary.rescored.append(task.label)
        else:
            stored_id = store_scored_document(
                db, plan.files[task.sha256], audited.result, entry=plan.entries.get(task.sha256),
                default_lan=plan.lan, actor=actor,
            )
            (summary.imported if stored_id is not None else summary.unchanged).append(task.label)
        on_done(task, None)
    return summary
