"""Warnings (Swedish) that several parsers give about what they read and what they kept out of the body."""

from __future__ import annotations

TRACKED_CHANGES = "Dokumentet innehåller spårade ändringar; granskningen gäller texten med ändringarna godkända."
# What is counted: (one of them, several of them, the pronoun for one)
COMMENTS = ("en kommentar", "kommentarer", "den")
NOTES = ("en fotnot eller slutnot", "fotnoter eller slutnoter", "den")
FORM_FIELDS = ("ett ifyllt formulärfält", "ifyllda formulärfält", "det")


def kept_apart(comments: list[str], notes: list[str], notes_are: tuple[str, str, str] = NOTES) -> list[str]:
    """Say how many comments and notes the document has: the reader sees them separately, the score never."""
    warnings = []
    if comments:
        warnings.append(f"Dokumentet innehåller {_counted(len(comments), COMMENTS)} ingår inte i granskningen.")
    if notes:
        warnings.append(f"Dokumentet har {_counted(len(notes), notes_are)} ingår inte i granskningen.")
    return warnings


def _counted(n: int, named: tuple[str, str, str]) -> str:
    one, many, pronoun = named
    return f"{one}; {pronoun} visas separat och" if n == 1 else f"{n} {many}; de visas separat och"
