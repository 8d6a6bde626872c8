"""What the document page shows, built the same way for a stored document and for a self-checked draft:
the AuditResult JSON (scores, evidence, goals) plus the full text with the evidence highlighted."""

from __future__ import annotations

from collections import OrderedDict

import sqlite_utils

from auditor.labels import level_label
from auditor.parsers import ParseError, parse_bytes
from auditor.store.documents import current_scores, get_document, ocr_marked, stored_blob
from auditor.store.overview import latest_result
from auditor.store.reviews import gaps_at_level, review_history
from auditor.web.highlight import highlighted_text


def draft_view(result: dict, text: str) -> dict:
    """A self-checked draft: nothing stored, nothing reviewed."""
    _mark_ocr(result)
    return {"result": result, "text_html": highlighted_text(text, result["items"]), "document": None,
            "reviews": {}}


def public_reviews(db, document_id: int) -> list[dict]:
    """What an anonymous visitor sees of the review history: which scores reviewers changed and when; not who
    they are, their comments, or the kommun's replies (genmälen), not even that a review answered one."""
    return [{**review, "reviewer": None, "comment": "", "answers_id": None}
            for review in review_history(db, document_id)
            if review["kind"] == "granskning" and review["score"] is not None]


def stored_view(db: sqlite_utils.Database, document_id: int, *, signed_in: bool) -> dict:
    """A stored document with its effective scores: a reviewer's override replaces the automatic score.
    Its review history in full for a signed-in user, else as `public_reviews`."""
    document = get_document(db, document_id)
    result = latest_result(db, document_id)
    if result is None:
        result = {"items": [], "goals": [], "areas": {}, "warnings": ["Dokumentet har inte poängsatts."],
                  "document": {}, "readability": {}}
    scores = current_scores(db, document_id)
    areas: dict[str, dict[str, int]] = {}
    for item in result["items"]:
        row = scores.get(item["id"])
        item["automatic_score"] = item["score"]
        if row is not None:
            item["score"] = row["score"]
            item["reviewed_score"] = row["reviewed_score"]
            item["level_label"] = level_label(row["score"], item["applicable"])
            if item["applicable"]:
                item["missing"], item["advice"] = gaps_at_level(item["id"], row["score"], item["automatic_score"],
                                                                item["missing"], item["advice"])
        if item["applicable"]:
            area = areas.setdefault(item["area"], {"score": 0, "max": 0})
            area["score"] += item["score"]
            area["max"] += item["max"]
    result["areas"] = areas
    _mark_ocr(result)
    result["total"] = sum(area["score"] for area in areas.values())
    result["max_total"] = sum(area["max"] for area in areas.values())
    reviews: dict[str | None, list[dict]] = {}
    for review in (review_history(db, document_id) if signed_in else public_reviews(db, document_id)):
        reviews.setdefault(review["item_id"], []).append(review)
    text = document_text(db, document["sha256"], document["file_name"])
    return {"result": result, "text_html": highlighted_text(text, result["items"]), "document": document,
            "reviews": reviews}


def _mark_ocr(result: dict) -> None:
    ocr_pages = result["document"].get("ocr_pages", [])
    for item in result["items"]:
        item["evidence"] = ocr_marked(item["evidence"], ocr_pages)


def document_text(db: sqlite_utils.Database, sha256: str, file_name: str) -> str:
    """The stored file's text, parsed again (the store keeps the file; evidence offsets point into its
    text). Parsing a PDF takes a while, so the last few texts are kept in memory."""
    if sha256 in _TEXTS:
        _TEXTS.move_to_end(sha256)
        return _TEXTS[sha256]
    try:
        text = parse_bytes(stored_blob(db, sha256), file_name).text
    except ParseError:  # readable at import, unreadable now (e.g. OCR missing): show the evidence only
        text = ""
    _TEXTS[sha256] = text
    while len(_TEXTS) > TEXT_CACHE_SIZE:
        _TEXTS.popitem(last=False)
    return text


TEXT_CACHE_SIZE = 64
_TEXTS: OrderedDict[str, str] = OrderedDict()
