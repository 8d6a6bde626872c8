"""Score a Document against the checklist: rules find spans, conditions pick a level, evidence is quoted.

The spaCy pipeline runs once per document (sentence spans are cached on the ScanContext and shared
with readability); every pattern was compiled when the checklist was loaded.
"""

from __future__ import annotations

from auditor.analysis import doctype, metadata, readability
from auditor.analysis.context import Hit, ScanContext
from auditor.analysis.goals import goals_of
from auditor.document import Document
from auditor.engine import confidence
from auditor.engine.checklist import Checklist, Item, load_checklist
from auditor.engine.conditions import count
from auditor.engine.result import AuditResult, DocumentInfo, Evidence, ItemResult

MAX_EVIDENCE = 4
MAX_QUOTE = 300  # characters; a hit is widened to its sentence, then cut to this around the hit


def score_document(doc: Document, *, doc_type: str | None = None, checklist: Checklist | None = None) -> AuditResult:
    checklist = checklist or load_checklist()
    classified = doctype.classify(doc, checklist.document_types)
    chosen = doc_type or classified.doc_type
    ctx = ScanContext(doc, checklist, chosen)
    meta = metadata.extract(doc)
    info = DocumentInfo(
        path=doc.path, sha256=doc.sha256, doc_type=chosen,
        doc_type_confidence=1.0 if doc_type else classified.confidence,
        doc_type_cue="angiven av användaren" if doc_type else classified.cue,
        kommun=meta.kommun, period=meta.period, pages=doc.pages, lokalpolisomrade=meta.lokalpolisomrade,
        signatories=meta.signatories, adoption_date=meta.adoption_date, format=doc.format, title=meta.title,
        sources=meta.sources, ocr_pages=list(doc.ocr_pages),
    )
    warnings = list(doc.warnings)
    if not doc_type and chosen not in ("samverkansoverenskommelse", "medborgarlofte"):
        warnings.append(
            f"Dokumentet ser ut att vara av typen {chosen}, inte en samverkansöverenskommelse eller ett "
            "medborgarlöfte; poängen visar hur väl det ändå täcker checklistan."
        )
    items = [score_item(item, ctx, chosen, info.doc_type_confidence) for item in checklist.items]
    return AuditResult(
        document=info, items=items, goals=goals_of(ctx), checklist_version=checklist.version,
        readability=readability.readability(doc, chosen, ctx.sentences.spans), warnings=warnings,
    )


def score_item(item: Item, ctx: ScanContext, doc_type: str | None, doc_type_confidence: float = 1.0) -> ItemResult:
    applicable = doc_type is None or doc_type in item.applies_to
    result = ItemResult(id=item.id, area=item.area, title=item.title, score=0, max=2, applicable=applicable)
    if not applicable:
        result.missing = [f"Ej tillämplig för dokumenttypen {doc_type}."]
        return result
    support: list = []
    for level in (2, 1):
        clause = item.conditions[level].first_holding(ctx)
        if clause is not None:
            result.score = level
            support = clause.supporting(ctx)
            result.evidence = _evidence(ctx, item.id, support)
            break
    if result.score < 2:
        result.missing = [item.missing[result.score], *_shortfalls(ctx, item)]
        result.advice = item.advice
    assessed = confidence.assess(item.id, result.score, confidence.signals(ctx, item, result.score, support,
                                                                           doc_type_confidence))
    result.confidence, result.needs_review = assessed.confidence, assessed.needs_review
    result.review_reason, result.doubts = assessed.review_reason, assessed.doubts
    return result


def _shortfalls(ctx: ScanContext, item: Item) -> list[str]:
    """For category counts required by level 2: which categories were found so far."""
    notes = []
    for clause in item.conditions[2].clauses:
        for rule, needed in clause.min:
            found = count(ctx, rule)
            if rule.kind == "categories" and 0 < found < needed:
                labels = ", ".join(sorted({h.label for h in ctx.hits(rule)}))
                notes.append(f"Hittade {found} av minst {needed} ({labels}).")
    return notes


def _evidence(ctx: ScanContext, item_id: str, supporting: list) -> list[Evidence]:
    evidence: list[Evidence] = []
    seen: list[tuple[int, int]] = []
    for rule, hit in _round_robin(supporting):  # one hit per rule first: the quotes show every part
        # a co-occurrence is quoted where its first part is: the sentence or row that carries it
        start, end = _quote_span(ctx, hit.parts[0] if hit.parts else hit)
        if any(s <= start and end <= e for s, e in seen):
            continue
        seen.append((start, end))
        evidence.append(Evidence(item_id=item_id, quote=ctx.text[start:end], start=start, end=end,
                                 page=ctx.document.page_at(start), rule=rule.name))
        if len(evidence) == MAX_EVIDENCE:
            break
    return evidence


def _round_robin(supporting: list):
    """(rule, hit) pairs reordered: the first hit of every rule, then the second of every rule, …"""
    by_rule: dict[int, list] = {}
    for pair in supporting:
        by_rule.setdefault(id(pair[0]), []).append(pair)
    queues = list(by_rule.values())
    for depth in range(max((len(q) for q in queues), default=0)):
        for queue in queues:
            if depth < len(queue):
                yield queue[depth]


def _quote_span(ctx: ScanContext, hit: Hit) -> tuple[int, int]:
    """The hit widened to its sentence (readable evidence), never longer than MAX_QUOTE."""
    i = ctx.sentences.index_at(hit.start)
    start, end = ctx.sentences.spans[i] if i is not None else (hit.start, hit.end)
    start, end = min(start, hit.start), max(end, hit.end)
    if end - start > MAX_QUOTE:
        middle = (hit.start + hit.end) // 2
        start = max(start, min(hit.start, middle - MAX_QUOTE // 2))
        end = min(end, start + MAX_QUOTE)
        start, end = _word_edges(ctx.text, start, end)
    while end > start and ctx.text[end - 1].isspace():
        end -= 1
    while start < end and ctx.text[start].isspace():
        start += 1
    return start, end


def _word_edges(text: str, start: int, end: int) -> tuple[int, int]:
    while start > 0 and text[start - 1].isalnum() and start < end:
        start += 1
    while end < len(text) and text[end].isalnum() and end > start:
        end -= 1
    return start, end
