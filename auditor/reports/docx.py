"""The Word report (python-docx): the same content as the HTML report, with real heading styles, tables,
the charts as images, Swedish as the document language and page numbers in the footer."""

from __future__ import annotations

import io

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_COLOR_INDEX
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from auditor.labels import DOC_TYPE_TITLES, LEVEL_LABELS, page_label
from auditor.reports import charts
from auditor.reports import wording as w
from auditor.reports.model import DocTypeSection, HeatmapRow, KommunReport, LanReport

# Word writes built-in styles under their English name with a localised id; a Swedish Word shows them as
# "Rubrik 1" etc. and keeps them in the navigation pane and tables of contents.
SWEDISH_STYLE_IDS = {"Title": "Rubrik", "Heading 1": "Rubrik1", "Heading 2": "Rubrik2", "Heading 3": "Rubrik3",
                     "Quote": "Citat", "Caption": "Beskrivning"}
LEVEL_FILLS = {0: "F6D5D2", 1: "FBEFC4", 2: "D7EEDC"}
BLUE = RGBColor(0x1F, 0x4E, 0x79)
CHART_WIDTH = Cm(15)


def render_kommun(report: KommunReport) -> bytes:
    doc = _new_document(f"Kvalitetsrapport: {report.kommun}")
    doc.add_paragraph(f"{report.lan} · framtagen {report.generated.isoformat()}")
    images = charts.kommun_charts(report)
    _first_page(doc, report)
    doc.add_page_break()
    doc.add_heading("Sammanfattning", 1)
    for section in report.sections:
        _summary(doc, section, images[section.doc_type])
    for section in report.sections:
        doc.add_page_break()
        _items(doc, section)
        _goals(doc, section)
    doc.add_page_break()
    doc.add_heading("Metod", 1)
    for paragraph in w.METHOD:
        doc.add_paragraph(paragraph)
    doc.add_paragraph(f"Checklista: version {', '.join(report.checklist_versions) or '–'}. "
                      f"Rapporten framtogs {report.generated.isoformat()}.")
    _limitations(doc)
    doc.add_heading("Dokument i rapporten", 2)
    for section in report.sections:
        for version in section.versions:
            doc.add_paragraph(f"{section.label}, {version.role.lower()}: {version.name} ({version.period}; "
                              f"dokument-id {version.document_id})", style="List Bullet")
    if report.other_documents:
        doc.add_paragraph(f"Övriga dokument för {report.kommun} (strategier, planer m.m.) bedöms inte i "
                          f"rapporten: {'; '.join(report.other_documents)}.")
    return _bytes(doc)


def _first_page(doc, report: KommunReport) -> None:
    """The one-page summary: per type the verdict, the three most important improvements and gaps."""
    doc.add_heading("I korthet", 1)
    for section in report.sections:
        doc.add_heading(w.headline(section), 2)
        if section.comparison:
            doc.add_heading("Viktigaste förbättringarna", 3)
            for item in section.improvements():
                doc.add_paragraph(w.improvement_text(item), style="List Bullet")
            if not section.improvements():
                doc.add_paragraph("Ingen punkt har förbättrats.")
        doc.add_heading("Viktigaste kvarstående bristerna", 3)
        for item in section.gaps():
            paragraph = doc.add_paragraph(w.gap_text(item), style="List Bullet")
            if item.latest.advice:
                _bold(paragraph, " Råd: ")
                paragraph.add_run(item.latest.advice)
        if not section.gaps():
            doc.add_paragraph("Inga: alla punkter är uppfyllda.")
    doc.add_paragraph("Detaljerna följer: poäng per område, varje punkt med belägg, målen och metoden.")


def _summary(doc, section: DocTypeSection, chart: bytes) -> None:
    doc.add_heading(section.label, 2)
    _table(doc, ["Version", "Dokument", "Period", "Poäng"],
           [[v.role, v.name, v.period, f"{v.total} av {v.max_total}"] for v in section.versions],
           widths=(2.3, 9.5, 2.6, 2.6))
    c = section.comparison
    if c:
        _bold(doc.add_paragraph(), f"Bedömning: {section.verdict}")
        rows = [[name, f"{a['baseline']} av {a['max']}", f"{a['revised']} av {a['max']}", w.signed(a["delta"])]
                for name, a in c["areas"].items()]
        total = c["total"]
        rows.append(["Totalt", f"{total['baseline']} av {total['max']}", f"{total['revised']} av {total['max']}",
                     w.signed(total["delta"])])
        _table(doc, ["Område", section.versions[0].role, section.versions[1].role, "Förändring"], rows)
    else:
        doc.add_paragraph("Det finns bara en version; ingen jämförelse görs.")
        _table(doc, ["Område", "Poäng"],
               [[name, f"{score} av {top}"] for name, (score, top) in section.versions[-1].areas.items()])
    if w.overrides_text(section):
        _flag(doc.add_paragraph(), w.overrides_text(section))
    _figure(doc, chart, f"{section.label}: andel av maxpoängen per område"
                        + (", baslinje och reviderad version." if c else "."))


def _items(doc, section: DocTypeSection) -> None:
    doc.add_heading(f"{section.label}: punkt för punkt", 1)
    for item in section.items:
        doc.add_heading(f"{item.id} {item.title} · {item.area}", 2)
        levels = doc.add_paragraph()
        for index, version in enumerate(item.versions):
            if index:
                levels.add_run(" · ")
            levels.add_run(f"{section.versions[index].role}: ")
            _bold(levels, w.score_text(version))
        if section.comparison:
            paragraph = doc.add_paragraph()
            _bold(paragraph, "Förändring: ")
            paragraph.add_run(w.change_text(item))
        for version, meta in zip(item.versions, section.versions):
            if version.override:
                _flag(doc.add_paragraph(), f"{meta.role}: {w.override_text(version.override)}")
            doc.add_heading(f"Belägg, {meta.role.lower()}", 3)
            for evidence in version.evidence[: w.MAX_QUOTES]:
                doc.add_paragraph(f"”{evidence['quote']}” ({w.page(evidence)})", style="Quote")
            if not version.evidence:
                doc.add_paragraph("Inget belägg hittades.")
            elif len(version.evidence) > w.MAX_QUOTES:
                doc.add_paragraph(f"… och {len(version.evidence) - w.MAX_QUOTES} belägg till.")
        if item.latest.applicable:
            doc.add_heading("Det som fortfarande saknas", 3)
            for missing in item.latest.missing:
                doc.add_paragraph(missing, style="List Bullet")
            if not item.latest.missing:
                doc.add_paragraph("Inget – punkten är uppfylld.")
            if item.latest.advice:
                paragraph = doc.add_paragraph()
                _bold(paragraph, "Råd: ")
                paragraph.add_run(item.latest.advice)


def _goals(doc, section: DocTypeSection) -> None:
    doc.add_heading(f"{section.label}: målen och SMART", 1)
    doc.add_paragraph("S = specifikt, M = mätbart, T = tidsatt, U = utgångsläge angivet.")
    for version in section.versions:
        doc.add_heading(f"{version.role}: {version.name}", 2)
        if not version.goals:
            doc.add_paragraph("Inga mål hittades i dokumentet.")
            continue
        rows = [[g["text"] + (f" ({page_label(g['page'])})" if g.get("page") else ""), w.goal_kind(g),
                 *(w.yes_no(g[flag]) for flag in ("specific", "measurable", "time_bound", "baseline")),
                 " ".join(g.get("notes", []))] for g in version.goals]
        _table(doc, ["Mål", "Typ", "S", "M", "T", "U", "Kommentar"], rows, font_size=8,
               widths=(6.5, 2.2, 0.9, 0.9, 0.9, 0.9, 4.7))


def render_lan(report: LanReport) -> bytes:
    inv = report.inventory
    n = inv["kommuner"]
    doc = _new_document(f"Kvalitetsrapport: {report.lan}")
    doc.add_paragraph(f"Inventering per {inv['today']} · framtagen {report.generated.isoformat()} · {n} kommuner")
    doc.add_heading("Inventering", 1)
    _table(doc, ["Uppgift", "Antal"], [
        ["Kommuner med minst ett dokument", w.share(inv["kommuner_with_documents"], n)],
        ["Aktuell samverkansöverenskommelse", w.share(len(inv["current_so"]), n)],
        ["Aktuellt gemensamt undertecknat medborgarlöfte", w.share(len(inv["current_joint_ml"]), n)],
        ["Varken aktuell överenskommelse eller gemensamt löfte", w.share(len(inv["neither"]), n)],
    ])
    doc.add_heading("Kvaliteten i kommunernas senaste samverkansöverenskommelse", 2)
    _table(doc, ["Överenskommelser …", "Antal"], [[q["label"], w.share(q["count"], q["base"])] for q in inv["quality"].values()])
    images = charts.lan_charts(report)
    for doc_type, rows in report.heatmaps.items():
        label = DOC_TYPE_TITLES[doc_type]
        doc.add_heading(f"{label}: poäng per kommun och punkt", 1)
        doc.add_paragraph(f"Senaste dokumentet per kommun ({len(rows)} kommuner). Grönt = uppfyllt (2), gult = "
                          "delvis (1), rött = saknas (0); vitt = punkten gäller inte.")
        _figure(doc, images[doc_type]["heatmap"], f"{label}: poäng per kommun och punkt, senaste dokumentet.")
        distribution = inv["distribution"][doc_type]
        if distribution:
            doc.add_heading("Fördelning per punkt", 2)
            _figure(doc, images[doc_type]["distribution"],
                    f"Antal kommuner med 0, 1 och 2 poäng per punkt ({label.lower()}, senaste dokumentet).")
            table = _table(doc, ["Punkt", *distribution],
                           [[f"{level} – {LEVEL_LABELS[level]}", *(str(c[str(level)]) for c in distribution.values())]
                            for level in (0, 1, 2)], font_size=7)
            for level in (0, 1, 2):
                _shade(table.cell(level + 1, 0), LEVEL_FILLS[level])
        doc.add_heading("Förändring baslinje → reviderad", 2)
        paired = sorted((row for row in rows if row.verdict), key=lambda row: row.kommun)
        if paired:
            doc.add_paragraph(" · ".join(f"{verdict.capitalize()}: {count}" for verdict, count in inv["versions"][doc_type].items()))
            _table(doc, ["Kommun", "Baslinje", "Reviderad", "Förändring", "Bedömning"],
                   [_change_row(row) for row in paired])
        else:
            doc.add_paragraph("Ingen kommun har två versioner av detta slag att jämföra.")
    doc.add_heading("Kommuner med störst stödbehov", 1)
    _table(doc, ["Kommun", "Samverkansöverenskommelse", "Punkter som saknas helt"], [
        [gap["kommun"], f"{gap['total']} av {gap['max']}", ", ".join(gap["missing_items"]) or "inga"] if gap["has_so"]
        else [gap["kommun"], "saknas", "ingen samverkansöverenskommelse i databasen"]
        for gap in inv["support_needs"]])
    doc.add_heading("Metod", 1)
    for paragraph in (*w.LAN_METHOD, *w.METHOD):
        doc.add_paragraph(paragraph)
    _limitations(doc)
    doc.add_page_break()
    doc.add_heading("Bilaga: en rad per kommun", 1)
    appendix = []
    for k in inv["per_kommun"]:
        so, ml = k["samverkansoverenskommelse"], k["medborgarlofte"]
        appendix.append([k["kommun"], w.yes_no(k["current_so"]), f"{so['total']} av {so['max']}" if so["document_id"] else "–",
                     w.yes_no(k["current_joint_ml"]), f"{ml['total']} av {ml['max']}" if ml["document_id"] else "–",
                     k["verdicts"].get("samverkansoverenskommelse", "–"), k["verdicts"].get("medborgarlofte", "–")])
    _table(doc, ["Kommun", "Aktuell överenskommelse", "Poäng", "Aktuellt gemensamt löfte", "Poäng",
                 "Jämförelse överenskommelse", "Jämförelse löfte"], appendix, font_size=8)
    return _bytes(doc)


def _change_row(row: HeatmapRow) -> list[str]:
    """A kommun with two versions (it has a verdict): both totals, the change and the verdict."""
    assert row.verdict and row.baseline_total is not None and row.latest_total is not None
    return [row.kommun, f"{row.baseline_total} av {row.max_total}", f"{row.latest_total} av {row.max_total}",
            w.signed(row.latest_total - row.baseline_total), row.verdict]


# --- building blocks -----------------------------------------------------------------------------


def _new_document(title: str):
    doc = Document()
    for name, style_id in SWEDISH_STYLE_IDS.items():
        doc.styles[name].style_id = style_id
    for level in (1, 2, 3):
        doc.styles[f"Heading {level}"].font.color.rgb = BLUE
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    run_defaults = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_defaults.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_defaults.append(language)
    language.set(qn("w:val"), "sv-SE")
    doc.core_properties.title = title
    doc.core_properties.language = "sv-SE"
    section = doc.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not python-docx's US Letter default
    section.left_margin = section.right_margin = Cm(2)
    _page_numbers(section.footer.paragraphs[0], title)
    doc.add_heading(title, 0)
    return doc


def _page_numbers(paragraph, title: str) -> None:
    """"<title> · Sida N av M" with Word fields, so the numbers are right however the text flows."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    paragraph.add_run(f"{title} · Sida ").font.size = Pt(8)
    _field(paragraph, "PAGE")
    paragraph.add_run(" av ").font.size = Pt(8)
    _field(paragraph, "NUMPAGES")


def _field(paragraph, instruction: str) -> None:
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), instruction)
    run = paragraph.add_run("1")  # shown until Word updates the field
    run.font.size = Pt(8)
    field.append(run._r)  # moves the run into the field
    paragraph._p.append(field)


def _table(doc, headers: list[str], rows: list[list[str]], *, font_size: int = 9, widths: tuple[float, ...] = ()):
    """A grid table with a shaded header row; `widths` in cm (else Word divides the page evenly)."""
    table = doc.add_table(rows=1, cols=len(headers), style="Table Grid")
    for cell, text in zip(table.rows[0].cells, headers):
        _bold(cell.paragraphs[0], text)
        _shade(cell, "EEF2F7")
    for row in rows:
        for cell, text in zip(table.add_row().cells, row):
            cell.text = str(text)
    if widths:  # the grid (LibreOffice) and every cell (Word) carry the width
        table.autofit = False
        for column, width in zip(table.columns, widths):
            column.width = Cm(width)
    for row in table.rows:
        for index, cell in enumerate(row.cells):
            if widths:
                cell.width = Cm(widths[index])
            for run in cell.paragraphs[0].runs:
                run.font.size = Pt(font_size)
    doc.add_paragraph()
    return table


def _shade(cell, fill: str) -> None:
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _figure(doc, png: bytes, caption: str) -> None:
    doc.add_picture(io.BytesIO(png), width=CHART_WIDTH)
    doc.paragraphs[-1].alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(caption, style="Caption")


def _limitations(doc) -> None:
    doc.add_heading("Begränsningar", 2)
    for limitation in w.LIMITATIONS:
        doc.add_paragraph(limitation, style="List Bullet")


def _bold(paragraph, text: str):
    run = paragraph.add_run(text)
    run.bold = True
    return run


def _flag(paragraph, text: str) -> None:
    """A human override: highlighted so it cannot be mistaken for the automatic assessment."""
    _bold(paragraph, text).font.highlight_color = WD_COLOR_INDEX.YELLOW


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
