"""SMART analysis of goal statements: find them, classify them, flag specific/measurable/time-bound/baseline.

Goal statements come from three places: sentences and list items under a goal heading ("Mål",
"Effektmål", "Delmål", "Målsättning"), sentences anywhere that state a goal ("målet är …", "ska minska"),
and table cells under a "Mål" column. The word lists (movement verbs, problems, groups, surveys …) are the
shared vocabularies of checklist_17.yaml and the patterns (goal headings, time bounds, baselines …) its
`goal_analysis`, so a domain expert tunes them in one place; this module holds only how they combine.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from auditor.analysis.context import ScanContext
from auditor.analysis.findings import Goal
from auditor.analysis.patterns import NUMBER_START, QUANTITY_PATTERNS, fast_pattern
from auditor.document import fold

_INTRO = re.compile(r":\s*$")
# a digit glued to letters is OCR damage ("6ka" = "öka"), not an amount
_NUMBER = fast_pattern(NUMBER_START + r"\d+(?:[,.]\d+)?(?![^\W_])")
_YEAR_ONLY = re.compile(r"^(?:19[5-9]\d|20[0-4]\d)$")
MAX_GOAL_CHARS = 600
_TIME_FRAME = fast_pattern(QUANTITY_PATTERNS["period"] + "|" + QUANTITY_PATTERNS["year"])
OPENING_CHARS = 12  # "Skapa en tryggare …": the change within the item's first two or three words
ACTOR_CHARS = 20  # "Polisen ska genomföra …": the activity verb follows at most an actor and "ska"
LEAD_IN_CHARS = 200  # the end of the paragraph before a list: "Parterna ska … sträva efter att:"
PURPOSE_REACH = 40  # "i syfte att på sikt kraftigt minska …": the change follows the purpose phrase closely


@dataclass(frozen=True)
class GoalPatterns:
    """The folded-text patterns of checklist_17.yaml's `goal_analysis` (the words are the expert's; how they
    combine is below)."""

    goal_heading: re.Pattern  # a heading (or table column) whose section states goals
    time_bound: re.Pattern  # a time or period that bounds a goal
    baseline: re.Pattern  # the level a goal starts from
    measured_subject: re.Pattern  # "Andelen …", "Antalet …": group 1 is the head of what is measured
    no_goal: re.Pattern  # a sentence that states no goal however it is worded: a definition, a relation
    not_sought_before: re.Pattern  # ends the text before a movement word that seeks no change ("för ökad")
    party_opening: re.Pattern  # a party's promise ("Polisen ska öka närvaron …"), not a goal in itself
    indicator_column: re.Pattern  # a table column naming what is measured ("Indikator", "Nyckeltal")
    themed_heading: re.Pattern  # the label of a numbered löfte or goal heading ("Löfte 2:"): its theme may be a goal

    @classmethod
    def compile(cls, sources: dict[str, str]) -> GoalPatterns:
        return cls(
            goal_heading=fast_pattern(sources["goal_heading"]),  # the three searched through long texts
            time_bound=fast_pattern(sources["time_bound"]),
            baseline=fast_pattern(sources["baseline"]),
            measured_subject=re.compile(sources["measured_subject"]),
            no_goal=re.compile(sources["no_goal"]),
            not_sought_before=re.compile(sources["not_sought_before"]),
            party_opening=re.compile(sources["party_opening"]),
            indicator_column=re.compile(sources["indicator_column"]),
            themed_heading=re.compile(sources["themed_heading"]),
        )


GOAL_PATTERNS = tuple(GoalPatterns.__dataclass_fields__)


# A sentence states a goal when it has a goal word ("målet", "delmål", "vision"), or "ska" followed by a
# movement verb ("ska minska"); the words are the vocabularies goal_words, goal_modal and goal_movement.
SHARED_RULES = ("place_names", "directives")
VOCABULARIES = ("words", "modal", "movement", "vague", "specific_problems", "general_problems", "groups",
                "general_groups", "places", "avoidance", "measures", "activity", "output", "process", "vision",
                "purpose", "findings", "wishes", "prevention")  # read from checklist vocab `goal_<name>`;
# Named places ("i Oxhagen") come from the shared rule `place_names`; sentences about national
# directives (shared rule `directives`) state someone else's goals and are skipped.


# The kommun's own name ("Ängsby kommun", "Kvarnholms kommun", "lokalpolisområde Ängsby"): a goal for the
# whole kommun ("tryggheten i Ängsby ska öka") names no specific place. Found from the literal "kommun"/"stad"
# backwards: a pattern that starts with a capital letter is tried at every capital. The searches through the
# whole text start with a literal ("ommun", "tad", "olis"), which the regex engine skips ahead to; one that
# starts with a class or an alternation is tried at every position.
_KOMMUN_WORD = re.compile(r"\s(?:[Kk]ommun|[Ss]tad)(?!\w)")  # "Trollhättans Stad" too
_KOMMUN_WORD_TAILS = (re.compile(r"ommun(?!\w)"), re.compile(r"tad(?!\w)"))  # two characters into it
_NAME_BEFORE = re.compile(r"(?<!\w)([A-ZÅÄÖ][a-zåäöé]+)\s+$")
# "lokalpolisområde Ängsby", "polisområde Ängsby", "Polisen i Ängsby"
_POLICE_AREA_NAME = re.compile(r"olis(?:(?<=polis)område|(?<=[Pp]olis)en i)\s+([A-ZÅÄÖ][a-zåäöé]+)")


def goals_of(ctx: ScanContext) -> list[Goal]:
    """The document's goal statements, analysed once per document (rules and the result share them)."""
    return ctx.memo(("goals",), lambda: analyse_goals(ctx))


def analyse_goals(ctx: ScanContext) -> list[Goal]:
    vocab = {name: _starts(ctx.hits(ctx.checklist.vocab_rule(f"goal_{name}"))) for name in VOCABULARIES}
    for shared in SHARED_RULES:
        vocab[shared] = _starts(ctx.hits(ctx.checklist.shared_rules[shared]))
    vocab["movement"] = _starts((s, e) for s, e in vocab["movement"][1] if not _not_sought(ctx, s))
    kommun = _kommun_names(ctx.text)
    vocab["place_names"] = _starts((s, e) for s, e in vocab["place_names"][1] if ctx.text[s:e].split()[-1] not in kommun)
    sections = _goal_sections(ctx)
    # "Mål för 2024–2027", "Det här ska vi åstadkomma tillsammans 2018": the heading bounds its goals in time,
    # as does a lead-in such as "… följande löften för 2016–2017:"
    headings = [(start, end, ctx.document.blocks[index].text) for start, end, index in sections]
    dated = [(start, end, heading) for start, end, heading in headings if _TIME_FRAME.search(fold(heading))]
    # every vocabulary's spans in one list: a candidate finds all its words with one bisection
    tagged = sorted((s, e, name) for name, (_, spans) in vocab.items() for s, e in spans)
    everything = ([s for s, _, _ in tagged], tagged)
    goals = []
    seen: set[tuple[int, int]] = set()
    for start, end, column, baseline_column in _candidates(ctx, vocab, sections):
        if (start, end) in seen or end - start < 12:
            continue
        seen.add((start, end))
        lead_in = _lead_in(ctx, start)
        column_frame = column if column and _TIME_FRAME.search(fold(column)) else None
        frame = (column_frame or next((h for s, e, h in dated if s <= start < e), None)
                 or _lead_in_frame(ctx, vocab, lead_in, start, end))
        goal = _read_goal(ctx, vocab, everything, start, end, frame, lead_in)
        if goal is not None:
            goal.baseline = goal.baseline or baseline_column
            goal.purpose_of_activity = _after_means(ctx, vocab, start)
            goals.append(goal)
    return goals


def _after_means(ctx: ScanContext, vocab: dict, start: int) -> bool:
    """Whether the goal is an aim that follows, in its sentence, what is done to reach it."""
    sentence = ctx.sentences.index_at(start)
    block = ctx.document.block_at(start)
    if sentence is None or block is None or block.kind == "table_row":  # a row's cells are columns of their own
        return False
    sentence_start = ctx.sentences.spans[sentence][0]
    return start > sentence_start and bool(_within(vocab["activity"], sentence_start, start)
                                           or _within(vocab["output"], sentence_start, start))


def _not_sought(ctx: ScanContext, start: int) -> bool:
    folded_start = _folded_span(ctx, start, start)[0]
    return bool(ctx.checklist.goal_patterns.not_sought_before.search(ctx.folded.text, max(0, folded_start - 24), folded_start))


def _kommun_names(text: str) -> set[str]:
    names = {match.group(1) for match in _POLICE_AREA_NAME.finditer(text)}
    words = (tail.start() - 2 for pattern in _KOMMUN_WORD_TAILS for tail in pattern.finditer(text))
    for start in (start for start in words if start >= 0 and _KOMMUN_WORD.match(text, start)):
        match = _NAME_BEFORE.search(text, max(0, start - 40), start + 1)
        if match:
            name = match.group(1)
            names.add(name)
            if name.endswith("s"):
                names.add(name[:-1])  # "Kvarnholms kommun" -> Kvarnholm
    return names


def _goal_sections(ctx: ScanContext) -> list[tuple[int, int, int]]:
    """(start, end, heading block index) of the sections under a goal heading."""
    blocks, folded = ctx.document.blocks, ctx.folded.text
    return [
        (start, end, index) for start, end, index in ctx.headed_sections
        if ctx.checklist.goal_patterns.goal_heading.search(folded, *_folded_span(ctx, blocks[index].start, blocks[index].end))
    ]


def _candidates(ctx: ScanContext, vocab: dict, sections: list[tuple[int, int, int]]):
    """Spans of the original text that may state a goal, in reading order. One read from a table comes with the
    header of its column ("Målvärde 2025" bounds the goal in time) and whether the table gives a baseline."""
    folded = ctx.folded
    goal_sections = [(start, end) for start, end, _ in sections]
    section_starts = [s for s, _ in goal_sections]
    kinds = [ctx.document.blocks[i].kind if i is not None else None
             for i in ctx.unit_indexes("block", [start for start, _ in ctx.sentences.spans])]
    # outside a goal section only a sentence with a goal word, a modal, a movement or a purpose phrase can
    # state a goal or an aim: the sentences that hold one are looked up once, not searched one by one
    worded = set(ctx.unit_indexes("sentence", [s for name in ("words", "modal", "movement", "purpose")
                                               for s in vocab[name][0]]))
    for index, ((start, end), kind) in enumerate(zip(ctx.sentences.spans, kinds)):
        if kind == "heading":  # headings name sections, but a numbered löfte may name its change ("Löfte 2: Lugnare trafik")
            theme = _heading_theme(ctx, start, end)
            if theme is not None and _opens_with_change(vocab, theme, end) and not _party_opening(ctx, theme, end):
                yield theme, end, None, False
            continue
        if kind not in ("paragraph", "list_item"):
            continue  # table cells are read per column below
        i = bisect_right(section_starts, start) - 1
        under_goal_heading = i >= 0 and any(s <= start < e for s, e in goal_sections[max(0, i - 3): i + 1])
        if not (under_goal_heading or index in worded):
            continue
        stated = _states_goal(vocab, start, end) or kind == "list_item" and _opens_with_change(vocab, start, end)
        if not (under_goal_heading or stated):
            aim = _purpose_aim(vocab, start, end)
            if aim is not None and not _within(vocab["directives"], start, end):
                yield aim, min(end, aim + MAX_GOAL_CHARS), None, False
            continue
        text = folded.text[slice(*_folded_span(ctx, start, end))]
        if under_goal_heading and not stated and (_INTRO.search(text) or _within(vocab["findings"], start, end)):
            continue  # "Målen är följande:" introduces goals; "… uppgav 28 procent" reports data
        if _within(vocab["wishes"], start, end) and not _within(vocab["words"], start, end):
            continue  # what residents wished for, not what the parties aim at
        if not _within(vocab["directives"], start, end):
            yield start, min(end, start + MAX_GOAL_CHARS), None, False
    yield from _goal_cells(ctx)


def _heading_theme(ctx: ScanContext, start: int, end: int) -> int | None:
    """Where the theme of a numbered löfte or goal heading begins (after "Löfte 2:"), if the heading is one."""
    folded_start, folded_end = _folded_span(ctx, start, end)
    label = ctx.checklist.goal_patterns.themed_heading.match(ctx.folded.text, folded_start, folded_end)
    return None if label is None else ctx.folded.to_original(label.end(), label.end())[0]


def _opens_with_change(vocab: dict, start: int, end: int) -> bool:
    """A list item that opens with the change it seeks ("Minska antalet bostadsinbrott", "Skapa en tryggare
    stadskärna", "Minskad tillgreppsbrottslighet") states a goal without "ska"."""
    return _opens_with(_within(vocab["movement"], start, end), start, OPENING_CHARS)


def _opens_with_goal(ctx: ScanContext, vocab: dict, start: int, end: int) -> bool:
    """An item that opens with the change it seeks, not with the party that promises it (nor an aim that
    follows the item's means: "Våld i nära relationer – samverka för att förhindra …")."""
    block = ctx.document.block_at(start)
    if block is not None and ctx.text[block.start:start].strip(" \t-–•*"):
        return False
    return _opens_with_change(vocab, start, end) and not _party_opening(ctx, start, end)


def _party_opening(ctx: ScanContext, start: int, end: int) -> bool:
    """Whether the text opens with the party that promises ("Polisen ska öka närvaron …"), not with a change."""
    opening = ctx.folded.text[slice(*_folded_span(ctx, start, min(end, start + 60)))]
    return bool(ctx.checklist.goal_patterns.party_opening.match(opening))


def _opens_with(spans: list[tuple[int, int]], start: int, reach: int) -> bool:
    return any(s - start <= reach for s, _ in spans)


def _states_goal(vocab: dict, start: int, end: int) -> bool:
    if _within(vocab["words"], start, end):
        return True
    modals = _within(vocab["modal"], start, end)
    # "… ska minska", or a sentence that opens with the change: "Färre boende ska undvika torget"
    return bool(modals) and any(s > modals[0][0] or s == start for s, _ in _within(vocab["movement"], start, end))


def _purpose_aim(vocab: dict, start: int, end: int) -> int | None:
    """Where a stated aim begins: "insatser genomförs för att minska narkotikamissbruket bland unga" aims
    at what follows the purpose phrase; the means before it are not part of the goal."""
    movements = [s for s, _ in _within(vocab["movement"], start, end)]
    for purpose_start, purpose_end in _within(vocab["purpose"], start, end):
        if any(purpose_end <= s <= purpose_end + PURPOSE_REACH for s in movements):
            return purpose_start
    return None


def _lead_in_frame(ctx: ScanContext, vocab: dict, lead_in: tuple[int, int] | None, start: int, end: int) -> str | None:
    """"… kommit överens om följande medborgarlöften för 2016-2017:": a period in the lead-in bounds the items
    that are goals: items that open with the change ("Minska antalet bostadsinbrott"), or any item when the
    lead-in introduces goals ("Det här vill vi uppnå till 2026:"). It does not bound a party's promise
    ("För åren 2021–2022 lyder löftet: – Polisen ska öka närvaron …"): that dates the work, not a goal."""
    if lead_in is None:
        return None
    text = ctx.text[lead_in[0]:lead_in[1]]
    folded = fold(text)
    if not _TIME_FRAME.search(folded):
        return None
    if ctx.checklist.goal_patterns.goal_heading.search(folded) or _opens_with_goal(ctx, vocab, start, end):
        return text
    return None


def _lead_in(ctx: ScanContext, start: int) -> tuple[int, int] | None:
    """The paragraph that introduces the list a list item belongs to, if it is one."""
    blocks = ctx.document.blocks
    index = ctx.unit_index("block", start)
    if index is None or blocks[index].kind != "list_item":
        return None
    while index > 0 and blocks[index].kind == "list_item":
        index -= 1
    block = blocks[index]
    return (max(block.start, block.end - LEAD_IN_CHARS), block.end) if block.kind == "paragraph" else None


def _last_sentence(ctx: ScanContext, span: tuple[int, int]) -> tuple[int, int]:
    """The part of `span` in the sentence that ends it (a lead-in's own sentence)."""
    sentence = ctx.sentences.index_at(max(span[0], span[1] - 1))
    return (max(span[0], ctx.sentences.spans[sentence][0]), span[1]) if sentence is not None else span


def _goal_cells(ctx: ScanContext):
    """Cells under a column whose header names a goal ("Mål", "Delmål", "Effektmål"), with that header. In a
    table of indicators ("Indikator | Utgångsläge | Målvärde 2025") or of goals with their baseline ("Mål |
    Utgångsvärde | Målvärde | Källa | Tidpunkt") the whole row is the goal: what is measured, from which
    level, to which target, by when."""
    doc, patterns = ctx.document, ctx.checklist.goal_patterns
    for table_start, table_end in ctx.tables.spans:
        rows = [b for b in doc.blocks_starting_in(table_start, table_end) if b.cells]
        if len(rows) < 2:
            continue
        header = rows[0].cells or ()
        columns = [i for i, cell in enumerate(header) if patterns.goal_heading.search(fold(cell))]
        baselines = any(patterns.baseline.search(fold(cell)) for cell in header)
        indicators = columns and (baselines or any(patterns.indicator_column.search(fold(cell)) for cell in header))
        baseline = bool(indicators) and baselines
        for row in rows[1:]:
            cells = row.cells or ()
            filled = [(column, cells[column].strip()) for column in columns if column < len(cells) and cells[column].strip()]
            if indicators and filled:  # the row's time frame is that of a dated target column ("Mål 2025")
                dated = [header[column] for column, _ in filled if _TIME_FRAME.search(fold(header[column]))]
                yield row.start, row.end, (dated or [header[filled[0][0]]])[0], baseline
                continue
            for column, cell in filled:
                offset = row.text.find(cell)
                if offset >= 0:
                    yield row.start + offset, row.start + offset + len(cell), header[column], False


def _folded_span(ctx: ScanContext, start: int, end: int) -> tuple[int, int]:
    """Original offsets -> folded offsets (identical unless ligatures or soft hyphens occur)."""
    folded = ctx.folded
    if folded._index is None:
        return start, end
    index = folded._index
    return bisect_right(index, start - 1), bisect_right(index, end - 1)


def _starts(hits) -> tuple[list[int], list[tuple[int, int]]]:
    """The (start, end) spans of `hits` in text order, and their starts to bisect."""
    spans = sorted((hit[0], hit[1]) for hit in hits)
    return [s for s, _ in spans], spans


def _within(indexed: tuple[list[int], list[tuple[int, int]]], start: int, end: int) -> list[tuple[int, int]]:
    starts, spans = indexed
    return [span for span in spans[bisect_right(starts, start - 1):bisect_right(starts, end - 1)] if span[1] <= end]


def _read_goal(ctx: ScanContext, vocab: dict, everything: tuple[list[int], list[tuple[int, int, str]]], start: int,
               end: int, time_frame: str | None, lead_in: tuple[int, int] | None) -> Goal | None:
    patterns = ctx.checklist.goal_patterns
    text = ctx.folded.text[slice(*_folded_span(ctx, start, end))]
    sentence = ctx.sentences.index_at(start)
    if sentence is not None:  # a definition or a relation states no goal ("Med effektmål avses …", "Ju fler …, desto …")
        sentence_start = ctx.sentences.spans[sentence][0]
        if patterns.no_goal.match(ctx.folded.text[slice(*_folded_span(ctx, sentence_start, max(end, start + 1)))]):
            return None
    spans: dict[str, list[tuple[int, int]]] = {name: [] for name in vocab}
    starts, tagged = everything
    for s, e, name in tagged[bisect_right(starts, start - 1):bisect_right(starts, end - 1)]:
        if e <= end:
            spans[name].append((s, e))
    has = {name: bool(found) for name, found in spans.items()}
    if lead_in is not None and _within(vocab["vague"], *_last_sentence(ctx, lead_in)):
        # "Parterna ska sträva efter att: – motverka narkotika": each item is hedged; a hedge in an earlier
        # sentence of the paragraph ("Nämndernas mål ska bidra till … Programmet har fyra mål:") governs that one
        has["vague"] = True
    # "trygghetsvandringar" names an activity, not the problem trygghet
    outputs = spans["output"] + spans["activity"]
    for name in ("specific_problems", "general_problems"):
        has[name] = any(not any(os <= s < oe for os, oe in outputs) for s, _ in spans[name])
    numbers = [m.group(0) for m in _NUMBER.finditer(text) if not _YEAR_ONLY.match(m.group(0))]
    baseline_spans = [m.span() for m in patterns.baseline.finditer(text)]
    bound = [m for m in patterns.time_bound.finditer(text)
             if not any(bs <= m.start() < be for bs, be in baseline_spans)]
    # avoidance ("undviker centrum", "avstår från att gå ut") is how otrygghet shows in a measurable goal
    problem = has["specific_problems"] or has["general_problems"] or has["avoidance"]
    notes: list[str] = []

    # "Genomföra en trygghetsvandring … för ökad trygghet", "Polisen ska genomföra …" open with what is
    # done: a means, not an effect
    opens_with_activity = _opens_with(spans["activity"], start, ACTOR_CHARS)
    # "Andelen utandningsprov över gränsvärdet ska minska från 1,1 till 0,6 procent": a measured share or
    # count that shall change is an effect, unless what is counted is the work done ("Antalet kontroller ska öka")
    measured = patterns.measured_subject.match(text)
    if measured and has["movement"] and not opens_with_activity:
        head = start + measured.start(1)
        problem = problem or not any(s <= head < e for s, e in outputs)
    # "förebygga bedrägerier", "motverka narkotikadebut": a direction of work, no change of the problem
    prevention_only = all(any(ps <= s < pe for ps, pe in spans["prevention"]) for s, _ in spans["movement"])
    if has["movement"] and problem and not opens_with_activity and not prevention_only:
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
    elif has["vision"] or problem or has["movement"]:
        kind = "vision"
        notes.append("Allmän inriktning utan förändring av ett namngivet problem (vision).")
    else:
        return None

    groups = [s for s, _ in spans["groups"] if not any(gs <= s < ge for gs, ge in spans["general_groups"])]
    # a share or count with its figure names exactly what shall change, as an indicator does
    named = (has["specific_problems"] or bool(groups) or has["places"] or has["place_names"]
             or bool(measured and numbers))
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
    time_bound = bool(bound) or time_frame is not None
    if bound:
        notes.append(f"Tidsatt: ”{bound[0].group(0)}”.")
    elif time_frame is not None:
        notes.append(f"Tidsatt genom ”{time_frame.strip()}”.")
    else:
        notes.append("Inte tidsatt: ingen tidpunkt eller period som avgränsar målet.")
    baseline = bool(baseline_spans)
    if baseline:
        notes.append("Utgångsläge anges.")
    return Goal(
        text=ctx.text[start:end], start=start, end=end, page=ctx.document.page_at(start), kind=kind,
        specific=specific, measurable=measurable, time_bound=time_bound, baseline=baseline, notes=notes,
        hedged=has["vague"],
    )

