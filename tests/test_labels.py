"""The shared vocabulary: one way to write a page, and labels for every document type and goal kind."""

from __future__ import annotations

import pytest

from auditor.labels import DOC_TYPE_TITLES, DOC_TYPES, NO_PAGE, doc_type_label, level_label, page_label


@pytest.mark.parametrize(("first", "last", "expected"), [
    (3, None, "s. 3"), (3, 4, "s. 3–4"), (3, 3, "s. 3"), (None, None, ""), (None, 4, ""),
])
def test_page_label(first, last, expected):
    assert page_label(first, last) == expected


def test_a_missing_page_can_be_named_but_is_never_none():
    assert page_label(None, missing=NO_PAGE) == "sida okänd" and page_label(7, missing=NO_PAGE) == "s. 7"


def test_every_document_type_has_a_label_and_a_title():
    assert doc_type_label("medborgarlofte") == "medborgarlöfte" and DOC_TYPE_TITLES["strategi_program"] == "Strategi/program"
    assert set(DOC_TYPE_TITLES) == set(DOC_TYPES) and doc_type_label("okänd") == "okänd"
    assert level_label(2, True) == "uppfyllt" and level_label(0, False) == "ej tillämplig"
