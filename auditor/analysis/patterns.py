r"""Regular expressions rewritten so that Python's `re` can skip to where a match may start.

`re` scans quickly to a pattern's possible first characters only when the pattern begins with a literal
or a character set (an alternation of single letters counts). A pattern that begins with a look-behind
(`(?<!\w)`), a repeat (`\d+`) or an alternation whose branches begin differently (`ett|en|\d`) is
tried at every position of the text instead. `fast_pattern` rewrites the start of such a pattern into
one character set followed by checks that give exactly the same matches, in the same order of preference:

    (?<!\w)(?:ett|en|\d)\s+ar   ->   [e\d](?<!\w[e\d])(?:(?<=e)tt|(?<=e)n|(?<=\d))\s+ar
    \d+                        ->   \d\d*

The rewriting works on the pattern as `re` parses it (its internal modules, as in CPython 3.11 to 3.13); what
it cannot rewrite is compiled as written.

Most of the checklist's patterns begin at a word with one of a few literal words ("(?<!\w)(?:ska|skall|lovar)"),
some at a sentence or line start ("(?m)(?:^|[.!?]\s+)"). `start_anchors` names those places, and
`anchored_finditer` tries such a pattern only there (the scan context keeps every word's offsets), instead of at
every position.
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
import unicodedata
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]
from typing import NamedTuple

WORD_START = r"(?<!\w)"
NUMBER_START = r"(?<![\w.,/-])"
MAX_FIRST_CHARS = 16  # a first character more common than this (a word or space class) is no faster to scan to
MAX_WORD_ANCHORS = 64  # literal beginnings of a pattern's words: more are no cheaper to look up than to scan
_WORD_CHAR = re.compile(r"\w")


def fast_pattern(source: str, flags: int = 0) -> re.Pattern:
    """`source` compiled, its start rewritten (see above) when `re` would otherwise try every position."""
    tree = _parser.parse(source, flags)
    all_flags = flags | tree.state.flags
    if (all_flags & re.IGNORECASE or _compiler._get_literal_prefix(tree, all_flags)[0]
            or _compiler._get_charset_prefix(tree, all_flags)):
        return re.compile(source, flags)
    head = _head(tree.state, list(tree.data))
    if head is None or _breadth(head[0]) > MAX_FIRST_CHARS:
        return re.compile(source, flags)
    tree.data = [head[0], *head[1]]
    # compiled as re.compile does, but from the rewritten tree; `.pattern` stays the source it matches like
    names = [None] * tree.state.groups
    for name, index in tree.state.groupdict.items():
        names[index] = name
    return _sre.compile(source, all_flags, _compiler._code(tree, all_flags), tree.state.groups - 1,
                        tree.state.groupdict, tuple(names))


class Anchors(NamedTuple):
    """Where every match of a pattern begins: at a word that begins with one of `words`, at one of `chars`, or
    at the start of a line."""

    words: tuple[str, ...] = ()
    chars: str = ""
    line_starts: bool = False


def start_anchors(source: str, flags: int = 0) -> Anchors | None:
    r"""Where `source`'s matches can begin, when that is a few kinds of place: at a word (after `(?<!\w)` or a
    look-behind that excludes \w) beginning with one of a few literal beginnings, or, under `(?m)`, at a line
    start or one of a few characters (`(?:^|[.!?]\s+)`). Then only those places need be tried
    (`anchored_finditer`). None when it is not so."""
    tree = _parser.parse(source, flags)
    all_flags = flags | tree.state.flags
    # the text's words are split by Unicode \w: an ASCII or locale \w would draw other word starts
    if all_flags & (re.IGNORECASE | re.ASCII | re.LOCALE) or not tree.data or not tree.getwidth()[0]:
        return None
    (op, value), rest = tree.data[0], list(tree.data[1:])
    if op is sre.ASSERT_NOT and value[0] == -1 and _excludes_word_char(value[1]):
        words = {_word_part(beginning) for beginning in _beginnings(rest) or ()}
        if not words or "" in words or len(words) > MAX_WORD_ANCHORS:
            return None
        return Anchors(words=tuple(sorted(w for w in words if not any(w != v and w.startswith(v) for v in words))))
    if all_flags & re.MULTILINE and op is sre.BRANCH:  # (?:^|[.!?]\s+)
        chars: set[str] = set()
        line_starts = False
        for branch in value[1]:
            if branch.data and branch.data[0] == (sre.AT, sre.AT_BEGINNING):
                line_starts = True
                continue
            beginnings = _beginnings([*branch.data, *rest])
            if not beginnings:
                return None
            chars |= {beginning[0] for beginning in beginnings}
        return Anchors(chars="".join(sorted(chars)), line_starts=line_starts) if len(chars) <= MAX_FIRST_CHARS else None
    return None


def ascii_digits(word: str) -> str:
    r"""`word` with every decimal digit written 0-9: `\d` in a beginning stands for any of them ("３", "٣")."""
    if word.isascii():
        return word
    return "".join(str(unicodedata.decimal(char)) if char.isdecimal() else char for char in word)


def start_offsets(anchors: Anchors, text: str, word_starts) -> list[int]:
    """The ascending offsets of `text` that `anchors` name; `word_starts(words)`: where words begin so (a word
    compared as `ascii_digits` gives it)."""
    offsets = list(word_starts(anchors.words)) if anchors.words else []
    if anchors.chars:
        offsets += [m.start() for m in re.finditer(f"[{re.escape(anchors.chars)}]", text)]
    if anchors.line_starts:
        offsets += [0, *(m.end() for m in re.finditer("\n", text))]
    return sorted(set(offsets))


def anchored_finditer(pattern: re.Pattern, text: str, starts):
    """`pattern.finditer(text)`, tried only at `starts` (ascending offsets that include every offset where a
    match can start, as `start_anchors` guarantees): the same matches, since a match is never empty."""
    position = 0
    for start in starts:
        if start >= position and (match := pattern.match(text, start)):
            position = match.end()
            yield match


def _excludes_word_char(look_behind) -> bool:
    r"""Whether a one-character look-behind's set holds every word character (`\w`, `[\w.,/-]`)."""
    items = look_behind.data
    return (len(items) == 1 and items[0][0] is sre.IN and items[0][1][0][0] is not sre.NEGATE
            and (sre.CATEGORY, sre.CATEGORY_WORD) in items[0][1])


def _beginnings(sequence: list, depth: int = 0) -> set[str] | None:
    """The literal strings every match of `sequence` begins with (a letter set widens them), or None when a
    match may begin otherwise or the strings would be too many."""
    if not sequence or depth > 8:
        return None
    (op, value), rest = sequence[0], sequence[1:]
    if op is sre.LITERAL or (op is sre.IN and value[0][0] is not sre.NEGATE):
        chars = _chars(op, value)
        if chars is None or len(chars) > MAX_WORD_ANCHORS:
            return None
        after = _beginnings(rest, depth + 1) if rest else None
        return _shortened({char + tail for char in chars for tail in after or [""]})
    if op is sre.SUBPATTERN and not (value[1] or value[2]):  # a group that sets no flags: its content in line
        return _beginnings([*value[3].data, *rest], depth + 1)
    if op is sre.BRANCH:
        found: set[str] = set()
        for branch in value[1]:
            beginnings = _beginnings([*branch.data, *rest], depth + 1)
            if beginnings is None:
                return None
            found |= beginnings
        return _shortened(found)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):  # x+ begins as x does, x? as x or what follows
        low, high, item = value
        taken = _beginnings([*item.data, *rest] if high == 1 else list(item.data), depth + 1)
        if taken is None or low:
            return taken
        skipped = _beginnings(rest, depth + 1)
        return None if skipped is None else _shortened(taken | skipped)
    return None


def _shortened(beginnings: set[str]) -> set[str]:
    """Beginnings cut shorter until they are few enough ("1950" … "2049" become "19", "20")."""
    while len(beginnings) > MAX_WORD_ANCHORS and max(map(len, beginnings)) > 1:
        longest = max(map(len, beginnings))
        beginnings = {b[:longest - 1] for b in beginnings}
    return beginnings


def _chars(op, value) -> list[str] | None:
    r"""The characters a literal or a set (of literals, ranges and `\d`) lets through."""
    if op is sre.LITERAL:
        return [chr(value)]
    chars: list[str] = []
    for item_op, item in value:
        if item_op is sre.LITERAL:
            chars.append(chr(item))
        elif item_op is sre.RANGE and item[1] - item[0] < MAX_WORD_ANCHORS:
            chars += [chr(c) for c in range(item[0], item[1] + 1)]
        elif item_op is sre.CATEGORY and item is sre.CATEGORY_DIGIT:
            chars += list("0123456789")  # and any other decimal digit: words are compared as ascii_digits
        else:
            return None
    return chars


def _word_part(beginning: str) -> str:
    """A beginning up to its first character that is not a word character: what the word itself starts with."""
    for i, char in enumerate(beginning):
        if not _WORD_CHAR.match(char):
            return beginning[:i]
    return beginning


def _head(state, sequence: list) -> tuple[tuple, list] | None:
    """(one character's test, what must follow it) equivalent to `sequence`, or None."""
    if not sequence:
        return None
    (op, value), rest = sequence[0], sequence[1:]
    if _is_char(op, value):
        return (op, value), rest
    if op is sre.SUBPATTERN:  # a group that captures nothing and sets no flags: its content in line
        group, add_flags, del_flags, inner = value
        return None if group or add_flags or del_flags else _head(state, [*inner.data, *rest])
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT):
        low, high, item = value
        if len(item.data) == 1 and _is_char(*item.data[0]):  # x{2,5} = x x{1,4}
            fewer = high if high == sre.MAXREPEAT else high - 1
            taken = [item.data[0], *([(op, (max(low - 1, 0), fewer, item))] if fewer else []), *rest]
        elif high == 1 and item.getwidth()[0]:  # (?:xy)? = (?:xy|)
            taken = [*item.data, *rest]
        else:
            return None
        if low:
            return _head(state, taken)
        # x? y = (?:x y|y): the greedy tries with x first, the lazy without
        return _head(state, [_branch(state, [taken, rest] if op is sre.MAX_REPEAT else [rest, taken])])
    if op is sre.AT and value is sre.AT_BEGINNING and state.flags & re.MULTILINE:  # ^ as a look-behind
        line_start = _parser.SubPattern(state, [(sre.NOT_LITERAL, ord("\n"))])
        return _head(state, [(sre.ASSERT_NOT, (-1, line_start)), *rest])
    if op in (sre.ASSERT, sre.ASSERT_NOT) and value[0] == -1:  # a look-behind, checked one character later
        found = _head(state, rest)
        if found is None:
            return None
        char, tail = found
        return char, [(op, (-1, _parser.SubPattern(state, [*value[1].data, char]))), *tail]
    if op is sre.BRANCH:  # one set of all the branches' first characters; each branch checks its own
        heads = [head for branch in value[1] if (head := _head(state, list(branch.data)))]
        if len(heads) < len(value[1]):  # (?:a|)b = (?:ab|b): a branch without a first character takes b's
            return _head(state, [_branch(state, [[*branch.data, *rest] for branch in value[1]])]) if rest else None
        chars = [item for (char_op, char_value), _ in heads
                 for item in ([(sre.LITERAL, char_value)] if char_op is sre.LITERAL else char_value)]
        checked = [[(sre.ASSERT, (-1, _parser.SubPattern(state, [char]))), *tail] for char, tail in heads]
        return (sre.IN, chars), [_branch(state, checked), *rest]
    return None


def _branch(state, choices: list[list]) -> tuple:
    return sre.BRANCH, (None, [_parser.SubPattern(state, choice) for choice in choices])


def _breadth(char: tuple) -> int:
    """How many common characters a first character's test lets through: a word or space class lets through
    too many to gain; capitals are rare in running text and do not count."""
    op, value = char
    items = [(op, value)] if op is sre.LITERAL else value
    chars: set[int] = set()
    for item_op, item in items:
        if item_op is sre.LITERAL:
            chars.add(item)
        elif item_op is sre.RANGE:
            chars.update(range(item[0], item[1] + 1))
        elif item_op is sre.CATEGORY and item is sre.CATEGORY_DIGIT:
            chars.update(range(ord("0"), ord("9") + 1))
        else:
            return MAX_FIRST_CHARS + 1
    return sum(not chr(c).isupper() for c in chars)


def _is_char(op, value) -> bool:
    """A test of one character that can join a set: a literal or a set that is not negated."""
    return op is sre.LITERAL or (op is sre.IN and value[0][0] is not sre.NEGATE)


YEAR = r"(?:19[5-9]\d|20[0-4]\d)"
_MONTH = r"(?:januari|februari|mars|april|maj|juni|juli|augusti|september|oktober|november|december|jan|feb|apr|jun|jul|aug|sept?|okt|nov|dec)\.?"
_DATE = rf"(?:{YEAR}-[01]\d-[0-3]\d|\d{{1,2}}(?::e)?\s+{_MONTH}\s+{YEAR}|{_MONTH}\s+{YEAR}|[0-3]?\d/[01]?\d\s+{YEAR})"
_POINT = rf"(?:{_DATE}|{YEAR})"
_NUMBER_BODY = r"\d+(?:[ \u00a0]\d{3})*(?:[,.]\d+)?(?!\d)"
_COUNT_WORDS = r"(?:tva|tre|fyra|fem|sex|sju|atta|nio|tio|tolv|ett|en)"
# number words that count ("tio kontroller"); not "en"/"ett", which are mostly articles
_MANY_WORDS = r"(?:tva|tre|fyra|fem|sex|sju|atta|nio|tio|elva|tolv|femton|tjugo|trettio|fyrtio|femtio|hundra)(?!\w)"

# The quantities a rule may ask for (matchers/quantity.py) and the goal analysis reads. Each kind is one
# guarded group: a number (not glued to a word, a decimal point or a dash) or a word.
QUANTITY_PATTERNS: dict[str, str] = {
    "percent": rf"{WORD_START}(?:{_NUMBER_BODY}\s?(?:%|procent\w*)|{_COUNT_WORDS}\s+procent\w*)",
    "kronor": rf"{NUMBER_START}(?:{_NUMBER_BODY}\s?(?:kr|kronor|tkr|mkr|msek|sek|tusen kronor|miljon\w* kronor|miljon\w* kr)(?!\w))",
    # a school year ("årskurs 7", "åk 9") names a group, not an amount
    "count": rf"{NUMBER_START}(?<!\barskurs\s)(?<!\bak\s)(?<!\bak\.\s)(?<!\bklass\s)(?:(?:{_NUMBER_BODY}|{_MANY_WORDS})(?!\s?(?:%|procent))(?=\s+(?:st\s+)?[a-z]{{3,}}))",
    "number": rf"{NUMBER_START}(?:{_NUMBER_BODY})",
    "year": rf"{NUMBER_START}(?:{YEAR}(?!\d))",
    "date": rf"{NUMBER_START}(?:{_DATE}(?!\d))",
    "period": (
        rf"{WORD_START}(?:{_POINT}\s*(?:-{{1,2}}|till(?: och med)?|t\.?\s?o\.?\s?m\.?)\s*(?:{_POINT}|\d\d)(?![\d-])"
        rf"|(?:fran och med|fr\.?\s?o\.?\s?m\.?|fran)\s+{_POINT}\s+(?:till och med|t\.?\s?o\.?\s?m\.?|till)\s+{_POINT}"
        rf"|{YEAR}/(?:{YEAR}|\d\d)(?![\d-]))"
    ),
    "until": (
        rf"{WORD_START}(?:(?:till och med|t\.?\s?o\.?\s?m\.?|senast|fram till|till|innan|fore|inom|under|i slutet av|vid utgangen av)"
        rf"\s+(?:den\s+)?(?:(?:utgangen|slutet) av\s+)?(?:ar(?:et)?\s+|arsskiftet\s+)?{_POINT}(?!\d))"
    ),
}
