"""The full text of a document with every piece of evidence highlighted and anchored, HTML-escaped.

Evidence spans may overlap (two items quoting the same sentence), so the text is cut at every span
boundary and each piece is marked with all the items covering it. Only the pieces are escaped and
joined; no markup is ever built from the document's own characters.
"""

from __future__ import annotations

from markupsafe import Markup, escape


def evidence_anchor(item_id: str, number: int) -> str:
    """The id of the anchor where evidence `number` (1-based) of `item_id` starts in the full text."""
    return f"belagg-{item_id}-{number}"


def highlighted_text(text: str, items: list[dict]) -> Markup:
    """`items` as in AuditResult.to_dict()["items"]. A span that does not quote the text (outside it, or
    a text parsed differently since scoring) is left unmarked rather than marking the wrong words."""
    spans = []
    for item in items:
        for number, evidence in enumerate(item["evidence"], start=1):
            start, end = evidence["start"], evidence["end"]
            if 0 <= start < end <= len(text) and text[start:end] == evidence["quote"]:
                spans.append((start, end, item["id"], evidence_anchor(item["id"], number)))
    cuts = sorted({0, len(text), *(s for s, _, _, _ in spans), *(e for _, e, _, _ in spans)})
    anchors_at: dict[int, list[tuple[str, str]]] = {}
    for start, _, item_id, anchor in spans:
        anchors_at.setdefault(start, []).append((item_id, anchor))
    out: list[str] = []
    for a, b in zip(cuts, cuts[1:]):
        # each passage starts with the item it is evidence for, visible without a mouse; "visa i texten"
        # moves the focus here (tabindex -1: reachable by link, not a stop for Tab)
        out.extend(f'<span class="anchor" id="{anchor}" tabindex="-1"><span class="mark-label">{item_id}</span>'
                   '</span>' for item_id, anchor in anchors_at.get(a, []))
        covering = sorted({item_id for s, e, item_id, _ in spans if s <= a and b <= e})
        piece = escape(text[a:b])
        if covering:
            labels = " ".join(covering)
            out.append(f'<mark class="evidence" data-items="{labels}" title="Belägg för {labels}">{piece}</mark>')
        else:
            out.append(str(piece))
    return Markup("".join(out))
