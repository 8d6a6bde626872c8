"""Score the documents of a labelled manifest and compare with the gold labels.

Manifest (YAML): `documents:` a list of {id, file (relative to the manifest), doc_type, labels:
{R1: {score, why}, …}}. Items without a gold score, and items not applicable to a document, are skipped.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

from auditor.document import Document
from auditor.engine.confidence import confidence_of, counts
from auditor.engine.result import AuditResult
from auditor.evaluation.metrics import LEVELS, confusion_matrix, exact_agreement, weighted_kappa
from auditor.labels import ITEM_IDS, page_label


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
class ScoredItem:
    document_id: str
    item_id: str
    gold: int
    predicted: int
    needs_review: bool
    doubts: list[str]


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
    scored: list[ScoredItem] = field(default_factory=list)  # every labelled item, for confidence figures

    @property
    def sure(self) -> tuple[float | None, float | None, float | None]:
        """(share of items not needing review, agreement among them, agreement among the rest)."""
        sure = [s.gold == s.predicted for s in self.scored if not s.needs_review]
        unsure = [s.gold == s.predicted for s in self.scored if s.needs_review]
        return (len(sure) / len(self.scored) if self.scored else None,
                sum(sure) / len(sure) if sure else None, sum(unsure) / len(unsure) if unsure else None)

    def to_dict(self) -> dict:
        share, sure_exact, unsure_exact = self.sure
        return {**asdict(self), "sure_share": share, "sure_exact": sure_exact, "unsure_exact": unsure_exact}


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
    scored: list[ScoredItem] = []
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
            scored.append(ScoredItem(entry["id"], item_id, gold, item.score, item.needs_review, item.doubts))
            if gold != item.score:
                disagreements.append(Disagreement(
                    document_id=entry["id"], item_id=item_id, gold=gold, predicted=item.score,
                    why=(label.get("why") or "") if isinstance(label, dict) else "",
                    evidence=[f"{e.quote} ({', '.join(filter(None, (page_label(e.page), e.rule)))})" for e in item.evidence],
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
        scored=scored,
    )


def calibrate(scored: list[ScoredItem], target: float = 0.95) -> dict:
    """Agreement counts for the confidence (see auditor.engine.confidence) and the lowest review threshold at
    which the items marked sure agree with the gold labels at `target` or better. The threshold is chosen,
    and the figures reported, with each document left out in turn (its items judged by counts from the
    other documents only), so they are not those of the documents the counts came from."""
    def records(items: list[ScoredItem]) -> list[tuple[str, int, list[str], bool]]:
        return [(r.item_id, r.predicted, r.doubts, r.gold == r.predicted) for r in items]

    documents = sorted({r.document_id for r in scored})
    held_out: list[tuple[float, bool]] = []  # (confidence without its own document, agreed)
    for document in documents:
        others = counts(records([r for r in scored if r.document_id != document]))
        held_out += [(confidence_of(r.item_id, r.predicted, r.doubts, others), r.gold == r.predicted)
                     for r in scored if r.document_id == document]
    threshold = 1.0
    for step in range(100, 0, -1):  # the lowest threshold that still meets the target
        sure = [agreed for conf, agreed in held_out if conf >= step / 100]
        if sure and sum(sure) / len(sure) >= target:
            threshold = step / 100
    sure = [agreed for conf, agreed in held_out if conf >= threshold]
    unsure = [agreed for conf, agreed in held_out if conf < threshold]
    return {
        "threshold": threshold,
        "cross_validated": {
            "documents": len(documents), "items": len(held_out),
            "sure_share": round(len(sure) / len(held_out), 3) if held_out else None,
            "sure_exact": round(sum(sure) / len(sure), 3) if sure else None,
            "unsure_exact": round(sum(unsure) / len(unsure), 3) if unsure else None,
        },
        "counts": counts(records(scored)),
    }


def _percent(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.0f} %"


def render_evaluation(evaluation: Evaluation) -> str:
    share, sure_exact, unsure_exact = evaluation.sure
    lines = [
        f"Utvärdering mot guldetiketter: {evaluation.documents} dokument",
        f"  Exakt överensstämmelse totalt: {_percent(evaluation.overall_exact)}",
        f"  Dokumenttyp rätt: {_percent(evaluation.doc_type_accuracy)}",
        f"  Säkra punkter (behöver inte granskas): {_percent(share)}, överensstämmelse bland dem "
        f"{_percent(sure_exact)}; bland de osäkra {_percent(unsure_exact)}",
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
