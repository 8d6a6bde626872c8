"""The plain records the analysis hands on to scoring and to the stored results, kept apart from the
analysis itself so that reading a stored result loads no language model."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Goal:
    """One goal statement and its SMART reading."""

    text: str
    start: int
    end: int
    page: int | None
    kind: str  # vision | effektmal | processmal | produktionsmal | aktivitet
    specific: bool
    measurable: bool
    time_bound: bool
    baseline: bool
    notes: list[str] = field(default_factory=list)  # Swedish, why each flag was set or not
    hedged: bool = False  # "verka för", "sträva efter": an intention, not a commitment to the change
    # "Polisen genomför kontroller för att minska stölderna": the aim of a means stated in the same sentence,
    # so goal and activity are one statement, not a goal with activities of its own
    purpose_of_activity: bool = False
