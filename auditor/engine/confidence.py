"""How sure a score is, from what the scorer knows about it, so a reviewer knows which scores to re-read.

    signals(ctx, item, level, support, doc_type_confidence) -> Signals     (the engine, per item)
    assess(item_id, level, signals) -> Assessment(confidence, needs_review, review_reason, doubts)

The scorer notes its signs of doubt: the next level was one condition away, a single piece of evidence
(or only two or three) carried the level, the text was read by OCR, the document type itself is uncertain. The confidence is how
often scores like this one (the same item at the same level with the same signs of doubt, backed off to all
items with those signs) agreed with careful readers on documents written by other hands
(`calibration.yaml`, made by `auditor calibrate`). Below the calibrated threshold the item needs review,
with the reasons in Swedish.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from auditor.analysis.context import ScanContext
from auditor.engine.conditions import Clause, count, covers_most

CALIBRATION = Path(__file__).resolve().parent.parent / "calibration.yaml"
DOUBTS = ("near_next", "single_evidence", "few_evidence", "ocr", "doc_type_uncertain")
FEW_EVIDENCE = 3  # distinct passages; on the blind set level-2 scores resting on more agreed far more often
UNCERTAIN_DOC_TYPE = 0.6
DEFAULT_THRESHOLD = 0.8


@dataclass(frozen=True)
class Signals:
    near_next: str = ""  # what the next level lacked when it lacked only one thing (Swedish), else ""
    single_evidence: bool = False
    few_evidence: bool = False
    ocr: bool = False
    doc_type_uncertain: bool = False


def signals(ctx: ScanContext, item, level: int, support: list, doc_type_confidence: float) -> Signals:
    """`support`: the (rule, hit) pairs that carried the level (empty at 0)."""
    near = ""
    if level < 2:
        gaps = [gap for c in item.conditions[level + 1].clauses if len(gap := _gaps(ctx, c)) == 1]
        near = f"{gaps[0][0]}; {item.missing[level].rstrip('.')}" if gaps else ""
    passages = len({(hit.start, hit.end) for _, hit in support})
    return Signals(
        near_next=near,
        single_evidence=level > 0 and passages == 1,
        few_evidence=level > 0 and 1 < passages <= FEW_EVIDENCE,
        ocr=bool(ctx.document.ocr_pages),
        doc_type_uncertain=doc_type_confidence < UNCERTAIN_DOC_TYPE,
    )


def _gaps(ctx: ScanContext, clause: Clause) -> list[str]:
    """What keeps the clause from holding, one Swedish phrase per missing part."""
    gaps = ["ett av villkoren saknas" for rule in clause.all if not ctx.hits(rule)]
    if clause.any and not any(ctx.hits(rule) for rule in clause.any):
        gaps.append("ett av villkoren saknas")
    for rule, needed in clause.min:
        found = count(ctx, rule)
        gaps += [f"hittade {found} av minst {needed}"] * max(0, needed - found)
    gaps += ["fler än tillåtet" for rule, most in clause.max if count(ctx, rule) > most]
    gaps += [f"{count(ctx, covered)} av {count(ctx, whole)}, inte de flesta" for covered, whole in clause.most
             if not covers_most(ctx, covered, whole)]
    gaps += ["något som utesluter nivån finns" for rule in clause.none if ctx.hits(rule)]
    return gaps


@cache
def calibration(path: Path = CALIBRATION) -> dict:
    """{"threshold": float, "counts": {key: [agreed, n]}} (see `counts`); no counts when the file is missing."""
    if not path.exists():
        return {"threshold": DEFAULT_THRESHOLD, "counts": {}}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {"threshold": float(data.get("threshold", DEFAULT_THRESHOLD)), "counts": data.get("counts") or {}}


def _keys(item_id: str, level: int, doubts: list[str]) -> tuple[str, str, str]:
    """The three groups a score belongs to, from the widest: all scores; scores at this level with these signs
    of doubt; this item at this level with these signs of doubt."""
    pattern = f"{level}|{','.join(sorted(doubts))}"
    return "alla", pattern, f"{item_id}|{pattern}"


def counts(records: list[tuple[str, int, list[str], bool]]) -> dict[str, list[int]]:
    """[agreed, n] per group of `_keys`, from (item, predicted level, doubts, agreed with the gold label)."""
    table: dict[str, list[int]] = {}
    for item_id, level, doubts, agreed in records:
        for key in _keys(item_id, level, doubts):
            cell = table.setdefault(key, [0, 0])
            cell[0] += agreed
            cell[1] += 1
    return table


def confidence_of(item_id: str, level: int, doubts: list[str], table: dict) -> float:
    """How often such scores agreed with the readers: each group's rate is drawn towards the wider group's
    by a few imagined observations, so a group seen rarely says little on its own."""
    estimate = 0.5
    for key, weight in zip(_keys(item_id, level, doubts), (2, 2, 3)):
        agreed, n = table.get(key, [0, 0])
        estimate = (agreed + weight * estimate) / (n + weight)
    return round(estimate, 2)


@dataclass(frozen=True)
class Assessment:
    confidence: float
    needs_review: bool
    review_reason: str  # Swedish, when needs_review
    doubts: list[str]  # the signs of doubt that applied (names in DOUBTS)


def assess(item_id: str, level: int, found: Signals) -> Assessment:
    settings = calibration()
    table, threshold = settings["counts"], settings["threshold"]
    reasons = {
        "near_next": f"Gränsfall mellan {level} och {level + 1}: {found.near_next}",
        "single_evidence": "Nivån vilar på ett enda belägg",
        "few_evidence": "Nivån vilar på få belägg",
        "ocr": "OCR-läst text: ord kan vara feltolkade",
        "doc_type_uncertain": "Osäker dokumenttyp",
    }
    doubts = [name for name in DOUBTS if getattr(found, name)]
    confidence = confidence_of(item_id, level, doubts, table)
    if not confidence < threshold:
        return Assessment(confidence, False, "", doubts)
    said = [reasons[name] for name in doubts] or [
        f"Punkten på nivå {level} får ofta en annan nivå av noggranna läsare"]
    return Assessment(confidence, True, "; ".join(said) + ".", doubts)
