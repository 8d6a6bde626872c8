"""The terminal renderings of one AuditResult: the Swedish report of `auditor score` and the explanation of
`auditor explain`. Its HTML rendering is the web's result view (`auditor.web.templating.render_result_page`);
the JSON contract is `AuditResult.to_dict()` itself.
"""

from __future__ import annotations

from auditor.engine.result import AuditResult
from auditor.labels import GOAL_KIND_LABELS, NO_PAGE, doc_type_label, page_label


def _period(result: AuditResult) -> str:
    period = result.document.period or {}
    return str(period.get("text") or "–")


def render_text(result: AuditResult) -> str:
    doc = result.document
    lines = [
        f"Granskning av {doc.path}",
        f"  Dokumenttyp: {doc_type_label(doc.doc_type)} "
        f"(säkerhet {doc.doc_type_confidence:.0%}; {doc.doc_type_cue})",
        f"  Kommun: {doc.kommun or '–'}   Period: {_period(result)}   Sidor: {doc.pages or '–'}",
        f"  Totalt: {result.total} av {result.max_total} poäng ({result.percent:.0f} %)",
        "",
    ]
    for item in result.items:
        lines.append(f"{item.id} {item.title}: {item.score}/{item.max} {item.level_label}"
                     if item.applicable else f"{item.id} {item.title}: ej tillämplig")
        for evidence in item.evidence:
            lines.append(f"    ”{evidence.quote}” ({page_label(evidence.page, missing=NO_PAGE)})")
        if item.applicable:
            for missing in item.missing:
                lines.append(f"    Saknas: {missing}")
            if item.advice:
                lines.append(f"    Råd: {item.advice}")
    if result.goals:
        lines += ["", "Mål (SMART-analys):"]
        for goal in result.goals:
            flags = "".join(flag if ok else "-" for flag, ok in
                            (("S", goal.specific), ("M", goal.measurable), ("T", goal.time_bound)))
            lines.append(f"  [{flags}] {GOAL_KIND_LABELS[goal.kind]}: ”{goal.text}” ({page_label(goal.page, missing=NO_PAGE)})")
    lix = result.readability.get("lix") if result.readability else None
    if lix is not None:
        lines += ["", f"Läsbarhet: LIX {lix} ({result.readability.get('band', '')})"]
    lines += [f"Varning: {warning}" for warning in result.warnings]
    lines.append(f"Checklista version {result.checklist_version}")
    return "\n".join(lines)


def outline_of(document) -> list[dict]:
    """The document's headings as the rules read them: text, level, page."""
    return [{"text": b.text, "level": b.level, "page": b.page} for b in document.blocks if b.kind == "heading"]


def render_explanation(result: AuditResult, document) -> str:
    """Why each item got its level: the outline the rules read, the SMART reading of each goal, and per item
    its confidence, the rule behind each piece of evidence, and what is missing."""
    lines = [f"Förklaring av {result.document.path}: "
             f"{doc_type_label(result.document.doc_type)} "
             f"({result.document.doc_type_cue})", "", "Disposition (rubriker som reglerna läser dem):"]
    lines += [f"  {'  ' * ((h['level'] or 1) - 1)}{h['text'][:90]} ({page_label(h['page'], missing=NO_PAGE)})" for h in outline_of(document)]
    if document.headers_footers:
        lines.append(f"  Sidhuvud och sidfot, utanför texten: {' · '.join(document.headers_footers)}")
    lines += ["", "Mål och deras SMART-läsning:"]
    for goal in result.goals:
        flags = "".join(letter if on else "-" for letter, on in
                        (("S", goal.specific), ("M", goal.measurable), ("T", goal.time_bound)))
        hedged = ", avsikt (”verka för”)" if goal.hedged else ""
        lines.append(f"  {page_label(goal.page, missing=NO_PAGE)} {GOAL_KIND_LABELS[goal.kind]} {flags}{hedged}: ”{goal.text[:120]}”")
    lines += ["", "Punkter:"]
    for item in result.items:
        if not item.applicable:
            lines.append(f"  {item.id} ej tillämplig")
            continue
        review = f", granska: {item.review_reason}" if item.needs_review else ""
        lines.append(f"  {item.id} {item.title}: {item.score} (säkerhet {item.confidence:.0%}{review})")
        lines += [f"    {e.rule} ({page_label(e.page, missing=NO_PAGE)}): ”{e.quote[:140]}”" for e in item.evidence]
        lines += [f"    Saknas: {m}" for m in item.missing]
    return "\n".join(lines)
