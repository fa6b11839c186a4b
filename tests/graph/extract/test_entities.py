"""Entity recognition: gazetteer names, metonymic capitals, unknown names from patterns."""

from claimgraph.graph.extract.entities import recognize
from claimgraph.graph.extract.segment import sentences


def _rec(text, gaz):
    return recognize(text, sentences(text), gaz)


def test_capital_as_agent_is_the_state_but_not_as_venue(gaz):
    rec = _rec("Head\nMoscow insists on talks. Witkoff flew to Moscow. A Washington-based group said so.", gaz)
    caps = [(m.text, m.entity) for m in rec.mentions if m.kind == "capital"]
    assert ("Moscow", "russia") in caps
    assert [m for m in rec.mentions if m.kind == "capital" and m.text == "Washington"] == []
    assert sum(1 for m in rec.mentions if m.entity == "moscow") == 2


def test_unknown_person_org_outlet_and_place(gaz):
    text = ("Head\nThe regional governor, Ivan Petrenko, told Hromadske that drones hit targets near Novoselivka. "
            "Petrenko said the Centre for Strategic Communications confirmed it.")
    rec = _rec(text, gaz)
    ents = {e.name: e for e in rec.entities.values()}
    assert ents["Ivan Petrenko"].type == "Person"
    assert ents["Hromadske"].type == "Organization" and ents["Hromadske"].outlet
    assert ents["Novoselivka"].type == "City"
    assert ents["Centre for Strategic Communications"].type == "Organization"
    assert [m.entity for m in rec.mentions if m.text == "Petrenko"] == ["ivan-petrenko"]


def test_title_before_a_known_name_is_not_an_entity(gaz):
    rec = _rec("Head\nChief of the General Staff Valery Gerasimov reported the capture.", gaz)
    assert {m.entity for m in rec.mentions if m.kind == "name"} == {"valery-gerasimov"}


def test_possessive_state_inside_longer_name_and_roles(gaz):
    rec = _rec("Head\nUkraine’s General Staff said so. The commander-in-chief agreed.", gaz)
    assert {m.entity for m in rec.mentions} >= {"ukraine", "general-staff-ukraine"}
    assert [m.role for m in rec.mentions if m.kind == "role"] == ["commander-in-chief"]
