"""The Swedish sentences every report format shares, so HTML, PDF and DOCX read the same."""

from __future__ import annotations

from auditor.labels import GOAL_KIND_LABELS, NO_PAGE, page_label
from auditor.reports.model import DocTypeSection, ItemSection, ItemVersion, Override

MAX_QUOTES = 3  # per item and version; the web page shows them all

METHOD = (
    "Varje dokument har lästs in (PDF, även skannade sidor via teckenigenkänning, Word eller text) och "
    "bedömts mot checklistans 17 punkter, som bygger på handboken Samverkan i lokalt brottsförebyggande "
    "arbete (Brå, Polisen och SKR). Varje punkt får 0 (saknas), 1 (delvis) eller 2 (uppfyllt). För ett "
    "medborgarlöfte gäller inte punkterna A2 och A3.",
    "Poängen sätts automatiskt av regler som söker efter formuleringar, tabeller och siffror i texten. "
    "Varje poäng redovisas med sitt belägg (citat och sida) eller med vad som saknas. En granskare kan "
    "ändra en poäng med en motivering; den ändrade poängen gäller då i alla siffror och är markerad i "
    "rapporten.",
    "Baslinje och reviderad version jämförs bara på punkter som gäller båda dokumenten. Bedömningen "
    "”förbättrad i alla avseenden” kräver att ingen punkt har gått ned och att varje område som inte redan "
    "hade full poäng har gått upp; ”försämrad” betyder att summan har gått ned.",
)
LIMITATIONS = (
    "Bedömningen gäller vad dokumentet skriver, inte hur arbetet faktiskt bedrivs.",
    "Regler kan missa omskrivningar eller ge poäng för formuleringar som saknar verkligt innehåll; "
    "beläggen ska därför läsas, och tveksamma poäng granskas manuellt.",
    "Skannade sidor kan ha tolkats fel, och sidnummer avser sidan i den inlästa filen.",
    "Bilagor bedöms bara om de ingår i den inlästa filen.",
)
LAN_METHOD = (
    "Siffrorna bygger på varje kommuns senaste dokument av respektive typ (utkast räknas aldrig). "
    "Ett dokument är aktuellt om dess period inte har löpt ut. Ett medborgarlöfte räknas som gemensamt "
    "undertecknat när punkt R1 har full poäng.",
    "Kvalitetsandelarna räknas på varje kommuns senaste samverkansöverenskommelse. Stödbehovet ordnas så "
    "att kommuner utan överenskommelse kommer först, därefter de med lägst andel av maxpoängen.",
)


OCR_NOTE = "OCR-läst, kan innehålla fel"


def page(evidence: dict) -> str:
    """Where a quote stands, and that it was read by OCR when it was."""
    where = page_label(evidence.get("page"), missing=NO_PAGE)
    return f"{where}; {OCR_NOTE}" if evidence.get("ocr") else where


def score_text(version: ItemVersion) -> str:
    """The score with who gave it: a person (granskad) or only the rules (maskinbedömd)."""
    if not version.applicable:
        return "ej tillämplig"
    return f"{version.score} – {version.level_label} ({'granskad' if version.override else 'maskinbedömd'})"


def override_text(override: Override) -> str:
    who = f" av {override.reviewer}" if override.reviewer else ""
    text = (f"Manuellt ändrad{who} {override.date}: automatisk bedömning "
            f"{override.automatic_score}, granskad poäng {override.score}.")
    return f"{text} Motivering: {override.comment}" if override.comment else text


def overrides_text(section: DocTypeSection) -> str:
    """How many items of the latest version a person has reviewed (changed or confirmed); the rest are the
    machine's scores, marked so item by item."""
    latest = [item.latest for item in section.items if item.latest.applicable]
    changed = [item.id for item in section.items if item.latest.override
               and item.latest.override.score != item.latest.override.automatic_score]
    confirmed = [item.id for item in section.items if item.latest.override
                 and item.latest.override.score == item.latest.override.automatic_score]
    reviewed = len(changed) + len(confirmed)
    if not reviewed:
        return (f"Ingen av de {len(latest)} punkterna i den senaste versionen är granskad av en person än: "
                "alla poäng är maskinbedömningar.")
    parts = [f"ändrade: {', '.join(changed)}" if changed else "", f"bekräftade: {', '.join(confirmed)}" if confirmed else ""]
    return (f"{reviewed} av {len(latest)} punkter i den senaste versionen är granskade av en person "
            f"({'; '.join(p for p in parts if p)}); övriga {len(latest) - reviewed} är maskinbedömningar "
            "och märkta så.")


def headline(section: DocTypeSection) -> str:
    """The first page's verdict: "Samverkansöverenskommelse: delvis förbättrad, 18 → 25 av 34 poäng." """
    if section.comparison:
        total = section.comparison["total"]
        return (f"{section.label}: {section.verdict}, {total['baseline']} → {total['revised']} av {total['max']} "
                "poäng.")
    latest = section.versions[-1]
    return f"{section.label}: {latest.total} av {latest.max_total} poäng (en version, ingen jämförelse)."


def improvement_text(item: ItemSection) -> str:
    before, after = item.versions[0], item.versions[-1]
    return (f"{item.id} {item.title}: från {before.score} ({before.level_label}) till {after.score} "
            f"({after.level_label}).")


def gap_text(item: ItemSection) -> str:
    """A remaining gap: the item, its level and what is missing (the advice is given beside it)."""
    latest = item.latest
    missing = f" {latest.missing[0]}" if latest.missing else ""
    return f"{item.id} {item.title} ({latest.score} – {latest.level_label}).{missing}"


def change_text(item: ItemSection) -> str:
    """What changed between the baseline and the revised version of one item."""
    if item.delta is None:
        return "Kan inte jämföras (punkten gäller inte båda dokumenten)."
    before, after = item.versions[0], item.versions[-1]
    if item.delta > 0:
        return f"Förbättrad från {before.score} ({before.level_label}) till {after.score} ({after.level_label})."
    if item.delta < 0:
        return f"Försämrad från {before.score} ({before.level_label}) till {after.score} ({after.level_label})."
    return f"Oförändrad på {after.score} ({after.level_label})."


def signed(delta: int | None) -> str:
    if delta is None:
        return "–"
    return f"{delta:+d}".replace("-", "−") if delta else "±0"


def goal_kind(goal: dict) -> str:
    return GOAL_KIND_LABELS.get(goal["kind"], goal["kind"])


def yes_no(flag: bool) -> str:
    return "ja" if flag else "nej"


def share(count: int, base: int) -> str:
    return f"{count} av {base} ({count / base:.0%})".replace("%", " %") if base else f"{count} av {base}"
