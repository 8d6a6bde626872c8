"""What the zip-based formats (DOCX, ODT) share: a zip-bomb check before anything inflates, and safe XML."""

from __future__ import annotations

import zipfile
from pathlib import Path

from lxml import etree

from auditor.parsers import errors

# No entities resolved, nothing fetched, lxml's default limits on depth and size kept.
XML_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, remove_comments=True)


def check_zip(path: Path, limits, what: str) -> None:
    """Refuse a zip bomb before anything decompresses it (zipfile never inflates past these sizes)."""
    try:
        with zipfile.ZipFile(path) as archive:
            total = sum(info.file_size for info in archive.infolist())
    except zipfile.BadZipFile as exc:
        raise errors.CorruptFile(what) from exc
    if total > limits.max_docx_uncompressed:
        raise errors.ZipBomb(what, total, limits.max_docx_uncompressed)
