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
"""

from __future__ import annotations

import _sre  # type: ignore[import-not-found]
import re
from re import _compiler, _parser  # type: ignore[attr-defined]
from re import _constants as sre  # type: ignore[attr-defined]

WORD_START = r"(?<!\w)"
NUMBER_START = r"(?<![\w.,/-])"
MAX_FIRST_CHARS = 16  # a first character more common than this (a word or space class) is no faster to scan to


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
    "count": rf"{NUMBER_START}(?:(?:{_NUMBER_BODY}|{_MANY_WORDS})(?!\s?(?:%|procent))(?=\s+(?:st\s+)?[a-z]{{3,}}))",
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
