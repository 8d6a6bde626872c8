"""Document type: samverkansöverenskommelse, medborgarlöfte, åtgärdsplan, strategi/program or annat.

Most "relevant documents" are look-alikes that mention agreements in passing, so what a document calls
itself (title, first headings, first page) outweighs what it talks about. Cues run on folded text, so
OCR forms such as "6verenskommelse" and "medborgarléfte" match.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from auditor.analysis.metadata import document_title, front_end
from auditor.document import Document, fold
from auditor.geography import ocr_pattern

_O = "[o6e]"  # "ö" after folding and OCR damage

# (type, folded pattern, weight). Each pattern starts with a literal so the regex engine can skip
# ahead (a leading \b or alternation makes a scan ~30 times slower); word starts are checked in Python
# where they matter. A definite form mentioned in passing ("enligt samverkansöverenskommelsen") is
# weaker than the document naming itself, which the location weights take care of.
_CUES: tuple[tuple[str, str, float, bool], ...] = (  # (type, pattern, weight, must start a word)
    ("samverkansoverenskommelse", rf"samverkans{_O}verenskommelse(?:r|n)?\b", 3.0, False),
    ("samverkansoverenskommelse", r"verenskommelse(?:n|r|rna)?\s+om\s+(?:\w+\s+)?samverkan", 3.0, False),
    ("samverkansoverenskommelse", r"samverkansavtal(?:et)?\b", 3.0, False),
    ("samverkansoverenskommelse", r"verenskommelse\s+mellan", 2.0, False),
    ("medborgarlofte", rf"medborgarl{_O}ft(?:e|en|et|ena)?\b", 3.5, True),
    ("atgardsplan", rf"{ocr_pattern('åtgärdsplan')}(?:en|er)?\b", 2.5, False),
    ("atgardsplan", r"aktivitetsplan(?:en|er)?\b", 2.5, False),
    ("atgardsplan", r"handlingsplan(?:en|er)?\b", 2.5, False),
    ("atgardsplan", rf"{ocr_pattern('genomförandeplan')}(?:en|er)?\b", 2.5, False),
    # "strategi", not the adjective: in "STRATEGISK SAMVERKANSÖVERENSKOMMELSE" the head noun says what it is
    ("strategi_program", r"strategi(?:n|er|erna)?\b", 2.5, False),  # also "ANDT-strategi"
    ("strategi_program", r"program(?:met|men)?\b", 2.0, False),
    ("strategi_program", r"policy\b", 2.5, True),
    ("strategi_program", r"riktlinje(?:r|rna)?\b", 2.5, False),
    ("strategi_program", r"verksamhetsplan\b", 2.5, False),
    ("strategi_program", rf"{ocr_pattern('våldsbejakande')}\s+extremism", 3.0, True),
    ("strategi_program", r"andt\b", 3.0, True),
    ("strategi_program", r"radikalisering", 3.0, False),
    ("annat", r"rapport(?:en)?\b", 2.5, False),
    ("annat", rf"{ocr_pattern('utvärdering')}(?:en)?\b", 2.5, False),
    ("annat", r"projektplan", 2.5, False),
    ("annat", rf"{ocr_pattern('enkät')}\b", 2.5, True),
    ("annat", ocr_pattern("kartläggning"), 2.5, False),
)
# Words that name a document's kind only in its title: in running text they are everyday words.
_TITLE_ONLY_CUES: tuple[tuple[str, str, float, bool], ...] = (
    ("strategi_program", r"plan\s+(?:for|mot)\b", 2.0, True),
    # "Uppföljning av samverkansöverenskommelsen", "Uppföljning 2024": a report on an agreement
    ("annat", rf"{ocr_pattern('uppföljning')}(?:en)?\s+(?:av|(?:19|20)\d\d)\b", 2.5, True),
    ("annat", r"(?:handbok|lathund|ansokan|direktiv|seminarium|konferens|protokoll|tjansteskrivelse|remiss)\b", 2.5, False),
)
_CUE_PATTERNS = tuple((kind, re.compile(pattern), weight, word) for kind, pattern, weight, word in _CUES)
_TITLE_CUE_PATTERNS = _CUE_PATTERNS + tuple(
    (kind, re.compile(pattern), weight, word) for kind, pattern, weight, word in _TITLE_ONLY_CUES
)
# News about an agreement: a signing reported in the past tense, a publication date, quoted speakers.
_NEWS_SIGNALS = (
    re.compile(r"\b(?:har|hade)\s+(?:\w+\s+){0,3}?(?:tecknat|undertecknat|skrivit\s+(?:under|pa))\b|\btecknade\b|\bskrev\b[^.]{0,120}\b(?:under|pa)\b|\bskriver\s+pa\b"),
    re.compile(r"\bpublicerad\b|\buppdaterad\s+\d"),
    # a web page about the document: photo credits, links to the file
    re.compile(r"^(?:fotograf|foto):|\blas\s+(?:hela\s+)?(?:overenskommelsen|medborgarloftet|loftet|avtalet)\b|\bpdf,?\s+\d|oppnas i nytt fonster", re.M),
    re.compile(r"\bsager\b"),
)
# An operative plan or a mentioned agreement inside another document's title ("Åtgärdsplan utifrån
# samverkansöverenskommelsen", "Strategi ... med bilaga handlingsplan") is a reference, not the type.
_REFERENCE_BEFORE = re.compile(r"(?:utifran|enligt|inom|till|bilaga|i|av|om|med)\s+(?:den\s+|var\s+|en\s+)?$")
# A plan against extremism or for ANDT is a municipal strategy document even when called "handlingsplan".
_POLICY_TOPIC = re.compile(rf"{ocr_pattern('våldsbejakande')}|extremism|\bandt\b|radikalisering|policy|riktlinje|strategi")

_OPERATIVE_PLAN = re.compile(rf"{ocr_pattern('åtgärds')}plan|aktivitetsplan")
_AGREEMENT_TIE = re.compile(rf"{_O}verenskommelse|samverkansavtal|medborgarl{_O}fte|lokalpolisomrade")

TITLE_FACTOR, HEADING_FACTOR, FRONT_FACTOR, BODY_FACTOR = 8.0, 3.0, 1.5, 0.3
MAX_FRONT_HITS, MAX_BODY_HITS = 3, 5  # per type: many mentions never outweigh the title
NEWS_MAX_CHARS, NEWS_POINTS = 3000, 10.0


@dataclass(frozen=True)
class DocType:
    doc_type: str
    confidence: float  # 0..1
    cue: str  # Swedish: what decided


def classify(doc: Document) -> DocType:
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
    for kind, weight, match in _cues(folded_title, _TITLE_CUE_PATTERNS):
        reference = kind != "annat" and _REFERENCE_BEFORE.search(folded_title, 0, match.start())
        if reference or head not in (None, kind):
            add(kind, weight * FRONT_FACTOR, f"'{_quote(title, match)}' nämns i rubriken")
        else:
            head = kind
            titled.add(kind)
            add(kind, weight * TITLE_FACTOR, f"rubriken '{_short(title)}'")
    front_hits: dict[str, int] = defaultdict(int)
    body_hits: dict[str, int] = defaultdict(int)
    for kind, weight, match in _cues(doc.folded.text, _CUE_PATTERNS):
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

    if _POLICY_TOPIC.search(folded_title) and scores.get("atgardsplan"):
        add("strategi_program", scores.pop("atgardsplan"), f"rubriken '{_short(title)}' (styrdokument)")
    news = _news_signals(doc) if len(doc.text) < NEWS_MAX_CHARS else []
    # A short text reporting a signing is news about an agreement, unless it calls itself one.
    if len(news) >= 2 or (news and not titled - {"annat"}):
        add("annat", max(scores.values(), default=0.0) + NEWS_POINTS, f"kort nyhetstext ('{news[0]}')")
    if max(scores, key=lambda kind: scores[kind], default=None) == "atgardsplan" and not _plan_of_agreement(doc, folded_title, front):
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


def _opens_block(doc: Document, block, folded_start: int) -> bool:
    """A cue that opens a first-page paragraph is a subtitle ("Medborgarlöfte för Ängsby, 2023–2024")."""
    return block is not None and doc.folded.to_original(folded_start, folded_start + 1)[0] == block.start


def _news_signals(doc: Document) -> list[str]:
    """Quotes of the distinct news signals found."""
    found = []
    for pattern in _NEWS_SIGNALS:
        match = pattern.search(doc.folded.text)
        if match:
            found.append(_short(doc.folded.quote(*match.span()), 40))
    return found


def _plan_of_agreement(doc: Document, folded_title: str, front: int) -> bool:
    """Whether a plan titled "handlingsplan" is the operative plan of an agreement rather than the
    kommun's own plan: åtgärds-/aktivitetsplan always are; a handlingsplan must say so on its first page."""
    if _OPERATIVE_PLAN.search(folded_title):
        return True
    return bool(_AGREEMENT_TIE.search(folded_title) or _AGREEMENT_TIE.search(doc.folded.text, 0, front))


def _quote(title: str, match: re.Match[str]) -> str:
    """The title's own spelling of a match in its folded form (same length unless ligatures occur)."""
    return title[match.start():match.end()] if len(title) == len(match.string) else match.group()


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
