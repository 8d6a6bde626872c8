"""`terms`: word lists matched on the folded text, tolerant of OCR damage and Swedish inflection.

Term syntax (what a domain expert writes in the YAML):
  lägesbild        the word itself only
  lägesbild*       any ending: lägesbilden, lägesbilder, lägesbildsarbete
  *lägesbild*      also inside compounds: veckolägesbild, nulägesbilder
  $problems        every term of the shared vocabulary `problems`
Spaces between words accept any whitespace or a hyphen. In terms of six letters or more, a letter written
å/ä/ö also accepts what OCR tends to make of it ("lagesbild", "ligesbild", "6verenskommelse").
"""

from __future__ import annotations

import re

from auditor.document import fold
from auditor.rules.context import Hit, ScanContext

_OCR_CLASS = "[aeiod06]"  # after folding: é->e; OCR reads å/ä/ö as these
_FOLDED_VOWEL = {"å": "a", "ä": "a", "ö": "o"}
_OCR_MIN_LETTERS = 6  # shorter words ("mål" vs "mil") would collide with real words


def term_pattern(term: str) -> str:
    """Regex source (for folded text) of one term."""
    term = term.strip().lower()
    prefix = term.startswith("*")
    suffix = term.endswith("*")
    core = term.strip("*").strip()
    if not core:
        raise ValueError("tom term")
    ocr = sum(c.isalpha() for c in core) >= _OCR_MIN_LETTERS
    pieces = []
    for char in core:
        if char in _FOLDED_VOWEL:
            pieces.append(_OCR_CLASS if ocr else _FOLDED_VOWEL[char])
        elif char.isspace():
            if not pieces or pieces[-1] != r"[\s\-]+":
                pieces.append(r"[\s\-]+")
        else:
            pieces.append(re.escape(fold(char)))
    body = "".join(pieces)
    return (r"\w*" if prefix else r"(?<!\w)") + body + (r"\w*" if suffix else r"(?!\w)")


class TermList:
    """A compiled list of terms; one alternation, overlapping matches kept (one per start position)."""

    def __init__(self, terms: list[str]) -> None:
        self.terms = terms
        sources = sorted({term_pattern(t) for t in terms}, key=len, reverse=True)
        # the lookahead lets matches overlap; a leading \w* would otherwise restart inside a word
        self.pattern = re.compile(r"(?<!\w)(?=(" + "|".join(_anchor_free(s) for s in sources) + "))")

    def match(self, ctx: ScanContext) -> list[Hit]:
        return [Hit(start, end) for start, end, _ in ctx.finditer(self.pattern)]


def _anchor_free(source: str) -> str:
    return source.removeprefix(r"(?<!\w)")


def compile_spec(spec: dict, compiler, where: str) -> TermList:
    return compiler.terms(spec["terms"], where).matcher
