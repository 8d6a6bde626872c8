"""SMART analysis of goal statements."""

from __future__ import annotations

import pytest

from auditor.analysis import goals as goal_analysis
from auditor.analysis.context import ScanContext
from auditor.analysis.passages import passage_document
from auditor.engine.checklist import load_checklist


def goals_of(text: str):
    return goal_analysis.goals_of(ScanContext(passage_document(text), load_checklist()))


def only_goal(text: str):
    goals = goals_of(text)
    assert len(goals) == 1, [g.text for g in goals]
    return goals[0]


def test_a_vision_is_not_an_effect_goal():
    goal = only_goal("Vår vision är en trygg och säker kommun för alla.")
    assert goal.kind == "vision"
    assert not (goal.specific or goal.measurable or goal.time_bound)


def test_an_effect_goal_on_a_named_problem_and_place_is_specific():
    goal = only_goal("Målet är att bostadsinbrotten i Västra Ekby ska minska.")
    assert goal.kind == "effektmal" and goal.specific


def test_a_general_trygghet_goal_is_an_effect_goal_but_not_specific():
    goal = only_goal("Målet är att öka tryggheten och minska brottsligheten.")
    assert goal.kind == "effektmal" and not goal.specific


def test_vague_verbs_are_not_specific():
    goal = only_goal("Målet är att verka för att minska bostadsinbrotten.")
    assert not goal.specific


def test_percent_without_time_is_measurable_but_not_time_bound():
    goal = only_goal("Andelen som känner sig otrygga i centrum ska minska med 10 procent.")
    assert goal.measurable and not goal.time_bound


def test_a_year_that_does_not_bound_the_goal_is_not_enough():
    goal = only_goal("Enligt trygghetsmätningen 2021 är många otrygga, och målet är att otryggheten i Norrby ska minska.")
    assert not goal.time_bound


@pytest.mark.parametrize(
    "bound",
    ["senast 2023", "till och med 2024", "t.o.m. 2024", "under perioden 2022–2024", "fram till 2025", "per år"],
)
def test_deadlines_and_periods_bound_the_goal(bound):
    goal = only_goal(f"Skadegörelsen på skolorna ska minska med 15 procent {bound}.")
    assert goal.time_bound and goal.measurable and goal.specific


def test_baseline_is_recognised_and_is_not_the_deadline():
    goal = only_goal("Andelen otrygga i centrum ska minska från 14 % 2021 till 10 %.")
    assert goal.baseline and not goal.time_bound
    goal = only_goal("Inbrotten ska minska jämfört med 2020.")
    assert goal.baseline and not goal.time_bound


def test_output_counts_are_production_goals():
    assert only_goal("Målet är att polisen ska genomföra 20 trafikkontroller per år.").kind == "produktionsmal"
    assert only_goal("Målet är att öka antalet trygghetsvandringar till tolv.").kind == "produktionsmal"


def test_activities_and_process_goals():
    assert only_goal("Målet är att genomföra trygghetsvandringar i alla stadsdelar.").kind == "aktivitet"
    assert only_goal("Målet är att samverkan ska ske enligt en gemensam rutin.").kind == "processmal"


def test_goals_under_a_goal_heading_need_no_goal_word():
    goals = goals_of("# Delmål\n- Färre bilbränder i Norrby.\n- Unga ska känna sig tryggare i skolan.")
    assert [g.kind for g in goals] == ["effektmal", "effektmal"]


def test_goal_cells_under_a_goal_column():
    goals = goals_of("| Mål | Aktivitet |\n| Färre inbrott i Ekby senast 2024 | Grannsamverkan |")
    assert [(g.text, g.time_bound) for g in goals] == [("Färre inbrott i Ekby senast 2024", True)]


def test_sentences_without_goal_language_are_not_goals():
    assert goals_of("Polisen patrullerar i centrum på fredagar. Kommunen har 20 000 invånare.") == []


def test_background_about_national_goals_is_skipped():
    assert goals_of("Regeringens mål är att brottsligheten ska minska och tryggheten öka.") == []


def test_goal_offsets_and_page_point_into_the_document():
    document = passage_document("Inledning.\n\nMålet är att bostadsinbrotten ska minska.")
    (goal,) = goal_analysis.goals_of(ScanContext(document, load_checklist()))
    assert document.text[goal.start:goal.end] == goal.text and goal.page == 1
    assert goal.notes


def test_the_kommuns_own_name_is_not_a_specific_place():
    goal = only_goal("Linnebo kommun och polisen har som mål att tryggheten i Linnebo ska öka.")
    assert goal.kind == "effektmal" and not goal.specific
    assert only_goal("Målet är att tryggheten i Norrhagen ska öka.").specific


def test_a_purpose_phrase_is_not_a_goal():
    assert goals_of("Överenskommelsen ska ge parterna en gemensam riktning för ökad trygghet.") == []


def test_a_goal_may_open_with_the_change_and_avoidance_is_a_problem():
    goal = only_goal("Färre äldre ska undvika busstorget efter mörkrets inbrott.")
    assert goal.kind == "effektmal" and goal.specific


def test_ocr_digits_glued_to_letters_are_not_numbers():
    assert not only_goal("Målet är att tryggheten i Norrhagen ska 6ka.").measurable


def test_the_measurement_that_decides_the_goal_bounds_it_in_time():
    goal = only_goal("Andelen som avstår från att gå ut i Ekbacken ska gå ner till 20 procent i trygghetsmätningen hösten 2025.")
    assert goal.specific and goal.measurable and goal.time_bound
    baseline = only_goal("Andelen otrygga i Ekbacken ska minska från 30 procent (trygghetsmätningen 2021).")
    assert not baseline.time_bound


def test_a_stated_purpose_is_a_goal_without_the_means_before_it():
    goal = only_goal("Minst två riktade insatser genomförs under året för att minska narkotikamissbruket bland unga.")
    assert goal.text == "för att minska narkotikamissbruket bland unga."
    assert goal.kind == "effektmal" and goal.specific and not goal.measurable  # the count is the means'
    assert only_goal("Löftet ges i syfte att öka tryggheten och minska brottsligheten.").specific is False
    assert goals_of("Vi träffas för att planera hösten.") == []  # a purpose with no change is no goal


def test_the_template_heading_det_har_ska_vi_astadkomma_heads_goals():
    goals = goals_of("# Det här ska vi åstadkomma tillsammans\n\nTryggare kvällar i Oxhagen och Norrliden.")
    assert [(g.kind, g.specific) for g in goals] == [("effektmal", True)]


def test_items_after_a_hedged_lead_in_are_not_specific():
    goals = goals_of("# Mål\n\nParterna ska under perioden sträva efter att\n\n- motverka narkotika bland unga\n")
    assert [g.text for g in goals] == ["motverka narkotika bland unga"] and not goals[0].specific


def test_a_goal_opening_with_an_activity_verb_is_an_activity():
    goal = only_goal("# Mål\n\n- Genomföra en trygghetsvandring i respektive stadsdel i syfte att identifiera förbättringsinsatser för ökad trygghet.")
    assert goal.kind == "aktivitet"


def test_a_dated_goal_heading_bounds_its_goals():
    (goal,) = goals_of("# Mål för 2024–2027\n\nBostadsinbrotten i Västra Ekby ska minska med 20 procent.")
    assert goal.time_bound and goal.measurable and goal.specific
    assert "Mål för 2024–2027" in " ".join(goal.notes)
    (undated,) = goals_of("# Mål\n\nBostadsinbrotten i Västra Ekby ska minska med 20 procent.")
    assert not undated.time_bound


def test_list_items_that_open_with_the_change_are_goals_bounded_by_their_lead_in():
    goals = goals_of(
        "Kommunen och polisen har kommit överens om följande löften för 2016–2017:\n\n"
        "- Minska antalet bostadsinbrott i Norrby\n- Skapa en tryggare stadskärna\n- Genomföra fyra trygghetsvandringar\n"
    )
    first, second = goals[:2]
    assert first.text == "Minska antalet bostadsinbrott i Norrby"
    assert first.kind == "effektmal" and first.specific and first.measurable and first.time_bound
    assert "2016–2017" in " ".join(first.notes)
    assert second.text == "Skapa en tryggare stadskärna" and second.time_bound
    assert all(g.text != "Genomföra fyra trygghetsvandringar" or g.kind != "effektmal" for g in goals)


def test_an_actor_committing_to_an_activity_states_a_production_goal():
    goal = only_goal("Polisen ska genomföra minst femton riktade insatser för att upptäcka fler narkotikabrott bland unga.")
    assert goal.kind == "produktionsmal"


def test_the_kommuns_own_names_come_from_kommun_stad_and_police_area():
    text = ("Kommun och stad. Avtal mellan Kvarnholms kommun, Trollhättans Stad och lokalpolisområde Ängsby. "
            "Polisen i Norrby, polisområde Väst och Polisområde Syd.\nEkby kommun; kommunen i Tallmo; Hagfors "
            "stadsdel; Lunds kommunstyrelse; Polisen i ärendet")
    assert goal_analysis._kommun_names(text) == {"Kvarnholms", "Kvarnholm", "Trollhättans", "Trollhättan", "Ängsby", "Norrby",
                                   "Väst", "Ekby"}
