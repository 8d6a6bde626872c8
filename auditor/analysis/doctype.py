"""Document type: samverkansöverenskommelse, medborgarlöfte, åtgärdsplan, strategi/program or annat.

Most "relevant documents" are look-alikes that mention agreements in passing, so what a document calls
itself (title, first headings, first page) outweighs what it talks about. The cues and their weights are
checklist_17.yaml's `document_types`; they run on folded text, so OCR forms such as "6verenskommelse" and
"medborgarléfte" match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from auditor.analysis.metadata import document_title, front_end
from auditor.analysis.patterns import fast_pattern
from auditor.document import Document, fold

Cue = tuple[str, re.Pattern[str], float, bool]  # (type, folded pattern, weight, must start a word)
CUE_KEYS = ("type", "pattern", "weight", "word_start")
PATTERNS = ("reference_before", "policy_topic", "operative_plan", "agreement_tie", "content_heading",
            "report_claim", "promise_claim")


@dataclass(frozen=True)
class DocumentTypes:
    """The cues of checklist_17.yaml's `document_types`. Each cue pattern starts with a literal so the regex
    engine can skip ahead (a leading \\b or alternation makes a scan ~30 times slower); word starts are
    checked in Python where they matter. A definite form mentioned in passing ("enligt
    samverkansöverenskommelsen") is weaker than the document naming itself: the location weights see to it."""

    cues: tuple[Cue, ...]
    title_cues: tuple[Cue, ...]  # the cues plus words that name a document's kind only in its title
    news_signals: tuple[re.Pattern[str], ...]  # news about an agreement
    reference_before: re.Pattern[str]  # "Åtgärdsplan utifrån …": what follows is a reference, not the type
    policy_topic: re.Pattern[str]  # a plan on such a topic is the kommun's strategy document
    operative_plan: re.Pattern[str]  # always the operative plan of an agreement
    agreement_tie: re.Pattern[str]  # ties a handlingsplan to an agreement
    content_heading: re.Pattern[str]  # a whole heading naming a document's content: "Övergripande mål"
    report_claim: re.Pattern[str]  # a party reports what it has done: "Polisen har genomfört …"
    promise_claim: re.Pattern[str]  # a party commits itself: "Polisen ska …"

    @classmethod
    def compile(cls, cues: list[dict], title_cues: list[dict], news_signals: list[str],
                patterns: dict[str, str]) -> DocumentTypes:
        def cue(entry: dict) -> Cue:
            return entry["type"], fast_pattern(entry["pattern"]), float(entry["weight"]), bool(entry.get("word_start"))

        compiled = tuple(cue(entry) for entry in cues)
        return cls(compiled, compiled + tuple(cue(entry) for entry in title_cues),
                   tuple(fast_pattern(signal) for signal in news_signals),
                   **{name: fast_pattern(patterns[name]) for name in PATTERNS})


TITLE_FACTOR, HEADING_FACTOR, FRONT_FACTOR, BODY_FACTOR = 8.0, 3.0, 1.5, 0.3
MAX_FRONT_HITS, MAX_BODY_HITS = 3, 5  # per type: many mentions never outweigh the title
NEWS_MAX_CHARS, NEWS_POINTS = 3000, 10.0
REPORTS_MIN, REPORTS_PER_PROMISE = 3, 2  # a follow-up reports what was done far more than it promises


@dataclass(frozen=True)
class DocType:
    doc_type: str
    confidence: float  # 0..1
    cue: str  # Swedish: what decided


def classify(doc: Document, types: DocumentTypes) -> DocType:
    title = document_title(doc) or ""
    folded_title = fold(title)
    front = front_end(doc)
    headings = [b for b in doc.blocks if b.kind == "heading" and b.start < front][:4]
    leading = [b for b in doc.blocks[:6] if b.kind != "heading" and b.start < front][:3]  # may hold a subtitle
    scores: dict[str, float] = defaultdict(float)
    best_cue: dict[str, tuple[float, str]] = {}
    titled: set[str] = set()  # types the title or a first-page heading names

    def add(kind: str, points: float, cue: str) -> None:
        scores[kind] += points
        if points > best_cue.get(kind, (0.0, ""))[0]:
            best_cue[kind] = (points, cue)

    head: str | None = None  # the title's first cue names the document; later ones are its subject
    for kind, weight, match in _cues(folded_title, types.title_cues):
        reference = kind != "annat" and types.reference_before.search(folded_title, 0, match.start())
        if reference or head not in (None, kind):
            add(kind, weight * FRONT_FACTOR, f"'{_quote(title, match)}' nämns i rubriken")
        else:
            head = kind
            titled.add(kind)
            add(kind, weight * TITLE_FACTOR, f"rubriken '{_short(title)}'")
    front_hits: dict[str, int] = defaultdict(int)
    body_hits: dict[str, int] = defaultdict(int)
    for kind, weight, match in _cues(doc.folded.text, types.cues):
        start = match.start()
        # a title naming a report on something ("Utvärdering av medborgarlöftet …", "Uppföljning av …")
        # makes every mention of that something, headings too, the report's subject
        if start >= front or (head == "annat" and kind != "annat"):
            if body_hits[kind] < MAX_BODY_HITS:
                body_hits[kind] += 1
                add(kind, weight * BODY_FACTOR, f"'{doc.folded.quote(*match.span())}' i texten")
            continue
        block = doc.block_at(doc.folded.to_original(start, start + 1)[0])
        if block is not None and block.text == title:
            continue  # already weighed as the title
        if block in headings or (block in leading and _opens_block(doc, block, start)):
            titled.add(kind)
            add(kind, weight * HEADING_FACTOR, f"rubriken '{_short(block.text)}'")
        elif front_hits[kind] < MAX_FRONT_HITS:
            front_hits[kind] += 1
            add(kind, weight * FRONT_FACTOR, f"'{doc.folded.quote(*match.span())}' på första sidan")

    if types.policy_topic.search(folded_title) and scores.get("atgardsplan"):
        add("strategi_program", scores.pop("atgardsplan"), f"rubriken '{_short(title)}' (styrdokument)")
    news = _news_signals(doc, types) if len(doc.text) < NEWS_MAX_CHARS else []
    # A short text reporting a signing is news about an agreement, unless it calls itself one and sets out
    # its content (goals, focus areas) under headings of their own: that is the document as published.
    named = titled - {"annat"}
    if news and (len(news) >= 2 or not named) and not (named and _sets_out_content(doc, types)):
        add("annat", max(scores.values(), default=0.0) + NEWS_POINTS, f"kort nyhetstext ('{news[0]}')")
    reports = _report_count(doc.folded.text, types.report_claim)
    if reports >= REPORTS_MIN and reports > REPORTS_PER_PROMISE * len(types.promise_claim.findall(doc.folded.text)):
        add("annat", max(scores.values(), default=0.0) + NEWS_POINTS, "redovisar mest vad parterna har gjort, lovar lite nytt")
    if max(scores, key=lambda kind: scores[kind], default=None) == "atgardsplan" and not _plan_of_agreement(doc, types, folded_title, front):
        add("strategi_program", scores.pop("atgardsplan"), f"rubriken '{_short(title)}' (kommunens egen plan)")

    if not scores:
        return DocType("annat", 0.3, "ingen rubrik eller formulering som anger dokumenttypen")
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    kind, top = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    confidence = round(min(0.99, (top - second) / top * 0.6 + min(top, 20.0) / 20.0 * 0.4), 2)
    return DocType(kind, max(confidence, 0.3), best_cue[kind][1])


def _cues(folded: str, patterns) -> list[tuple[str, float, re.Match[str]]]:
    """Every cue in `folded`, in text order."""
    found = []
    for kind, pattern, weight, word in patterns:
        for match in pattern.finditer(folded):
            if not (word and match.start() and folded[match.start() - 1].isalnum()):
                found.append((kind, weight, match))
    found.sort(key=lambda cue: cue[2].start())
    return found


# A report claim ("Polisen har under året genomfört …", "Vi har arbetat …") is words and spaces around the
# word "har": it never crosses punctuation, so only the stretches between punctuation that hold "har" are
# searched, not the whole text (a property test compares the count with the whole-text search).
_HAR = re.compile(r"har\s")
_BREAK = re.compile(r"[^\w\s]")


def _report_count(folded: str, claim: re.Pattern[str]) -> int:
    """len(claim.findall(folded)) for such a claim pattern."""
    backwards = folded[::-1]  # the stretch's start is the first punctuation found reading backwards
    count, end = 0, 0
    for har in _HAR.finditer(folded):
        if har.start() < end:
            continue  # in the stretch just searched
        before = _BREAK.search(backwards, len(folded) - har.start())
        after = _BREAK.search(folded, har.end())
        end = after.start() if after else len(folded)
        count += len(claim.findall(folded, len(folded) - before.start() if before else 0, end))
    return count


def _sets_out_content(doc: Document, types: DocumentTypes) -> bool:
    """Whether a whole heading names the document's content: "Fokusområden", "Övergripande mål"."""
    return any(b.kind == "heading" and types.content_heading.fullmatch(fold(b.text).strip()) for b in doc.blocks)


def _opens_block(doc: Document, block, folded_start: int) -> bool:
    """A cue that opens a first-page paragraph is a subtitle ("Medborgarlöfte för Ängsby, 2023–2024")."""
    return block is not None and doc.folded.to_original(folded_start, folded_start + 1)[0] == block.start


def _news_signals(doc: Document, types: DocumentTypes) -> list[str]:
    """Quotes of the distinct news signals found."""
    found = []
    for pattern in types.news_signals:
        match = pattern.search(doc.folded.text)
        if match:
            found.append(_short(doc.folded.quote(*match.span()), 40))
    return found


def _plan_of_agreement(doc: Document, types: DocumentTypes, folded_title: str, front: int) -> bool:
    """Whether a plan titled "handlingsplan" is the operative plan of an agreement rather than the
    kommun's own plan: åtgärds-/aktivitetsplan always are; a handlingsplan must say so on its first page."""
    if types.operative_plan.search(folded_title):
        return True
    return bool(types.agreement_tie.search(folded_title) or types.agreement_tie.search(doc.folded.text, 0, front))


def _quote(title: str, match: re.Match[str]) -> str:
    """The title's own spelling of a match in its folded form (same length unless ligatures occur)."""
    return title[match.start():match.end()] if len(title) == len(match.string) else match.group()


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
