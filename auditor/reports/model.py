"""The report model: everything a kvalitetsrapport shows, gathered from the store as plain data.

Renderers (HTML, DOCX, PDF) read only this model, so the three formats always say the same thing. The
figures come from the store's own functions: effective scores (a reviewer's override wins) from
`current_scores`, the baseline → revised verdict from `compare_documents`, the län figures from
`inventory` and the heatmap rows from `overview.heatmap`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from auditor.labels import DOC_TYPE_TITLES, ITEM_IDS, level_label
from auditor.store.compare import compare_documents
from auditor.store.documents import current_scores, documents_for_kommun, ocr_marked, period_label
from auditor.store.inventory import ML, SO, inventory
from auditor.store.overview import heatmap, latest_result
from auditor.store.places import require_kommun, require_lan
from auditor.store.review_queue import DECIDING
from auditor.store.reviews import gaps_at_level
from auditor.store.sql import StoreError
from auditor.store.versions import chosen_by, version_pair

SUMMARY_COUNT = 3  # improvements and remaining gaps on the report's first page

# The checklist is written for agreements and löften; look-alikes (strategies, plans) are listed, not scored.
REPORTED_TYPES = (SO, ML)


class ReportError(StoreError):
    """Nothing to report on (e.g. a kommun without agreements or löften). `str(err)` is Swedish."""


@dataclass
class Override:
    """A reviewer's score that replaced the automatic one."""

    reviewer: str
    automatic_score: int
    score: int
    comment: str
    date: str


@dataclass
class ItemVersion:
    """One item as scored in one document."""

    score: int
    applicable: bool
    evidence: list[dict]  # {"quote", "page", ...} as stored
    missing: list[str]
    advice: str
    override: Override | None

    @property
    def level_label(self) -> str:
        return level_label(self.score, self.applicable)


@dataclass
class ItemSection:
    id: str
    area: str
    title: str
    versions: list[ItemVersion]  # aligned with `DocTypeSection.versions`
    delta: int | None  # revised − baseline; None with one version or when not comparable

    @property
    def latest(self) -> ItemVersion:
        return self.versions[-1]


@dataclass
class Version:
    role: str  # "Baslinje", "Reviderad", "Senaste"; "Äldre version", "Senaste version" when ordered by period
    document_id: int
    name: str
    period: str
    checklist_version: str
    total: int
    max_total: int
    areas: dict[str, tuple[int, int]]  # area → (score, max)
    goals: list[dict]


@dataclass
class DocTypeSection:
    doc_type: str
    label: str
    versions: list[Version]  # [latest] or [baseline, revised]
    items: list[ItemSection]
    comparison: dict | None  # `compare_documents` output when there are two versions

    @property
    def verdict(self) -> str | None:
        return self.comparison["verdict"] if self.comparison else None

    def improvements(self, count: int = SUMMARY_COUNT) -> list[ItemSection]:
        """The items that improved most, the ones the län's figures rest on first among equals."""
        better = [item for item in self.items if item.delta and item.delta > 0]
        return sorted(better, key=lambda item: (-(item.delta or 0), item.id not in DECIDING, ITEM_IDS.index(item.id)))[:count]

    def gaps(self, count: int = SUMMARY_COUNT) -> list[ItemSection]:
        """The latest version's weakest applicable items, the ones the län's figures rest on first."""
        short = [item for item in self.items if item.latest.applicable and item.latest.score < 2]
        return sorted(short, key=lambda item: (item.latest.score, item.id not in DECIDING,
                                               ITEM_IDS.index(item.id)))[:count]


@dataclass
class KommunReport:
    kommun: str
    lan: str
    generated: date
    sections: list[DocTypeSection]
    other_documents: list[str] = field(default_factory=list)  # look-alikes, named but not scored here

    @property
    def checklist_versions(self) -> list[str]:
        return sorted({v.checklist_version for s in self.sections for v in s.versions if v.checklist_version})


def kommun_report(db: sqlite_utils.Database, name: str, *, today: date | None = None,
                  reviewers: bool = True) -> KommunReport:
    kommun = require_kommun(db, name)
    documents = documents_for_kommun(db, kommun["id"])
    sections = []
    for doc_type in REPORTED_TYPES:
        of_type = [d for d in documents if d["doc_type"] == doc_type]
        if of_type:
            pair = version_pair(db, kommun["id"], doc_type)
            sections.append(_section(db, doc_type, pair or (of_type[-1],), reviewers))
    if not sections:
        raise ReportError(
            f"{kommun['name']} har ingen samverkansöverenskommelse eller något medborgarlöfte i databasen; "
            "det finns inget att rapportera."
        )
    others = [f"{d['title'] or d['file_name']} ({period_label(d)})" for d in documents if d["doc_type"] not in REPORTED_TYPES]
    return KommunReport(kommun["name"], kommun["lan"], today or date.today(), sections, others)


def _section(db: sqlite_utils.Database, doc_type: str, documents: tuple[dict, ...], reviewers: bool) -> DocTypeSection:
    roles: tuple[str, ...] = ("Senaste",)
    if len(documents) == 2:  # unlabelled documents are ordered by period, and say so
        roles = ("Baslinje", "Reviderad") if chosen_by(*documents) == "angiven" else ("Äldre version", "Senaste version")
    scores = [current_scores(db, d["id"]) for d in documents]
    results = [latest_result(db, d["id"]) or {"items": [], "goals": [], "document": {}} for d in documents]
    details = [{item["id"]: item for item in result["items"]} for result in results]  # missing, advice
    versions = [_version(*args) for args in zip(roles, documents, scores, results)]
    comparison = compare_documents(db, *documents) if len(documents) == 2 else None
    deltas = {item["id"]: item["delta"] for item in comparison["items"]} if comparison else {}
    items = []
    for item_id in ITEM_IDS:
        found = [by_item.get(item_id) for by_item in scores]
        rows = [row for row in found if row]
        if len(rows) < len(found):
            continue
        items.append(
            ItemSection(item_id, rows[-1]["area"], rows[-1]["title"],
                        [_item_version(row, by_item.get(item_id, {}), reviewers, result["document"].get("ocr_pages", []))
                         for row, by_item, result in zip(rows, details, results)],
                        deltas.get(item_id))
        )
    return DocTypeSection(doc_type, DOC_TYPE_TITLES[doc_type], versions, items, comparison)


def _version(role: str, document: dict, scores: dict[str, dict], result: dict) -> Version:
    areas: dict[str, tuple[int, int]] = {}
    for row in (scores[item_id] for item_id in ITEM_IDS if item_id in scores):  # areas in checklist order
        if row["applicable"]:
            score, top = areas.get(row["area"], (0, 0))
            areas[row["area"]] = (score + row["score"], top + row["max"])
    return Version(
        role=role,
        document_id=document["id"],
        name=document["title"] or document["file_name"],
        period=period_label(document),
        checklist_version=document["checklist_version"] or "",
        total=sum(score for score, _ in areas.values()),
        max_total=sum(top for _, top in areas.values()),
        areas=areas,
        goals=result["goals"],
    )


def _item_version(row: dict, detail: dict, reviewers: bool, ocr_pages: list[int]) -> ItemVersion:
    """One item of one version; without `reviewers` (a report for anonymous readers) an override says that a
    reviewer changed the score and when, not who or why, as the web pages do."""
    override = None
    if row["reviewed_score"] is not None:
        override = Override(row["reviewer"] if reviewers else "", row["automatic_score"], row["reviewed_score"],
                            (row["review_comment"] or "") if reviewers else "", (row["reviewed_at"] or "")[:10])
    missing, advice = detail.get("missing", []), detail.get("advice", "")
    if row["applicable"]:  # the missing list and advice follow a reviewed level
        missing, advice = gaps_at_level(row["item_id"], row["score"], row["automatic_score"], missing, advice)
    return ItemVersion(row["score"], bool(row["applicable"]), ocr_marked(row["evidence"], ocr_pages), missing, advice,
                       override)


# --- län -----------------------------------------------------------------------------------------


@dataclass
class HeatmapRow:
    kommun: str
    scores: dict[str, int]  # item → effective score of the latest document (applicable items only)
    baseline_total: int | None
    latest_total: int | None
    max_total: int | None
    verdict: str | None  # baseline → revised, when the kommun has two versions


@dataclass
class LanReport:
    lan: str
    generated: date
    inventory: dict  # `store.inventory.inventory` output
    heatmaps: dict[str, list[HeatmapRow]]  # doc type → kommuner with a document of that type


def lan_report(db: sqlite_utils.Database, name: str, *, today: date | None = None) -> LanReport:
    lan = require_lan(db, name)
    figures = inventory(db, lan, today=today)
    if not figures["kommuner_with_documents"]:
        raise ReportError(f"{lan} har inga importerade dokument; det finns inget att rapportera.")
    verdicts = {status["kommun"]: status["verdicts"] for status in figures["per_kommun"]}
    heatmaps = {}
    for doc_type in REPORTED_TYPES:
        rows = [_heatmap_row(row, verdicts[row["kommun"]].get(doc_type)) for row in heatmap(db, lan, doc_type)
                if row["latest"]]
        if rows:
            heatmaps[doc_type] = rows
    return LanReport(lan, today or date.today(), figures, heatmaps)


def _heatmap_row(row: dict, verdict: str | None) -> HeatmapRow:
    latest, baseline = row["latest"], row["baseline"]
    return HeatmapRow(
        kommun=row["kommun"],
        scores=latest["scores"],
        baseline_total=sum(baseline["scores"].values()) if baseline else None,
        latest_total=sum(latest["scores"].values()),
        max_total=sum(latest["max"].values()),
        verdict=verdict,
    )
