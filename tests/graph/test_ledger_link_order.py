"""The actor links' order, sorted in Python by the refresh, against the engine's own ORDER BY.

listings.actor_links sorts the links by weight and labels in Python (the engine's label joins
and sort took most of the refresh at 1M triples); these random graphs hold what that sort must
get right as SPARQL does: actors without a label, with several (the smallest counts), with the
same label as another, with a language tag, accents and case, and blank-node speakers.
"""

from __future__ import annotations

import random

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS

from claimgraph.graph.backends.terms import to_rdflib
from claimgraph.graph.ledger import listings
from claimgraph.graph.store import open_store

CG = "https://w3id.org/claimgraph/ontology#"
# The order the listing had when the engine computed it (links.rq before it left the sorting to
# Python): the oracle.
ENGINE_ORDER = """
PREFIX cg: <https://w3id.org/claimgraph/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX foaf: <http://xmlns.com/foaf/0.1/>
SELECT ?source ?target ?relation ?weight WHERE {
  {
    SELECT ?source ?target ?relation ?weight (MIN(STR(?sl)) AS ?source_label)
           (MIN(STR(?tl)) AS ?target_label)
    WHERE {
      { %s }
      OPTIONAL { ?source rdfs:label ?sl }
      OPTIONAL { ?target rdfs:label ?tl }
    }
    GROUP BY ?source ?target ?relation ?weight
  }
}
ORDER BY DESC(?weight) ?source_label ?target_label ?relation ?source ?target
"""
LABELS = ["Anna", "anna", "Ánna", "Boris", "Zoë", "Zoe", "", "Ω"]


def random_graph(seed: int) -> list[tuple]:
    rnd = random.Random(seed)
    actors: list = [URIRef(f"urn:t:actor{i}") for i in range(rnd.randint(2, 7))]
    actors += [BNode(f"b{seed}x{i}") for i in range(rnd.choice([0, 1, 2]))]
    triples: list[tuple] = []
    for actor in actors:
        if rnd.random() < 0.8:
            triples.append((actor, RDF.type, FOAF.Agent))
        for _ in range(rnd.choice([0, 0, 1, 2])):
            label = rnd.choice(LABELS)
            triples.append((actor, RDFS.label, Literal(label, lang=rnd.choice([None, "en"]))))
    places = [URIRef(f"urn:t:place{i}") for i in range(2)]
    statements = []
    for i in range(rnd.randint(1, 30)):
        statement = URIRef(f"urn:t:s{i}")
        statements.append(statement)
        triples.append((statement, URIRef(CG + "speaker"), rnd.choice(actors)))
        for _ in range(rnd.choice([0, 1, 2])):
            triples.append((statement, URIRef(CG + "about"), rnd.choice(actors + places)))
    for _ in range(rnd.randint(0, 20)):
        relation = rnd.choice(["disputes", "reports", "supports"])
        triples.append((rnd.choice(statements), URIRef(CG + relation), rnd.choice(statements)))
    return triples


@pytest.mark.parametrize("seed", range(60))
def test_links_are_in_the_engines_order(seed):
    with open_store("memory:") as store:
        store.replace_graphs({"urn:t:g": random_graph(seed)})
        derived = listings.actor_links(store)
        links = listings._read("links.rq")
        body = links[links.index("SELECT"):]
        expected = [(row["source"], row["target"], str(row["relation"]), int(row["weight"]))
                    for row in store.query(ENGINE_ORDER % body).rows]
    by_link: dict = {}
    for subject, predicate, obj in derived:  # pyoxigraph terms (ledger/oxterms.py)
        by_link.setdefault(subject, {})[predicate] = obj
    got = sorted(by_link.values(), key=lambda link: int(link[listings.LINK_POSITION].value))
    assert [(to_rdflib(link[listings.LINK_SOURCE]), to_rdflib(link[listings.LINK_TARGET]),
             link[listings.LINK_RELATION].value,
             int(link[listings.LINK_ORDER].value) // listings.ORDER_SPAN)
            for link in got] == expected
    assert [int(link[listings.LINK_POSITION].value) for link in got] == list(range(len(got)))


@pytest.mark.parametrize("seed", range(40))
def test_links_carry_their_actors_display_labels(seed):
    """cg:linkSourceLabel and cg:linkTargetLabel are the actors' display labels as
    display-labels.rq chooses them (English, else untagged, else another language), and absent
    for an actor without one (no label, or a blank node)."""
    rnd = random.Random(1000 + seed)
    triples = random_graph(seed)
    actors = sorted({o for s, p, o in triples if p == URIRef(CG + "speaker")}, key=str)
    for actor in actors:   # labels in other languages, which the display label takes last
        if rnd.random() < 0.5:
            triples.append((actor, RDFS.label, Literal(rnd.choice(LABELS), lang="uk")))
    with open_store("memory:") as store:
        store.replace_graphs({"urn:t:g": triples})
        display = listings.display_labels(store)
        derived = listings.actor_links(store)
    by_link: dict = {}
    for subject, predicate, obj in derived:
        by_link.setdefault(subject, {})[predicate] = obj
    for link in by_link.values():
        for end, label in ((listings.LINK_SOURCE, listings.LINK_SOURCE_LABEL),
                           (listings.LINK_TARGET, listings.LINK_TARGET_LABEL)):
            expected = display.get(link[end])
            got = link.get(label)
            assert (got.value if got is not None else None) == expected, (link[end], got)
            assert got is None or got.datatype.value.endswith("#string")
