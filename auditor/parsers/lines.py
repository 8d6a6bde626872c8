"""Text logic shared by the parsers: joining wrapped lines, spotting page numbers, list markers
and numbered headings. Kept in one place so PDF, OCR and text input behave alike."""

from __future__ import annotations

import re
import unicodedata

# After a line-end hyphen these words mean the hyphen is real: "kommun- och polis".
_CONJUNCTIONS = {"och", "eller", "samt", "respektive", "resp", "som", "till", "men"}
# pdfium reports a hyphen it judged to be end-of-line hyphenation as U+0002 or U+FFFE
_LINE_END_HYPHENS = "-\u00ad\x02\ufffe"

# Ligatures (U+FB00-FB06: "ﬁ", "ﬂ", "ﬀ", ...) as the letters they join; pdfium resolves them in a text layer,
# OCR may not.
LIGATURES = {code: unicodedata.normalize("NFKC", chr(code)) for code in range(0xFB00, 0xFB07)}
PAGE_NUMBER = re.compile(r"^(sida|sid\.?|s\.|page)?\s*\d{1,4}(\s*(av|/|of)\s*\d{1,4})?$", re.IGNORECASE)
LIST_MARKER = re.compile(r"^([•◦▪▫●○■□‣⁃∙·*–-]|\d{1,2}[.)]|[a-zA-Z][)])\s+")
# A line that ends in a conjunction, preposition or article goes on in the next one, whatever gap lies between.
DANGLING = re.compile(r"(?i)(?<!\S)(?:och|eller|samt|att|som|i|på|för|med|av|till|om|från|mot|vid|en|ett|den|det)$")
# "3 Uppföljning", "3.2 Uppföljning", "3.2. Uppföljning" -- but not "3. ...", which is a list item.
NUMBERED_HEADING = re.compile(r"^(\d{1,2}(?:\.\d{1,2}){1,3}\.?|\d{1,2})\s+[A-ZÅÄÖ]")


def join_lines(lines: list[str]) -> str:
    """Join the wrapped lines of one paragraph, undoing end-of-line hyphenation."""
    text = ""
    for raw in lines:
        line = " ".join(raw.split())
        if not line:
            continue
        if not text:
            text = line
        elif text[-1] in _LINE_END_HYPHENS and len(text) > 1 and text[-2].isalpha():
            text = text[:-1] + _after_hyphen(text[:-1], line)
        elif text[-1] in _LINE_END_HYPHENS and text[-2:-1].isdigit() and line[0].isdigit():
            text = text[:-1] + "-" + line  # a range broken after its dash: "2019-" + "2021"
        else:
            text += " " + line
    return text.replace("\x02", "-").replace("\ufffe", "-")


def _after_hyphen(before: str, line: str) -> str:
    word = line.split(" ", 1)[0]
    bare = word.strip(".,;:").lower()
    if bare in _CONJUNCTIONS:
        return "- " + line  # "kommun- och polis": a real hyphen followed by a new word
    if word[:1].islower() and not before[-2:].isupper():
        return line  # "brottsföre-" + "byggande"
    return "-" + line  # "FN-" + "konventionen", "Öst-" + "Göinge": the hyphen belongs to the word


def title_like(text: str) -> bool:
    """A short line that ends no sentence and leads into nothing: set in bold, it is a heading ("Uppföljning",
    "Fokusområde 1: Trygg centrummiljö"); "Det gör vi:" leads into a list, as in Word."""
    text = text.strip()
    return len(text) < 100 and not text.endswith((".", ",", ":"))


def heading_depth(text: str) -> int | None:
    """Depth of a numbered heading ("3.2 Uppföljning" -> 2), or None when not numbered so."""
    match = NUMBERED_HEADING.match(text)
    if not match or len(text) > 80 or text.endswith((".", ":", ",")):
        return None
    return match.group(1).rstrip(".").count(".") + 1
