"""Helpers shared by the store tests: AuditResults built to order and the sample corpus rendered to files."""

from __future__ import annotations

import hashlib
from pathlib import Path

import yaml

from auditor.analysis.findings import Goal
from auditor.engine.result import AuditResult, DocumentInfo, Evidence, ItemResult
from auditor.labels import ITEM_IDS
from auditor.store.documents import StoredFile, store_scored_document
from auditor.store.manifest import ManifestEntry
from corpus_samples.render import load_source, render

AREAS = {"R": "Ramar", "L": "Lägesbild", "O": "Orsaksanalys", "M": "Mål", "A": "Ansvar", "U": "Uppföljning"}
NOT_FOR_MEDBORGARLOFTE = {"A2", "A3"}


def make_result(
    scores: dict[str, int] | None = None,
    *,
    default: int = 1,
    doc_type: str = "samverkansoverenskommelse",
    kommun: str | None = None,
    name: str = "dokument.pdf",
    checklist_version: str = "v1",
) -> AuditResult:
    """A result with every item at `default` unless `scores` says otherwise; evidence for scores > 0."""
    scores = scores or {}
    items = []
    for item_id in ITEM_IDS:
        applicable = not (doc_type == "medborgarlofte" and item_id in NOT_FOR_MEDBORGARLOFTE)
        score = scores.get(item_id, default) if applicable else 0
        evidence = [Evidence(item_id, f"Belägg för {item_id} i {name}", 10, 40, 2, f"{item_id}.regel")] if score else []
        items.append(
            ItemResult(item_id, AREAS[item_id[0]], f"Rubrik {item_id}", score, 2, applicable, evidence,
                       [] if score == 2 else [f"Saknas för {item_id}"], "Råd")
        )
    info = DocumentInfo(name, hashlib.sha256(name.encode()).hexdigest(), doc_type, 0.9, "rubrik", kommun,
                        {"from": None, "to": None, "text": None}, 3, format="pdf")
    goal = Goal("Minska bostadsinbrotten med 20 % till 2025", 50, 90, 2, "effektmal", True, True, True, False, ["ok"])
    return AuditResult(info, items, [goal], checklist_version)


def store(db, name: str, result: AuditResult, *, kommun=None, lan="Mellanskogs län", doc_type=None,
          period=None, date=None, version=None, is_draft=False) -> int:
    """Store `result` as if imported from file `name` with a manifest entry; returns the document id."""
    entry = ManifestEntry(name, None, kommun, lan if kommun else None, doc_type or result.document.doc_type,
                          version, period, date)
    content = f"innehåll i {name}".encode()
    file = StoredFile(hashlib.sha256(content).hexdigest(), name, content)
    return store_scored_document(db, file, result, entry=entry, is_draft=is_draft, actor="test")


# --- real documents ------------------------------------------------------------------------------

SOURCES = Path(__file__).resolve().parent.parent / "corpus_samples" / "sources"
# Text-layer documents only (no OCR), two kommuner with two versions each, one look-alike.
SAMPLE_IDS = (
    "bjorkvik_ml_2019", "bjorkvik_ml_2022", "bjorkvik_so_2021",
    "ostan_ml_2019", "ostan_so_2021", "kvarnholm_ml_2021", "stensjo_strategi_2020",
)


def render_corpus(folder: Path, ids=SAMPLE_IDS) -> Path:
    """Render the sources with the corpus renderer into `folder` and write a manifest; returns its path."""
    folder.mkdir(parents=True, exist_ok=True)
    entries = []
    for source_id in ids:
        source = load_source(SOURCES / f"{source_id}.md")
        path = render(source, folder)
        meta = source.meta
        entries.append(
            {
                "id": source_id, "file": path.name, "kommun": meta["kommun"], "lan": meta["lan"],
                "doc_type": meta["doc_type"], "version": meta.get("version"),
                "period": meta.get("period"), "date": str(meta["date"]) if meta.get("date") else None,
            }
        )
    manifest = folder / "manifest.yaml"
    manifest.write_text(yaml.safe_dump({"documents": entries}, allow_unicode=True), encoding="utf-8")
    return manifest
