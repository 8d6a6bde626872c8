"""score_document: evidence integrity, applicability, document type, and what a 0 reports."""

from __future__ import annotations

from auditor.analysis.passages import passage_document
from auditor.document import Document, DocumentBuilder
from auditor.engine.scoring import score_document
from auditor.labels import ITEM_IDS

STRONG = """# Samverkansöverenskommelse mellan Ekby kommun och lokalpolisområde Ekby 2023–2025
# Syfte och fokusområden
Syftet är att minska brottsligheten i Ekby. Prioriterade områden är bostadsinbrott och narkotika bland unga.
# Gemensam problembild
Polisens och kommunens lägesbilder har sammanställts till en gemensam problembild. Den visar att bostadsinbrotten har ökat i Västra Ekby.
Lägesbilden bygger på anmälda brott, trygghetsmätningen och medborgardialoger.
Under 2022 anmäldes 143 bostadsinbrott, flest i Västra Ekby dagtid.
Orsaksanalysen visar att inbrotten främst beror på dålig belysning.
# Mål
Bostadsinbrotten i Västra Ekby ska minska med 20 procent till och med 2025.
## Aktiviteter för att nå målet
| Åtgärd | När | Ansvarig |
| Grannsamverkan i Västra Ekby | Mars 2023 | Kommunpolisen |
| Ny belysning i gångtunnlarna | Hösten 2023 | Tekniska förvaltningen |
# Organisation
Styrgruppen består av kommundirektören och lokalpolisområdeschefen och träffas fyra gånger per år. Trygghetssamordnaren samordnar arbetet.
Kommunen åtar sig att avsätta en halvtidstjänst. Polisen åtar sig att kommunpolisen deltar i styrgruppen.
# Uppföljning
Arbetet följs upp varje tertial. Trygghetssamordnaren ansvarar för att sammanställa nyckeltalen och resultatet rapporteras till kommunstyrelsen.
Överenskommelsen revideras årligen utifrån uppföljningen och resultaten återkopplas till invånarna på webbplatsen.
Ekby 2023-01-15
Anna Berg, kommunstyrelsens ordförande
Per Ek, lokalpolisområdeschef
"""


def test_every_scored_item_carries_evidence_that_quotes_the_document_exactly():
    document = passage_document(STRONG)
    result = score_document(document)
    assert [item.id for item in result.items] == list(ITEM_IDS)
    assert result.total >= 28, {item.id: item.score for item in result.items}
    for item in result.items:
        if item.score > 0:
            assert item.evidence, item.id
        for evidence in item.evidence:
            assert evidence.quote == document.text[evidence.start:evidence.end]
            assert evidence.item_id == item.id and evidence.page == 1 and evidence.rule


def test_evidence_offsets_survive_ligatures_that_change_the_folded_length():
    builder = DocumentBuilder()
    builder.add("paragraph", "Den gemensamma problembilden bygger på polisens och kommunens lägesbilder.", 3)
    builder.add("paragraph", "Problembilden visar att bostadsinbrotten i Västra Ekby har ökat kraftigt och att ﬁnansieringen brister.", 4)
    text = builder.text
    document = Document(path="x", sha256="0", format="pdf", pages=4, text=text, blocks=builder.blocks)
    item = score_document(document).item("L1")
    assert item.score == 2
    for evidence in item.evidence:
        assert evidence.quote == text[evidence.start:evidence.end]
    assert {e.page for e in item.evidence} == {3, 4}


def test_a_zero_names_what_is_missing_and_gives_advice():
    result = score_document(passage_document("Kommunen har 20 000 invånare."))
    item = result.item("U1")
    assert item.score == 0 and item.missing and item.advice and not item.evidence


def test_a2_and_a3_do_not_apply_to_a_medborgarlofte():
    result = score_document(passage_document(STRONG), doc_type="medborgarlofte")
    assert not result.item("A2").applicable and not result.item("A3").applicable
    assert result.item("A2").score == 0 and result.max_total == 30
    assert result.document.doc_type == "medborgarlofte" and result.document.doc_type_confidence == 1.0


def test_document_type_and_metadata_come_from_the_classifier_when_not_given():
    result = score_document(passage_document(STRONG))
    assert result.document.doc_type == "samverkansoverenskommelse"
    assert result.document.kommun == "Ekby" or result.document.kommun is None or result.document.kommun
    assert result.checklist_version and isinstance(result.readability, dict)


WEAK_AGREEMENT = """# Samverkansöverenskommelse mellan Lindås kommun och lokalpolisområde Lindås 2019–2021
# Bakgrund
Enligt handboken ska parterna utgå från en lägesbild och genomföra orsaksanalyser.
# Syfte
Syftet med överenskommelsen är att öka tryggheten och minska brottsligheten i Lindås kommun.
Områden som parterna ska arbeta med är bland annat narkotika, trafik, skadegörelse, inbrott och klotter.
# Mål
Målet är att öka tryggheten och minska brottsligheten i kommunen.
# Organisation
Samverkan sker i det lokala brottsförebyggande rådet.
# Uppföljning
Överenskommelsen följs upp årligen och redovisas för kommunstyrelsen.
Lindås 2019-02-01
Karin Holm, kommunstyrelsens ordförande
Per Ek, lokalpolisområdeschef
"""


def test_a_typical_weak_agreement_scores_as_the_inventories_describe():
    result = score_document(passage_document(WEAK_AGREEMENT))
    scores = {item.id: item.score for item in result.items}
    assert scores == {
        "R1": 2, "R2": 2, "R3": 1, "L1": 0, "L2": 0, "L3": 0, "O1": 0, "O2": 0, "M1": 1, "M2": 0, "M3": 1,
        "A1": 0, "A2": 1, "A3": 0, "U1": 1, "U2": 0, "U3": 0,  # a report to kommunstyrelsen is no feedback (U3)
    }
    # the stated purpose and the goal say the same vague thing: neither is specific, measurable or time-bound
    assert [goal.text.split()[0] for goal in result.goals] == ["Syftet", "Målet"]
    assert all(g.kind == "effektmal" and not (g.specific or g.measurable or g.time_bound) for g in result.goals)


def test_vague_text_earns_little():
    vague = (
        "Parterna ska verka för att öka tryggheten och sträva efter en trygg och säker kommun. "
        "Arbetet kan inkludera exempelvis trygghetsvandringar, medborgardialoger och statistik vid behov. "
        "Uppföljning sker kontinuerligt."
    )
    result = score_document(passage_document(vague))
    assert result.total <= 6, {item.id: item.score for item in result.items if item.score}
    assert result.item("L2").score == 0 and result.item("M2").score == 0
