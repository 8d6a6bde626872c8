"""Score the documents of a labelled manifest and compare with the gold labels.

Manifest (YAML): `documents:` a list of {id, file (relative to the manifest), doc_type, labels:
{R1: {score, why}, …}}. Items without a gold score, and items not applicable to a document, are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from auditor.document import Document
from auditor.rules.metrics import LEVELS, confusion_matrix, exact_agreement, weighted_kappa
from auditor.rules.result import AuditResult, ITEM_IDS


class ManifestError(ValueError):
    """The manifest cannot be read; the message (Swedish) says where."""


@dataclass
class Disagreement:
    document_id: str
    item_id: str
    gold: int
    predicted: int
    why: str  # the gold label's reason
    evidence: list[str]  # what the rules quoted (empty for a predicted 0)
    missing: list[str]


@dataclass
class ItemAgreement:
    item_id: str
    n: int
    exact: float | None
    kappa: float | None
    confusion: list[list[int]]


@dataclass
class Evaluation:
    items: list[ItemAgreement]
    overall_exact: float | None
    doc_type_accuracy: float | None
    doc_type_errors: list[dict] = field(default_factory=list)
    disagreements: list[Disagreement] = field(default_factory=list)
    documents: int = 0

    def to_dict(self) -> dict:
        from dataclasses import asdict

        return asdict(self)


def load_manifest(path: str | Path) -> list[dict]:
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as err:
        raise ManifestError(f"Manifestet {path} kan inte läsas: {err}") from err
    entries = (data or {}).get("documents") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ManifestError(f"Manifestet {path} saknar listan documents.")
    for number, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or "file" not in entry or "id" not in entry:
            raise ManifestError(f"Dokument nr {number} i {path.name} saknar id eller file.")
        entry["path"] = str((path.parent / entry["file"]).resolve())
    return entries


def evaluate(
    entries: list[dict],
    parse: Callable[[str], Document],
    score: Callable[[Document], AuditResult],
) -> Evaluation:
    pairs: dict[str, list[tuple[int, int]]] = {item_id: [] for item_id in ITEM_IDS}
    disagreements: list[Disagreement] = []
    doc_type_hits: list[bool] = []
    doc_type_errors: list[dict] = []
    for entry in entries:
        result = score(parse(entry["path"]))
        gold_type = entry.get("doc_type")
        if gold_type:
            doc_type_hits.append(gold_type == result.document.doc_type)
            if gold_type != result.document.doc_type:
                doc_type_errors.append({"document_id": entry["id"], "gold": gold_type,
                                        "predicted": result.document.doc_type, "cue": result.document.doc_type_cue})
        for item_id, label in (entry.get("labels") or {}).items():
            gold = label.get("score") if isinstance(label, dict) else label
            if item_id not in pairs or gold not in LEVELS:
                continue
            item = result.item(item_id)
            if not item.applicable:
                continue
            pairs[item_id].append((gold, item.score))
            if gold != item.score:
                disagreements.append(Disagreement(
                    document_id=entry["id"], item_id=item_id, gold=gold, predicted=item.score,
                    why=(label.get("why") or "") if isinstance(label, dict) else "",
                    evidence=[f"{e.quote} (s. {e.page}, {e.rule})" for e in item.evidence],
                    missing=item.missing,
                ))
    all_pairs = [p for item_pairs in pairs.values() for p in item_pairs]
    return Evaluation(
        items=[ItemAgreement(item_id, len(p), exact_agreement(p), weighted_kappa(p), confusion_matrix(p))
               for item_id, p in pairs.items()],
        overall_exact=exact_agreement(all_pairs),
        doc_type_accuracy=sum(doc_type_hits) / len(doc_type_hits) if doc_type_hits else None,
        doc_type_errors=doc_type_errors,
        disagreements=disagreements,
        documents=len(entries),
    )


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def render_evaluation(evaluation: Evaluation) -> str:
    lines = [
        f"Utvärdering mot guldetiketter: {evaluation.documents} dokument",
        f"  Exakt överensstämmelse totalt: {_percent(evaluation.overall_exact)}",
        f"  Dokumenttyp rätt: {_percent(evaluation.doc_type_accuracy)}",
        "",
        "Punkt  antal  exakt   κ (linjär)  förväxlingsmatris guld×granskare (rader 0/1/2)",
    ]
    for item in evaluation.items:
        kappa = "–" if item.kappa is None else f"{item.kappa:.2f}"
        matrix = " ".join("[" + " ".join(f"{c:2d}" for c in row) + "]" for row in item.confusion)
        lines.append(f"{item.item_id:<6} {item.n:>5}  {_percent(item.exact):>5}   {kappa:>9}   {matrix}")
    if evaluation.doc_type_errors:
        lines += ["", "Fel dokumenttyp:"]
        lines += [f"  {e['document_id']}: guld {e['gold']}, granskaren {e['predicted']} ({e['cue']})"
                  for e in evaluation.doc_type_errors]
    if evaluation.disagreements:
        lines += ["", "Oenigheter:"]
        for d in evaluation.disagreements:
            lines.append(f"  {d.document_id} {d.item_id}: guld {d.gold}, granskaren {d.predicted}")
            if d.why:
                lines.append(f"    Guldmotivering: {d.why}")
            lines += [f"    Underlag: ”{quote}”" for quote in d.evidence]
            if not d.evidence:
                lines += [f"    Saknas enligt granskaren: {m}" for m in d.missing]
    return "\n".join(lines)
