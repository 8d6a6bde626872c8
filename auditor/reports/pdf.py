"""The PDF report: the HTML report laid out by WeasyPrint (CSS paged media: A4, page numbers in the margin)."""

from __future__ import annotations


def html_to_pdf(html: str) -> bytes:
    from weasyprint import HTML  # imported here: loading pango costs time the other formats need not pay

    return HTML(string=html).write_pdf()
