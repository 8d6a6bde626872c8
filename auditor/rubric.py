"""The checklist as a document for a domain expert (docs/checklista.md): the 17 items, their levels, how the
borderline cases are judged and the advice, written from checklist_17.yaml by `auditor checklist docs`.

Only the wording is rendered, not the rules or examples, so a rule change does not make the document stale.
"""

from __future__ import annotations

from auditor.engine.checklist import Checklist
from auditor.labels import DOC_TYPE_LABELS, DOC_TYPES, LEVEL_LABELS

INTRO = """\
# Granskarens checklista: 17 punkter

Skapad ur `checklist_17.yaml` med `auditor checklist docs > docs/checklista.md`: ändra i YAML-filen och skapa
om den här filen (ett test kontrollerar att de stämmer överens). Webbtjänsten visar samma text, med exempel,
på sidan `/checklistan`.

Granskaren bedömer samverkansöverenskommelser, medborgarlöften och åtgärdsplaner mot 17 punkter i sex
områden, hämtade ur handboken *Samverkan i lokalt brottsförebyggande arbete* (Brå, Polisen och SKR). Varje
punkt får 2 (uppfyllt), 1 (delvis) eller 0 (saknas), högst 34 poäng. En punkt som inte gäller dokumenttypen
räknas inte: för ett medborgarlöfte är högsta summan 30. Varje poäng visar sitt belägg (citat och sida) eller
säger vad som saknas och hur det kan åtgärdas.
"""


def render_rubric(checklist: Checklist) -> str:
    lines = [INTRO]
    area = None
    for item in checklist.items:
        if item.area != area:
            area = item.area
            lines += [f"## {area}", ""]
        lines += [f"### {item.id} {item.title}", "", item.description, ""]
        excluded = [DOC_TYPE_LABELS[kind] for kind in DOC_TYPES if kind not in item.applies_to]
        if excluded:
            lines += [f"Gäller inte för {', '.join(excluded)}.", ""]
        lines += ["| Nivå | Innebörd |", "|---|---|"]
        lines += [f"| {level} – {LEVEL_LABELS[level]} | {item.levels[level]} |" for level in (2, 1, 0)]
        lines.append("")
        if item.level_notes:
            lines += ["Gränsfallen:", ""] + [f"- {note}" for note in item.level_notes] + [""]
        lines += [f"Råd: {item.advice}", ""]
    return "\n".join(lines)
