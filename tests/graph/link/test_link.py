"""Linking against a live local endpoint serving the reference extract (plus our decoys), on a
copy of the seed without its hand-entered links; those links are the truth it is scored on."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib import namespace as ns
from rdflib.namespace import OWL, PROV, RDF, VOID

from claimgraph.graph.link.client import SparqlClient
from claimgraph.graph.link.linker import ALIGN, DEFAULT_LINKSET, Linker, link_store
from claimgraph.graph.link.model import CG, ID, WD, Entity
from tests.graph.link.link_helpers import unlinked_copy, truth

DECOY_POKROVSK = URIRef("http://example.org/test-decoy/pokrovsk-dnipropetrovsk")
DECOY_PERSON = URIRef("http://example.org/test-decoy/vovchansk-the-person")
NOT_COVERED = ["person/mykola-malomuzh", "organization/24-kanal", "organization/tsn",
               "organization/foreign-intelligence-service-of-ukraine", "area/left-bank",
               "organization/armed-forces-of-ukraine", "organization/russian-armed-forces",
               "city/washington", "area/pokrovsk-northwestern-sector"]


def _links(graph: Graph) -> dict[URIRef, URIRef]:
    return dict(graph.subject_objects(OWL.sameAs))  # type: ignore[arg-type]


def test_every_covered_entity_linked_right_and_nothing_else(seed_store, seed_graph, endpoint):
    expected = truth(seed_graph[1])
    assert len(expected) == 16  # the QIDs the hand annotation carries
    decisions, graph = link_store(seed_store, SparqlClient(endpoint.url))
    links = _links(seed_store.triples(str(DEFAULT_LINKSET)))
    assert links == _links(graph)
    wrong = {e: i for e, i in links.items() if expected.get(e) != i}
    missed = {e: i for e, i in expected.items() if links.get(e) != i}
    assert wrong == {}, "precision must be 1.0"
    assert missed == {}, "every entity the extract covers must be linked"
    for slug in NOT_COVERED:
        assert ID[slug] not in links
    assert len(decisions) == len(expected) + len(NOT_COVERED)


def test_the_right_pokrovsk_is_ranked_first_over_the_decoy(seed_store, endpoint):
    decisions, _ = link_store(seed_store, SparqlClient(endpoint.url), dry_run=True)
    pokrovsk = next(d for d in decisions if d.entity.iri == ID["city/pokrovsk"])
    ranked = [s.candidate.item for s in pokrovsk.ranked]
    assert ranked == [WD.Q1000446, DECOY_POKROVSK]
    assert pokrovsk.chosen is pokrovsk.ranked[0]
    assert any("Dnipropetrovsk Oblast" in e for e in pokrovsk.ranked[1].evidence)


def test_region_alone_separates_the_two_pokrovsks(store, seed_graph, endpoint):
    geo = "http://www.opengis.net/ont/geosparql#"
    graph = Graph()
    for s, p, o in unlinked_copy(seed_graph[1]):
        if not str(p).startswith(geo) and not str(s).endswith("#geometry"):
            graph.add((s, p, o))
    store.replace_graph(seed_graph[0], graph)
    decisions, _ = link_store(store, SparqlClient(endpoint.url), dry_run=True)
    pokrovsk = next(d for d in decisions if d.entity.iri == ID["city/pokrovsk"])
    assert pokrovsk.chosen is not None and pokrovsk.chosen.candidate.item == WD.Q1000446
    assert pokrovsk.ranked[1].candidate.item == DECOY_POKROVSK
    assert pokrovsk.ranked[0].score - pokrovsk.ranked[1].score >= 0.25


def test_a_city_is_not_a_person(seed_store, endpoint):
    decisions, _ = link_store(seed_store, SparqlClient(endpoint.url), dry_run=True)
    vovchansk = next(d for d in decisions if d.entity.iri == ID["city/vovchansk"])
    assert [s.candidate.item for s in vovchansk.ranked] == [WD.Q1104773]
    person = Entity(URIRef("urn:test:p"), "Person", "Vovchansk")
    decision = Linker(SparqlClient(endpoint.url)).decide([person])[0]
    assert [s.candidate.item for s in decision.ranked] == [DECOY_PERSON]


def test_a_tie_is_left_unlinked_and_the_threshold_holds(endpoint):
    client = SparqlClient(endpoint.url)
    bare = Entity(URIRef("urn:test:pokrovsk"), "City", "Pokrovsk")
    decision = Linker(client).decide([bare])[0]
    assert decision.chosen is None and decision.reason.startswith("ambiguous")
    moscow = Entity(URIRef("urn:test:moscow"), "City", "Moscow")  # Q649 has no class here
    assert Linker(client, min_score=0.8).decide([moscow])[0].chosen.candidate.item == WD.Q649
    below = Linker(client, min_score=0.9).decide([moscow])[0]
    assert below.chosen is None and below.reason.startswith("best score 0.85")


def test_spelling_variants_and_cyrillic_find_the_item(endpoint):
    names = {"Куп’янськ": WD.Q889555, "Hulyay-Pole": WD.Q640649, "Dymytrov": WD.Q45872,
             "Константиновка": WD.Q165243, "Kupyans'k": WD.Q889555, "Гуляйполе": WD.Q640649,
             "Zelenskiy": WD.Q3874799}
    entities = [Entity(URIRef(f"urn:test:{n}"), "Person" if name == "Zelenskiy" else "City", name)
                for n, name in enumerate(names)]
    decisions = Linker(SparqlClient(endpoint.url)).decide(entities)
    assert {d.entity.label: d.chosen and d.chosen.candidate.item for d in decisions} == names


def test_linkset_records_score_and_provenance_and_drops_as_a_unit(seed_store, endpoint):
    _, graph = link_store(seed_store, SparqlClient(endpoint.url))
    activity = graph.value(DEFAULT_LINKSET, PROV.wasGeneratedBy)
    assert (DEFAULT_LINKSET, RDF.type, VOID.Linkset) in graph
    assert (activity, PROV.used, URIRef(endpoint.url)) in graph
    assert graph.value(activity, PROV.startedAtTime).datatype == ns.XSD.dateTime
    cells = list(graph.subjects(RDF.type, ALIGN.Cell))
    assert len(cells) == len(_links(graph)) == int(graph.value(DEFAULT_LINKSET, VOID.triples))
    for cell in cells:
        measure = graph.value(cell, ALIGN.measure)
        assert 0.75 <= float(measure) <= 1.0
        assert (graph.value(cell, ALIGN.entity1), OWL.sameAs,
                graph.value(cell, ALIGN.entity2)) in graph
    assert (ID["city/kupiansk"], CG.wikidata, Literal("Q889555")) in graph
    before = seed_store.count(str(DEFAULT_LINKSET))
    link_store(seed_store, SparqlClient(endpoint.url))  # a re-run replaces, does not add
    assert seed_store.count(str(DEFAULT_LINKSET)) == before
    assert seed_store.remove_graph(str(DEFAULT_LINKSET))
    assert not seed_store.query("ASK { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }").boolean


def test_dry_run_writes_nothing(seed_store, endpoint):
    graphs = seed_store.graphs()
    decisions, _ = link_store(seed_store, SparqlClient(endpoint.url), dry_run=True)
    assert seed_store.graphs() == graphs
    assert sum(d.chosen is not None for d in decisions) == 16
