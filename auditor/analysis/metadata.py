"""Document metadata: kommun, lokalpolisområde, period, signatories, adoption date and title.

Patterns run on the folded text (lowercase, no diacritics, see auditor.document) so OCR-damaged and
all-caps text match; every value shown to the user is quoted from the original text.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field

from auditor.document import Document, FoldedText, fold
from auditor.geography import canonical, find_kommun_mentions

FRONT_CHARS = 2500  # without page information, the "first page" is this much text
MIN_TITLE_LETTERS = 4


@dataclass
class Metadata:
    kommun: str | None = None
    lokalpolisomrade: str | None = None
    period: dict[str, int | str | None] = field(default_factory=lambda: {"from": None, "to": None, "text": None})
    signatories: list[dict[str, str]] = field(default_factory=list)  # {"name", "role"}
    adoption_date: str | None = None  # ISO yyyy-mm-dd
    title: str | None = None
    # where each found value was read ("titeln", "första sidan", "texten", ...), shown next to it
    sources: dict[str, str] = field(default_factory=dict)


def extract(doc: Document) -> Metadata:
    title, title_source = titled(doc)
    front = front_end(doc)
    years = _year_positions(doc.folded.text)
    signatories = _signatories(doc)
    kommun, kommun_at = _kommun(doc, front, [person["name"] for person in signatories], _title_span(doc, title))
    period = _period(doc, title, front, years)
    sources = {"title": title_source} if title else {}
    if kommun:
        sources["kommun"] = _place_source(doc, kommun_at, front, title)
    if period["text"]:
        sources["period"] = _place_source(doc, doc.text.find(str(period["text"])), front, title)
    return Metadata(
        kommun=kommun,
        lokalpolisomrade=_lokalpolisomrade(doc, front),
        period=period,
        signatories=signatories,
        adoption_date=_adoption_date(doc, years, kommun),
        title=title,
        sources=sources,
    )


def _place_source(doc: Document, start: int, front: int, title: str | None) -> str:
    """Where in the document a value was read: the title, the first page, the text, or outside it."""
    if start < 0 or start >= len(doc.text):
        return "sidhuvud eller filens egenskaper"
    block = doc.block_at(start)
    if title and block is not None and block.text.strip() == title.strip():
        return "titeln"
    return "första sidan" if start < front else "texten"


# --- title and first page ---------------------------------------------------------------------------

# Lines that precede a title without being one: draft/sample stamps, diary numbers, dates.
_MARKER_LINE = re.compile(
    r"^(?:\[image|exempeldokument|utkast|preliminär|arbetsmaterial|dnr|diarienummer|datum|sida\s+\d|\d{4}-\d\d-\d\d)", re.I
)
# File properties that name a file or a template, or no one ("(anonymous)"), not the document.
_FILENAME_TITLE = re.compile(
    r"^\(?(?:microsoft (?:word|powerpoint) - |dokument\d*$|untitled|namnlos|rubrik$|titel$|mall\b|powerpoint"
    r"|anonymous\)?$|unknown\)?$|none$)|\.(?:docx?|pdf|odt)$"
)


def document_title(doc: Document) -> str | None:
    return titled(doc)[0]


def titled(doc: Document) -> tuple[str | None, str]:
    """The file's own title when it looks like one, else the first heading, else a short first block; and
    where it was read."""
    meta = (doc.metadata.get("title") or "").strip()
    found: tuple[str | None, str] = (None, "")
    if len(meta) >= 4 and not _FILENAME_TITLE.search(meta.lower()):
        found = (meta, "filens egenskaper")
    else:
        heading = next((b.text for b in doc.blocks[:15] if b.kind == "heading" and _could_be_title(b.text)), None)
        first = next((b.text for b in doc.blocks[:5] if _could_be_title(b.text)), "")
        if heading:
            found = (heading, "första rubriken")
        elif 0 < len(first) <= 150:
            found = (first, "första stycket")
    return found


def _could_be_title(text: str) -> bool:
    """Not a stamp, diary number or page number: a title has a few letters."""
    return not _MARKER_LINE.match(text) and sum(char.isalpha() for char in text) >= MIN_TITLE_LETTERS


def front_end(doc: Document) -> int:
    """Offset where the first page ends (the region where the parties and the title are named)."""
    first_page = next((b.page for b in doc.blocks if b.page is not None), None)
    if first_page is None:
        return min(len(doc.text), FRONT_CHARS)
    end = 0
    for block in doc.blocks:
        if block.page not in (None, first_page):
            break
        end = block.end
    return max(end, min(len(doc.text), 400))  # a cover page with only a logo says nothing


# --- kommun ----------------------------------------------------------------------------------------

_POLICE_BEFORE = re.compile(r"(?:polisomrade[tn]?|lpo|polisen|polismyndigheten)\s+(?:i\s+)?(?:\w+\s*/\s*)?$")
_MELLAN = re.compile(r"mellan\s+[^.\n]{0,80}?\s+och\s+[^.\n]{0,80}")
# "Björkviks kommun", "Tallmo kommun", "Kommunen i Östan": for kommuner outside the known list. The
# literal words are found in the folded text (one search per word: the regex engine skips ahead to a literal,
# not to either of two); the capitalised name is then read from the original.
_KOMMUN_WORDS = (re.compile(r"kommun\b"), re.compile(r"stad\b"))
_KOMMUNEN_I = re.compile(r"kommunen\s+i\s+")
_NAME_BEFORE = re.compile(r"(?<![\w-])([A-ZÅÄÖ][a-zåäöé]+(?:[- ][A-ZÅÄÖ][a-zåäöé]+)?) $")
_NAME_AT = re.compile(r"[A-ZÅÄÖ][a-zåäöé]+\b")
_NOT_A_NAME = {
    "denna", "den", "varje", "hela", "egen", "annan", "alla", "vilken", "samma", "sveriges", "landets",
    "vår", "er", "din", "berörd", "aktuell", "respektive", "en", "ett", "per", "i", "och", "eller", "att",
}
# Unknown names whose final s is part of the name, not a genitive ("Hagfors", "Bergnäs", "Kvarnås").
_KEEPS_S = ("näs", "nes", "fors", "ås", "ss", "us", "is")


def _title_span(doc: Document, title: str | None) -> tuple[int, int]:
    """Where the title stands in the text ((0, 0) when it comes from the file's properties or is absent)."""
    block = next((b for b in doc.blocks[:15] if title and b.text.strip() == title.strip()), None)
    return (block.start, block.end) if block else (0, 0)


def _kommun(doc: Document, front: int, people: list[str], title: tuple[int, int] = (0, 0)) -> tuple[str | None, int]:
    """The kommun the document is about and where it was first named (len(text): outside the text). The title
    weighs most, then the parties ("mellan X kommun och …") and the first page; a person's name never counts."""
    folded = doc.folded.text
    mellan = [m.span() for m in _MELLAN.finditer(folded, 0, front)]
    # a signatory's name is no kommun: "Anna Berg, kommunstyrelsens ordförande" names a person, not Berg
    named = [(m.start(), m.end()) for person in people for m in re.finditer(re.escape(person), doc.text)]
    scores: dict[str, float] = defaultdict(float)
    first_seen: dict[str, int] = {}
    for mention in find_kommun_mentions(doc.folded):
        if any(start <= mention.start < end for start, end in named):
            continue
        weight = 3.0 if mention.strong else 1.0
        if _POLICE_BEFORE.search(folded, max(0, mention.start - 40), mention.start):
            weight = 0.2  # "lokalpolisområde Alingsås" names the police area: a party only as a last resort
        if mention.start < front:
            weight *= 3
        if any(s <= mention.start < e for s, e in mellan):
            weight *= 2
        if title[0] <= mention.start < title[1]:
            weight *= 10  # the document names itself: more than every neighbour on its first page
        scores[mention.kommun] += weight
        first_seen.setdefault(mention.kommun, mention.start)
    for name, start in _generic_kommuner(doc):
        if name not in scores:
            scores[name] += 6.0 if start < front else 2.0
            first_seen.setdefault(name, start)
    if not scores:  # running headers and the file's properties often name the kommun when the text does not
        extra = " \n ".join([*doc.headers_footers, doc.metadata.get("title") or "", doc.metadata.get("author") or ""])
        for mention in find_kommun_mentions(FoldedText.of(extra)):
            scores[mention.kommun] += 1.0
            first_seen.setdefault(mention.kommun, len(doc.text))
    if not scores:
        return None, -1
    kommun = max(scores, key=lambda name: (scores[name], -first_seen[name]))
    return kommun, first_seen[kommun]


def _generic_kommuner(doc: Document) -> list[tuple[str, int]]:
    """Kommun names outside the known list, from "X kommun" / "X stad" / "kommunen i X"."""
    folded, text = doc.folded, doc.text
    found = []
    for word in sorted(match.start() for pattern in _KOMMUN_WORDS for match in pattern.finditer(folded.text)):
        start = folded.to_original(word, word + 1)[0]
        name = _NAME_BEFORE.search(text, max(0, start - 40), start)
        if name:
            found.append((name.group(1), name.start()))
    for match in _KOMMUNEN_I.finditer(folded.text):
        end = folded.to_original(match.end() - 1, match.end())[1]
        name = _NAME_AT.match(text, end)
        if name:
            found.append((name.group(), name.start()))
    return [
        (_strip_genitive(raw), start) for raw, start in sorted(found, key=lambda item: item[1])
        if raw.split()[0].lower() not in _NOT_A_NAME and not raw.lower().startswith("kommun")
    ]


def _strip_genitive(name: str) -> str:
    known = canonical(name)
    if known:
        return known
    if name.endswith("s") and not name.lower().endswith(_KEEPS_S):
        return canonical(name[:-1]) or name[:-1]
    return name


# --- lokalpolisområde ------------------------------------------------------------------------------

_DIRECTION = r"(?:norra|sodra|ostra|vastra|mellersta|centrala|nordostra|nordvastra|sydostra|sydvastra)"
_GAP = r"(?=\s)[ \t]*\n?[ \t]*"  # whitespace within one block (never the blank line between blocks)
_AREA_WORD = r"(?:norr|nord|syd|soder|ost|vast|centrum|city|innerstad|ytterstad)\b"  # "Malmö Norr"
_LPO_NAME = (
    rf"{_GAP}(?:i{_GAP})?((?:{_DIRECTION}{_GAP})?[a-z0-9][\w-]*(?:[ \t]*/[ \t]*[a-z0-9][\w-]*)*(?:[ \t]+{_AREA_WORD})?)"
)
_LPO = (re.compile(rf"polisomrade[tn]?{_LPO_NAME}"), re.compile(rf"lpo{_LPO_NAME}"))  # literal starts: fast
_LPO_AFTER_NAME = re.compile(r"lokalpolisomrade\b")  # "Hässleholms lokalpolisområde"
_GENITIVE_BEFORE = re.compile(r"(?<![\w-])([A-ZÅÄÖ][a-zåäöé]+s) $")


def _lokalpolisomrade(doc: Document, front: int) -> str | None:
    counts: dict[str, int] = defaultdict(int)
    first: dict[str, int] = {}
    folded = doc.folded.text
    for match in sorted((m for pattern in _LPO for m in pattern.finditer(folded)), key=lambda m: m.start()):
        if match.group().startswith("lpo") and match.start() and folded[match.start() - 1].isalnum():
            continue
        start, end = match.span(1)
        quoted = doc.folded.quote(start, end)
        if not (quoted[0].isupper() or re.match(_DIRECTION, match.group(1))):
            continue  # "lokalpolisområdet ansvarar": a common word, not a name
        name = quoted.strip()
        counts[name] += 3 if match.start() < front else 1
        first.setdefault(name, match.start())
    for match in _LPO_AFTER_NAME.finditer(folded):
        start = doc.folded.to_original(match.start(), match.start() + 1)[0]
        owner = _GENITIVE_BEFORE.search(doc.text, max(0, start - 30), start)
        if owner:
            name = _strip_genitive(owner.group(1))
            counts[name] += 3 if match.start() < front else 1
            first.setdefault(name, match.start())
    if not counts:
        return None
    return max(counts, key=lambda name: (counts[name], -first[name]))


# --- period ----------------------------------------------------------------------------------------

_MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7, "augusti": 8,
    "september": 9, "oktober": 10, "november": 11, "december": 12,
}
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
_YEAR = r"(?:19|20)\d\d"
_TO = r"\s*(?:-{1,2}|till(?:\s+och\s+med)?|t\.?\s?o\.?\s?m\.?|/)\s*"
_DAY_MONTH = rf"(?:(?:\bden\s+)?(?:(?<!\d)\d{{1,2}}\s+)?\b{_MONTH}\s+)?"
# Years are found with one cheap scan; every pattern below is then tried only at (or just before) a
# year, so no pattern has to be run over the whole text.
_YEAR_HIT = re.compile(r"[12][09]\d\d")
_SPAN_AT = re.compile(rf"({_YEAR})(?:-\d\d-\d\d)?{_TO}{_DAY_MONTH}({_YEAR}|\d\d)(?:-\d\d-\d\d)?(?![\d:-])")  # not "2016/17:126"
_SPAN_PREFIX = re.compile(
    rf"(?:(?:fran|fr\.?\s?o\.?\s?m\.?)\s+(?:och\s+med\s+)?(?:\w+\s+)?)?(?:(?:\bden\s+)?(?:\d{{1,2}}\s+)?\b{_MONTH}\s+)?$"
)
_SINGLE_YEAR_BEFORE = (  # what may stand right before a year that is the whole period
    re.compile(rf"\b\d{{1,2}}\s+{_MONTH}{_TO}(?:den\s+)?\d{{1,2}}\s+{_MONTH}\s+$"),  # 1 januari – 31 december 2022
    re.compile(r"\b(?:(?:galler|giltig\w*|avser)\s+(?:for\s+|under\s+)?(?:(?:kalender)?ar(?:et)?\s+)?|for\s+(?:kalender)?ar(?:et)?\s+)$"),
    re.compile(r"(?:medborgarl[o6e]ft\w*|(?:atgards|aktivitets|handlings)plan\w*)(?:\s+[\w:-]+){0,3}?\s+$"),
)
_OPEN_ENDED = re.compile(r"tills\s+vidare\b")
# "ersätter överenskommelsen från 2018", "upphäver avtalet 2016–2018": an earlier period, not this one's
_REPLACED_BEFORE = re.compile(r"\b(?:ersatter|ersatts|upphaver|avloser)\b[^.\n]{0,60}$")
_OPEN_START_BEFORE = re.compile(
    rf"(?:fran|fr\.?\s?o\.?\s?m\.?)(?:\s+och\s+med)?\s+(?:den\s+)?(?:\d{{1,2}}\s+)?(?:{_MONTH}\s+)?{_YEAR}\s+(?:och\s+)?(?:galler\s+)?$"
)
# Words that announce the period right before it, and words that make a year span likely to be it.
_PERIOD_LEAD = re.compile(r"(?:period\w*|galler|giltig\w*|avser|loptid|under\s+tiden|tiden)\W+(?:\w+\W+){0,4}$")
_PERIOD_CONTEXT = re.compile(r"overenskommelse|samverkansavtal|lofte|avtal|planen")
MAX_PERIOD_YEARS = 8
LOOK_BACK = 60


def _year_positions(folded: str) -> list[int]:
    """Offsets of four-digit years 1900–2099 that are not part of a longer number."""
    return [
        m.start() for m in _YEAR_HIT.finditer(folded)
        if folded[m.start():m.start() + 2] in ("19", "20")
        and not (m.start() and folded[m.start() - 1].isdigit())
        and not folded[m.end():m.end() + 1].isdigit()
    ]


def _period(doc: Document, title: str | None, front: int, years: list[int]) -> dict[str, int | str | None]:
    period = _stated_period(doc.folded, title, front, years)
    if period["text"] is None and doc.headers_footers:  # the template's running header often carries the period
        running = FoldedText.of(" \n ".join(doc.headers_footers))
        period = _stated_period(running, title, len(running.text), _year_positions(running.text))
    return period


def _stated_period(source: FoldedText, title: str | None, front: int, years: list[int]) -> dict[str, int | str | None]:
    folded = source.text
    best: tuple[tuple, dict] | None = None
    for start, end, value in _period_candidates(folded, years):
        text = source.quote(start, end)
        in_title = bool(title and text in title)
        lead = bool(_PERIOD_LEAD.search(folded, max(0, start - LOOK_BACK), start))
        context = bool(_PERIOD_CONTEXT.search(folded, max(0, start - 80), start))
        open_ended = value["from"] is None
        rank = (not lead, not in_title, not context, start >= front, open_ended, start)
        if best is None or rank < best[0]:
            best = (rank, {**value, "text": text})
    return best[1] if best else {"from": None, "to": None, "text": None}


def _period_candidates(folded: str, years: list[int]):
    """(start, end, {"from", "to"}) for every stated period (year spans, single years, "tills vidare"), but
    not one the document says it replaces."""
    for start, end, value in _stated_periods(folded, years):
        if value["from"] is None or not _REPLACED_BEFORE.search(folded, max(0, start - 80), start):
            yield start, end, value


def _stated_periods(folded: str, years: list[int]):
    taken = -1  # end of the last span: its second year is not a period of its own
    for position in years:
        if position < taken:
            continue
        window = max(0, position - LOOK_BACK)
        span = _SPAN_AT.match(folded, position) if folded[position - 1:position] != "-" else None
        if span:
            first, last = int(span.group(1)), span.group(2)
            last = int(last) if len(last) == 4 else first // 100 * 100 + int(last)
            if 0 < last - first <= MAX_PERIOD_YEARS:  # not "2020-03" (a month) nor "1998-2021" (a history)
                prefix = _SPAN_PREFIX.search(folded, window, position)
                assert prefix  # every part of it is optional: it matches at `position` at least
                start = prefix.start()
                taken = span.end()
                yield start, span.end(), {"from": first, "to": last}
                continue
        if folded[position + 4:position + 5] == "-":
            continue  # a date or a span start
        for pattern in _SINGLE_YEAR_BEFORE:
            before = pattern.search(folded, window, position)
            if before:
                year = int(folded[position:position + 4])
                yield before.start(), position + 4, {"from": year, "to": year}
                break
    for match in _OPEN_ENDED.finditer(folded):
        # Open-ended is no period (from/to stay None, as R2 reads it); the text keeps any start date.
        since = _OPEN_START_BEFORE.search(folded, max(0, match.start() - LOOK_BACK), match.start())
        if since and _REPLACED_BEFORE.search(folded, max(0, since.start() - 80), since.start()):
            since = None  # "ersätter överenskommelsen från 2018 och gäller tills vidare": no start date
        yield (since or match).start(), match.end(), {"from": None, "to": None}


# --- signatories -----------------------------------------------------------------------------------

_ROLES = (  # (folded pattern starting with a literal, role as shown)
    (r"kommunstyrelsens\s+ordf\w*", "kommunstyrelsens ordförande"),
    (r"ordf\w*\s+i\s+kommunstyrelsen", "kommunstyrelsens ordförande"),
    (r"ks[\s-]+ordf\w*", "kommunstyrelsens ordförande"),
    (r"kommundirektor", "kommundirektör"),
    (r"kommunchef", "kommunchef"),
    (r"lokalpolisomradeschef", "lokalpolisområdeschef"),
    (r"chef\s+(?:for\s+)?lokalpolisomrade\w*(?:\s+[a-z/]+)?", "lokalpolisområdeschef"),
    (r"polisomradeschef", "polisområdeschef"),
    (r"kommunpolis", "kommunpolis"),
)
_ROLE_PATTERNS = tuple((re.compile(pattern), role) for pattern, role in _ROLES)
_NAME_WORD = r"[A-ZÅÄÖÉ][a-zåäöéüë]+(?:-[A-ZÅÄÖ][a-zåäöé]+)?"
_NAME = re.compile(rf"{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}")
_NOT_NAME_WORDS = re.compile(
    r"\b(?:\w*kommun\w*|\w*polis\w*|stad|region|län|\w*område\w*|ordförande|\w*chef|\w*styrelse\w*|datum|ort"
    r"|för|och|den|det|med|vid|av|på|till)\b",
    re.I,
)
MAX_SIGNATURE_LINE = 90  # a signature line is a name and a role, not a sentence
_NAME_AT_END = re.compile(rf"(?<![\w-]){_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}$")
_NAME_AT_START = re.compile(rf"^{_NAME_WORD}(?:\s+{_NAME_WORD}){{1,2}}(?![\w-])")
_PARTY = re.compile(r"\s*\([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{0,3}\)")  # "Gunilla Näslund (C)"
_NAME_BEFORE_ROLE = re.compile(rf"(?<![\w-])({_NAME_WORD}\s+{_NAME_WORD})(?:\s*\([A-ZÅÄÖ][A-Za-zÅÄÖåäö]{{0,3}}\))?,?\s+$")
_SPEECH_BEFORE = re.compile(r"\b(?:säger|sa|sade|berättar|enligt|menar|tycker)\s+$", re.I)


def _signatories(doc: Document) -> list[dict[str, str]]:
    text, folded = doc.text, doc.folded
    hits = []
    for pattern, role in _ROLE_PATTERNS:
        for match in pattern.finditer(folded.text):
            if match.start() and folded.text[match.start() - 1].isalpha():
                continue  # inside a longer word: "polisomradeschef" within "lokalpolisomradeschef"
            hits.append((match.start(), match.end(), role))
    found: dict[str, str] = {}
    for start, end, role in sorted(hits):
        name = _name_near(doc, text, *folded.to_original(start, end))
        if name and name not in found:
            found[name] = role
    return [{"name": name, "role": role} for name, role in found.items()]


def _name_near(doc: Document, text: str, start: int, end: int) -> str | None:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    block = doc.block_at(start)
    if block is not None and block.kind == "table_row" and block.cells:
        return _name_in_table(doc, block, text[start:end])
    if line_end - line_start > MAX_SIGNATURE_LINE:
        return _name_right_before(text, start)
    before = _PARTY.sub("", text[line_start:start]).strip(" ,–-:\t")
    after = text[end:line_end].strip(" ,–-:\t")
    candidates = [(before, _NAME_AT_END), (after, _NAME_AT_START)]
    if not before:
        candidates.append((_neighbour_line(text, line_start, -1), _NAME_AT_END))
    if not after:
        candidates.append((_neighbour_line(text, line_end, +1), _NAME_AT_START))
    for candidate, pattern in candidates:
        name = _as_name(candidate, pattern)
        if name:
            return name
    return None


def _name_right_before(text: str, start: int) -> str | None:
    """In running text (PDF extraction often joins a signature block into one paragraph) only the
    signature order counts: "Karin Holm, kommunstyrelsens ordförande". Prose names the role first
    ("ordföranden Stina Grahn skrev under"), and news quotes ("säger Stina Grahn, ordförande") are skipped."""
    match = _NAME_BEFORE_ROLE.search(text, max(0, start - 60), start)
    if match is None or _NOT_NAME_WORDS.search(match.group(1)) or _SPEECH_BEFORE.search(text, max(0, match.start() - 12), match.start()):
        return None
    return match.group(1)


def _neighbour_line(text: str, position: int, direction: int) -> str:
    """The nearest non-empty line before (direction -1) or after (+1) `position`."""
    lines = text[max(0, position - 200):position].splitlines() if direction < 0 else text[position:position + 200].splitlines()
    lines = [line.strip() for line in (reversed(lines) if direction < 0 else lines) if line.strip()]
    return lines[0] if lines else ""


def _as_name(candidate: str, pattern: re.Pattern[str]) -> str | None:
    """The personal name (two or three capitalised words) that is `candidate`, or ends or starts it
    as `pattern` says: "För Åkerby kommun: Birgitta Sundberg" ends with a name."""
    if not candidate or len(candidate) > MAX_SIGNATURE_LINE:
        return None
    match = _NAME.fullmatch(candidate) or pattern.search(candidate)
    if match is None or _NOT_NAME_WORDS.search(match.group()):
        return None
    return match.group()


def _name_in_table(doc: Document, block, role_text: str) -> str | None:
    """Signature tables: names in one row, roles in the next (or name and role in one cell)."""
    column = next((i for i, cell in enumerate(block.cells) if role_text in cell), None)
    if column is None:
        return None
    own = _as_name(_PARTY.sub("", block.cells[column].replace(role_text, "")).strip(" ,\n"), _NAME_AT_END)
    if own:
        return own
    index = doc.block_index(block.start)  # the block itself: the last to start there
    previous = doc.blocks[index - 1] if index > 0 else None
    if previous is not None and previous.kind == "table_row" and previous.cells and column < len(previous.cells):
        return _as_name(_PARTY.sub("", previous.cells[column]).strip(), _NAME_AT_END)
    return None


# --- adoption date ---------------------------------------------------------------------------------

_ISO_DATE_AT = re.compile(r"\d{4}-(\d\d)-(\d\d)(?!\d)")
_SPELLED_DATE_BEFORE = re.compile(rf"\b(\d{{1,2}})\s+({_MONTH})\s+$")
_ADOPTION_BEFORE = (  # what precedes the date, most specific first
    re.compile(r"\b(?:antag\w*|antogs?|beslut\w*|faststall\w*)\b[^.\n]{0,60}?$"),
    re.compile(r"\b(?:underteckn\w*|signer\w*)\b[^.\n]{0,40}?$"),
    # the signing line: "Tallmo den 23 april 2019", "Kvarnholm 2018-04-05"
    re.compile(r"(?:^|\n)(?!galler|giltig|fran|till|period)[a-z][a-z -]{1,30}?,?\s+(?:den\s+)?$"),
    re.compile(r"(?<![\w-])(\w+),?\s+(?:den\s+)?$"),  # a kommun's name as the signing place, anywhere
    re.compile(r"\b(?:datum|publicerad)\s*:?\s*$"),
)
_LINE_END = re.compile(r"[ \t]*(?:\n|$)")
SIGNING_LINE, SIGNING_PLACE = 2, 3  # indexes in _ADOPTION_BEFORE


def _adoption_context_holds(
    doc: Document, priority: int, before: re.Match[str], date_end: int, kommun: str | None
) -> bool:
    if priority == SIGNING_LINE:
        return bool(_LINE_END.match(doc.folded.text, date_end))
    if priority == SIGNING_PLACE:
        place_start = doc.folded.to_original(before.start(1), before.start(1) + 1)[0]
        place = before.group(1)
        return doc.text[place_start].isupper() and (canonical(place) is not None or place == fold(kommun or ""))
    return True


def _adoption_date(doc: Document, years: list[int], kommun: str | None) -> str | None:
    folded = doc.folded.text
    best: tuple[int, int, str] | None = None
    for position in years:
        iso = _ISO_DATE_AT.match(folded, position)
        if iso:
            start, end, date = position, iso.end(), iso.group()
        else:
            spelled = _SPELLED_DATE_BEFORE.search(folded, max(0, position - 20), position)
            if not spelled:
                continue
            start, end = spelled.start(), position + 4
            date = f"{folded[position:end]}-{_MONTHS[spelled.group(2)]:02d}-{int(spelled.group(1)):02d}"
        for priority, pattern in enumerate(_ADOPTION_BEFORE):
            if best is not None and priority >= best[0]:
                break
            before = pattern.search(folded, max(0, start - 80), start)
            if before and _adoption_context_holds(doc, priority, before, end, kommun):
                best = (priority, start, date)
                break
    return best[2] if best else None
