"""Helpers for the parser tests: the sample agreement the `rendered` fixture (conftest.py) renders into every
format, and the check that a parsed document's blocks slice back out of its text."""

from __future__ import annotations

# A small agreement: three pages of text with a running header, headings at three levels, a ruled
# table, lists, long Swedish words that hyphenate at line ends, and an explicit page break.
_FILLER = (
    "Det brottsförebyggande arbetet bygger på den gemensamma lägesbilden som kommunen och polisen "
    "tar fram varje år, och på medborgardialoger i bostadsområdena där tryggheten upplevs som lägst. "
    "Samverkansöverenskommelsen följs upp av styrgruppen med trygghetsmätningens nyckeltal. "
)
SAMPLE = f"""---
id: fixture_so_2020
title: Samverkansöverenskommelse mellan Björkviks kommun och lokalpolisområde Björkvik
kommun: Björkvik
doc_type: samverkansoverenskommelse
date: 2020-03-12
period: "2020–2023"
format: pdf
running_header: "Björkviks kommun · Samverkansöverenskommelse 2020–2023"
author: "Kommunledningskontoret"
docx_heading_style: "Rubrik"
---
Exempeldokument – fiktivt

# Samverkansöverenskommelse

## 1 Bakgrund

{_FILLER * 3}

## 2 Prioriterade fokusområden

- Trygghet i centrum kvällstid, särskilt kring resecentrum
- Ungdomars bruk av narkotika
1. Bostadsinbrott i villaområden

### 2.1 Åtgärdsplan

| Åtgärd | Ansvarig | När |
|---|---|---|
| Trygghetsvandring i centrum | Kommunens trygghetssamordnare | April 2020 |
| Föräldravandring | Polisen | Varje fredag |

{_FILLER * 4}

{_FILLER * 4}

<!-- pagebreak -->
## 3 Uppföljning

Uppföljningen görs av brottsförebyggande rådet två gånger per år och återrapporteras till kommunstyrelsen.
"""


def assert_offsets(document) -> None:
    """Every block slices back out of the joined text."""
    assert document.blocks
    for block in document.blocks:
        assert document.text[block.start:block.end] == block.text
