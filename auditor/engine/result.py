"""What scoring produces: one evidence model, item results, and the whole audit result (with the goals that
`auditor.analysis.goals` reads).

`AuditResult.to_dict()` is the stable JSON contract of `auditor score --format json` (and of the web
self-check): keys may be added, never renamed or removed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from auditor.analysis.findings import Goal
from auditor.labels import level_label


@dataclass(frozen=True)
class Evidence:
    """A passage that supports a score: quoted from the original text, located by offsets and page."""

    item_id: str
    quote: str
    start: int
    end: int
    page: int | None
    rule: str = ""  # the checklist rule that found it, so every score traces back to the YAML


@dataclass
class ItemResult:
    id: str
    area: str
    title: str
    score: int  # 0, 1 or 2 (0 when not applicable)
    max: int
    applicable: bool
    evidence: list[Evidence] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)  # Swedish: what would be needed for a higher level
    advice: str = ""
    confidence: float = 1.0  # 0–1: how likely careful readers give the same level (auditor.engine.confidence)
    needs_review: bool = False
    review_reason: str = ""  # Swedish, when needs_review
    doubts: list[str] = field(default_factory=list)  # signs of doubt: near_next, single_evidence, few_evidence, ocr, doc_type_uncertain

    @property
    def level_label(self) -> str:
        return level_label(self.score, self.applicable)


@dataclass
class DocumentInfo:
    path: str
    sha256: str
    doc_type: str
    doc_type_confidence: float
    doc_type_cue: str
    kommun: str | None
    period: dict[str, int | str | None]  # {"from": ..., "to": ..., "text": ...}
    pages: int | None
    lokalpolisomrade: str | None = None
    signatories: list[dict[str, str]] = field(default_factory=list)  # {"name", "role"}
    adoption_date: str | None = None
    format: str = ""
    title: str | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field -> where it was read ("titeln", ...)
    ocr_pages: list[int] = field(default_factory=list)  # pages read by OCR: quotes from them may be misread


@dataclass
class AuditResult:
    document: DocumentInfo
    items: list[ItemResult]
    goals: list[Goal]
    checklist_version: str
    readability: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)

    @property
    def total(self) -> int:
        return sum(item.score for item in self.items if item.applicable)

    @property
    def max_total(self) -> int:
        return sum(item.max for item in self.items if item.applicable)

    @property
    def percent(self) -> float:
        return round(100 * self.total / self.max_total, 1) if self.max_total else 0.0

    def item(self, item_id: str) -> ItemResult:
        return next(item for item in self.items if item.id == item_id)

    def areas(self) -> dict[str, dict[str, int]]:
        totals: dict[str, dict[str, int]] = {}
        for item in self.items:
            if item.applicable:
                area = totals.setdefault(item.area, {"score": 0, "max": 0})
                area["score"] += item.score
                area["max"] += item.max
        return totals

    def to_dict(self) -> dict:
        items = []
        for item in self.items:
            data = asdict(item)
            data["level_label"] = item.level_label
            items.append(data)
        return {
            "document": asdict(self.document),
            "items": items,
            "areas": self.areas(),
            "total": self.total,
            "max_total": self.max_total,
            "percent": self.percent,
            "goals": [asdict(goal) for goal in self.goals],
            "readability": self.readability,
            "checklist_version": self.checklist_version,
            "warnings": self.warnings,
        }
