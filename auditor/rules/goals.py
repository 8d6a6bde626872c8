"""SMART analysis of goal statements: find them, classify them, flag specific/measurable/time-bound/baseline.

Goal statements come from three places: sentences and list items under a goal heading ("Mål",
"Effektmål", "Delmål", "Målsättning"), sentences anywhere that state a goal ("målet är …", "ska minska"),
and table cells under a "Mål" column. The word lists (movement verbs, problems, groups, surveys …) are the
shared vocabularies of checklist_17.yaml, so a domain expert tunes them in one place.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from auditor.rules.context import ScanContext
from auditor.rules.matchers.quantity import PATTERNS
from auditor.rules.result import Goal

# Folded-text patterns. "mal" is "mål" after folding; the prefixes keep "normal"/"signal" out.
_GOAL_WORD = r"(?<!\w)(?:(?:effekt|del|process|produktions|over|lang|kort|huvud|verksamhets|operativt?a?|resultat|)mal(?:en|et|s)?|malsattning\w*|malbild\w*)(?!\w)"
GOAL_HEADING = re.compile(_GOAL_WORD)
_GOAL_SENTENCE = re.compile(
    _GOAL_WORD
    + r"|(?<!\w)ska\s+(?:\w+\s+){0,6}?(?:ha\s+)?(?:minska\w*|oka\w*|halver\w*|sjunka|sjunkit|sank\w*|reducer\w*|forbattr\w*|upphora)(?!\w)"
    + r"|(?<!\w)(?:minska|oka)\s+med\s+\d|(?<!\w)vision(?:en|er)?(?!\w)"
)
_BACKGROUND = re.compile(r"(?<!\w)(?:regering\w*|riksdag\w*|nationell\w*|kriminalpolitisk\w*|agenda 2030|globala mal)(?!\w)")
_INTRO = re.compile(r":\s*$")
_NUMBER = re.compile(r"(?<![\w.,])\d+(?:[,.]\d+)?(?![\d])")
_YEAR_ONLY = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
_TIME_BOUND = re.compile(
    PATTERNS["until"]
    + r"|(?<!\w)(?:under|for|inom)\s+(?:hela\s+)?(?:avtalsperioden|overenskommelsens\s+\w+|perioden|aren|period(?:en)?\s+\d{4})(?!\w)"
    + r"|(?<!\w)(?:per|varje|for varje|om)\s+ar(?:et)?(?!\w)|(?<!\w)arlig(?:en|t)(?!\w)"
    + r"|(?<!\w)inom\s+(?:\d+|en|ett|tva|tre|fyra|fem|sex|tolv)\s+(?:ar|manader|veckor)(?!\w)"
    + r"|(?<!\w)under\s+(?:de\s+)?(?:\d+|tva|tre|fyra|sex|tolv)\s+(?:forsta\s+)?(?:ar|aren|manaderna|manader)(?!\w)"
)
_BASELINE = re.compile(
    r"(?<!\w)fran\s+(?:dagens\s+|nuvarande\s+)?\d+(?:[,.]\d+)?\s?(?:%|procent)?(?:\s+(?:ar\s+)?(?:19|20)\d\d)?"
    r"|(?<!\w)jamfort\s+med\s+(?:ar\s+)?(?:(?:19|20)\d\d|niv\w+|utgangs\w+|forra\s+aret|foregaende\s+ar|samma\s+period\w*)"
    r"|(?<!\w)(?:utgangslag\w*|utgangsvarde\w*|utgangsniva\w*|nulaget|basar\w*|baslinje\w*|referensar\w*|nollmatning\w*)(?!\w)"
    r"|(?<!\w)(?:19|20)\d\d\s+(?:var|uppgick|lag)\s+(?:\w+\s+){0,4}?\d"
)
MAX_GOAL_CHARS = 600


@dataclass
class _Vocab:
    """The shared vocabularies the analysis reads, compiled once per checklist."""

    movement: object
    vague: object
    specific_problems: object
    general_problems: object
    groups: object
    places: object
    measures: object
    activity: object
    output: object
    process: object
    vision: object

    @classmethod
    def of(cls, checklist) -> _Vocab:
        return cls(**{name: checklist.vocab_terms(f"goal_{name}").pattern for name in cls.__dataclass_fields__})


_VOCAB_CACHE: dict[int, _Vocab] = {}


def analyse_goals(ctx: ScanContext) -> list[Goal]:
    checklist = ctx.checklist
    vocab = _VOCAB_CACHE.get(id(checklist))
    if vocab is None:
        vocab = _VOCAB_CACHE[id(checklist)] = _Vocab.of(checklist)
    goals = []
    seen: set[tuple[int, int]] = set()
    for start, end in _candidates(ctx):
        if (start, end) in seen or end - start < 12:
            continue
        seen.add((start, end))
        goal = _read_goal(ctx, vocab, start, end)
        if goal is not None:
            goals.append(goal)
    return goals


def _candidates(ctx: ScanContext):
    """Spans of the original text that may state a goal, in reading order."""
    doc, folded = ctx.document, ctx.folded
    goal_sections = [
        (start, end) for start, end, index in ctx.headed_sections
        if GOAL_HEADING.search(folded.text, *_folded_span(ctx, doc.blocks[index].start, doc.blocks[index].end))
    ]
    section_starts = [s for s, _ in goal_sections]
    for start, end in ctx.sentences.spans:
        block = doc.block_at(start)
        if block is None or block.kind == "heading":
            continue
        text = folded.text[slice(*_folded_span(ctx, start, end))]
        i = bisect_right(section_starts, start) - 1
        under_goal_heading = any(s <= start < e for s, e in goal_sections[max(0, i - 3): i + 1])
        if block.kind == "table_row":
            continue  # table cells are read per column below
        if (under_goal_heading and not _INTRO.search(text)) or _GOAL_SENTENCE.search(text):
            if not _BACKGROUND.search(text):
                yield start, min(end, start + MAX_GOAL_CHARS)
    yield from _goal_cells(ctx)


def _goal_cells(ctx: ScanContext):
    """Cells under a column whose header names a goal ("Mål", "Delmål", "Effektmål")."""
    doc = ctx.document
    for table_start, table_end in ctx.tables.spans:
        rows = [b for b in doc.blocks if table_start <= b.start < table_end and b.cells]
        if len(rows) < 2:
            continue
        columns = [i for i, cell in enumerate(rows[0].cells) if GOAL_HEADING.search(_fold(cell))]
        for row in rows[1:]:
            for column in columns:
                if column < len(row.cells) and row.cells[column].strip():
                    offset = row.text.find(row.cells[column].strip())
                    if offset >= 0:
                        start = row.start + offset
                        yield start, start + len(row.cells[column].strip())


def _fold(text: str) -> str:
    from auditor.document import fold

    return fold(text)


def _folded_span(ctx: ScanContext, start: int, end: int) -> tuple[int, int]:
    """Original offsets -> folded offsets (identical unless ligatures or soft hyphens occur)."""
    folded = ctx.folded
    if folded._index is None:
        return start, end
    index = folded._index
    return bisect_right(index, start - 1), bisect_right(index, end - 1)


def _read_goal(ctx: ScanContext, vocab: _Vocab, start: int, end: int) -> Goal | None:
    text = ctx.folded.text[slice(*_folded_span(ctx, start, end))]
    spans = {name: [m.span(1) for m in getattr(vocab, name).finditer(text)] for name in vocab.__dataclass_fields__}
    has = {name: bool(found) for name, found in spans.items()}
    # "trygghetsvandringar" names an activity, not the problem trygghet
    outputs = spans["output"] + spans["activity"]
    for name in ("specific_problems", "general_problems"):
        has[name] = any(not any(os <= s < oe for os, oe in outputs) for s, _ in spans[name])
    numbers = [n for n in _NUMBER.findall(text) if not _YEAR_ONLY.match(n)]
    baseline_spans = [m.span() for m in _BASELINE.finditer(text)]
    bound = [m for m in _TIME_BOUND.finditer(text)
             if not any(bs <= m.start() < be for bs, be in baseline_spans)]
    problem = has["specific_problems"] or has["general_problems"]
    notes: list[str] = []

    if has["movement"] and problem:
        kind = "effektmal"
        notes.append("Anger en förändring av ett problem (effektmål).")
    elif has["output"] and (numbers or has["movement"] or "antal" in text):
        kind = "produktionsmal"
        notes.append("Anger hur många gånger/deltagare en aktivitet ska genomföras (produktionsmål).")
    elif has["process"]:
        kind = "processmal"
        notes.append("Anger hur ett arbetssätt ska genomföras (processmål).")
    elif has["activity"]:
        kind = "aktivitet"
        notes.append("Beskriver en aktivitet, inte ett mål.")
    elif has["vision"] or problem:
        kind = "vision"
        notes.append("Allmän inriktning utan förändring av ett namngivet problem (vision).")
    else:
        return None

    named = has["specific_problems"] or has["groups"] or has["places"] or bool(_place_name(ctx, start, end))
    specific = has["movement"] and named and not has["vague"] and kind in ("effektmal", "produktionsmal", "processmal")
    if specific:
        notes.append("Specifikt: rörelseverb på ett namngivet problem, en plats eller en grupp.")
    elif has["vague"]:
        notes.append("Inte specifikt: vag formulering (t.ex. ”verka för”, ”sträva efter”).")
    else:
        notes.append("Inte specifikt: inget rörelseverb på ett namngivet problem, en plats eller en grupp.")
    measurable = bool(numbers) or has["measures"]
    notes.append("Mätbart: anger tal, andel eller mätkälla." if measurable
                 else "Inte mätbart: inget tal, ingen indikator eller namngiven mätning.")
    time_bound = bool(bound)
    notes.append(f"Tidsatt: ”{bound[0].group(0)}”." if time_bound
                 else "Inte tidsatt: ingen tidpunkt eller period som avgränsar målet.")
    baseline = bool(baseline_spans)
    if baseline:
        notes.append("Utgångsläge anges.")
    return Goal(
        text=ctx.text[start:end], start=start, end=end, page=ctx.document.page_at(start), kind=kind,
        specific=specific, measurable=measurable, time_bound=time_bound, baseline=baseline, notes=notes,
    )


# A capitalised word after "i"/"på" that is not the sentence start: a named place ("i Oxhagen").
_PLACE_NAME = re.compile(r"(?<!\w)(?:i|på|kring|runt)\s+(?:centrala\s+)?(?!Sverige)[A-ZÅÄÖ][a-zåäöé]{2,}")


def _place_name(ctx: ScanContext, start: int, end: int) -> str | None:
    match = _PLACE_NAME.search(ctx.text, start, end)
    return match.group(0) if match else None
