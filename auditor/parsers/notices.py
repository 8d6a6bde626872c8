"""Warnings (Swedish) that several parsers give about what they read and what they kept out of the body."""

from __future__ import annotations

TRACKED_CHANGES = "Dokumentet innehåller spårade ändringar; granskningen gäller texten med ändringarna godkända."
NOTES = ("fotnot eller slutnot", "fotnoter eller slutnoter")


def kept_apart(comments: list[str], notes: list[str], notes_named: tuple[str, str] = NOTES) -> list[str]:
    """Say how many comments and notes the document has: the reader sees them separately, the score never."""
    warnings = []
    if comments:
        warnings.append(f"Dokumentet innehåller {_count(len(comments), ('kommentar', 'kommentarer'))}; "
                        f"{_they(len(comments))} visas separat och ingår inte i granskningen.")
    if notes:
        warnings.append(f"Dokumentet har {_count(len(notes), notes_named)}; "
                        f"{_they(len(notes))} visas separat och ingår inte i granskningen.")
    return warnings


def _count(n: int, named: tuple[str, str]) -> str:
    return f"en {named[0]}" if n == 1 else f"{n} {named[1]}"


def _they(n: int) -> str:
    return "den" if n == 1 else "de"
