"""Why a file could not be read. Every message is Swedish and says what the user can do."""


class ParseError(Exception):
    """Base class: the file could not be turned into a Document. `str(err)` is the user message."""
