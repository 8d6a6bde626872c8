"""Why a file could not be read. Every message is Swedish and says what the user can do."""

from __future__ import annotations

SUPPORTED = "PDF, Word (.docx, och .doc där LibreOffice finns), OpenDocument-text (.odt), RTF och text (.txt, .md)"


class ParseError(Exception):
    """Base class: the file could not be turned into a Document. `str(err)` is the user message."""


class CorruptFile(ParseError):
    def __init__(self, what: str = "filen", detail: str | None = None) -> None:
        message = f"Filen kunde inte läsas: {what} verkar vara skadad eller ofullständig."
        if detail:
            message += f" ({detail})"
        super().__init__(message + " Spara eller exportera dokumentet på nytt och försök igen.")


class EncryptedFile(ParseError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "PDF-filen är lösenordsskyddad. Ta bort lösenordet (spara en oskyddad kopia) och försök igen."
        )


class PasswordProtectedDocx(EncryptedFile):
    def __init__(self) -> None:
        super().__init__(
            "Word-dokumentet är lösenordsskyddat (krypterat). Spara en kopia utan lösenord och försök igen."
        )


class EmptyDocument(ParseError):
    def __init__(self, detail: str = "Filen är tom.") -> None:
        super().__init__(f"{detail} Det finns ingen text att granska.")


class TooLarge(ParseError):
    def __init__(self, size: int, limit: int) -> None:
        super().__init__(
            f"Filen är {size / 1_000_000:.1f} MB, vilket är större än gränsen på "
            f"{limit / 1_000_000:.0f} MB. Dela upp dokumentet eller höj gränsen (AUDITOR_MAX_MB)."
        )


class TooManyPages(ParseError):
    def __init__(self, pages: int, limit: int) -> None:
        super().__init__(
            f"Dokumentet har {pages} sidor, fler än gränsen på {limit}. "
            "Dela upp dokumentet eller höj gränsen (AUDITOR_MAX_PAGES)."
        )


class ZipBomb(ParseError):
    def __init__(self, what: str, size: int, limit: int) -> None:
        super().__init__(
            f"{what[:1].upper()}{what[1:]} packas upp till {size / 1_000_000:.0f} MB, mer än gränsen på "
            f"{limit / 1_000_000:.0f} MB. Filen öppnas inte eftersom den kan vara skadlig."
        )


class ParseTimeout(ParseError):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            f"Dokumentet kunde inte läsas inom tidsgränsen på {seconds:g} sekunder; det är för tungt eller "
            "ovanligt uppbyggt. Spara det på nytt som PDF eller DOCX, dela upp det eller höj gränsen "
            "(AUDITOR_PARSE_SECONDS)."
        )


class TooComplex(ParseError):
    def __init__(self) -> None:
        super().__init__(
            "Dokumentet krävde mer minne än tillåtet när det lästes (t.ex. en enorm bild eller sida) och "
            "kunde inte granskas. Spara det på nytt med mindre bilder, dela upp det eller höj gränsen "
            "(AUDITOR_PARSE_MB)."
        )


class UnsupportedFormat(ParseError):
    def __init__(self, what: str) -> None:
        super().__init__(
            f"Formatet stöds inte: {what}. Format som stöds är {SUPPORTED}. "
            "Spara dokumentet som PDF eller DOCX och försök igen."
        )


class LegacyWordWithoutConverter(UnsupportedFormat):
    def __init__(self) -> None:
        ParseError.__init__(
            self,
            "Formatet stöds inte här: äldre Word-format (.doc) kan bara läsas när LibreOffice är installerat på "
            "servern, och det är det inte. Spara dokumentet som .docx eller PDF och ladda upp igen.",
        )


class NotText(ParseError):
    def __init__(self, message: str | None = None) -> None:
        super().__init__(
            message
            or "Filen är varken PDF, DOCX eller läsbar text: teckenkodningen känns inte igen. "
            f"Format som stöds är {SUPPORTED}; spara textfiler som UTF-8."
        )


class BinaryContent(NotText):
    def __init__(self) -> None:
        super().__init__(
            "Filen är varken PDF, DOCX eller text: den innehåller binärdata (NUL-tecken eller andra styrtecken) "
            f"och kan inte granskas. Format som stöds är {SUPPORTED}."
        )
