"""Syndicated copies, paired in Python by the refresh, against the one-query pairing it replaced.

ledger.syndicated_copies looks the statements of repeated texts up and pairs them in Python
(the single query's hash joins read every statement at 1M triples); these random graphs hold
what the pairing must keep: several speakers saying one text, statements without a source or
with two, the group's first statement without a source, and the same text in several graphs.
"""

from __future__ import annotations

import random

import pytest
from rdflib import Literal, URIRef

from claimgraph.graph import ledger
from claimgraph.graph.backends.terms import to_oxigraph
from claimgraph.graph.store import open_store

CG = "https://w3id.org/claimgraph/ontology#"
ONE_QUERY = """
PREFIX cg: <https://w3id.org/claimgraph/ontology#>
SELECT ?later ?earlier WHERE {
  {
    SELECT ?who ?text (MIN(STR(?st)) AS ?first) WHERE {
      { SELECT ?text WHERE { ?said cg:text ?text } GROUP BY ?text HAVING (COUNT(DISTINCT ?said) > 1) }
      ?st cg:text ?text ; cg:speaker ?who .
    } GROUP BY ?who ?text HAVING (COUNT(DISTINCT ?st) > 1)
  }
  ?later cg:speaker ?who ; cg:text ?text ; cg:source ?second .
  BIND(IRI(?first) AS ?earlier)
  ?earlier cg:source ?firstSource .
  FILTER(?later != ?earlier && ?firstSource != ?second)
}
"""
TEXTS = [Literal("We will take it by Friday."), Literal('He said "no"\nand left \\ there.'),
         Literal("Ми візьмемо місто", lang="uk"), Literal("short"),
         # rdflib's n3() writes this one as an unparseable triple-quoted string
         Literal('line one\nends with \\"')]


def random_graphs(seed: int) -> dict[str, list[tuple]]:
    rnd = random.Random(seed)
    graphs: dict[str, list[tuple]] = {f"urn:t:g{g}": [] for g in range(rnd.randint(1, 3))}
    speakers = [URIRef(f"urn:t:speaker{i}") for i in range(rnd.randint(1, 3))]
    sources = [URIRef(f"urn:t:source{i}") for i in range(3)]
    for i in range(rnd.randint(1, 14)):
        statement = URIRef(f"urn:t:s{i:02d}")
        triples = [(statement, URIRef(CG + "text"), rnd.choice(TEXTS))]
        if rnd.random() < 0.9:
            triples.append((statement, URIRef(CG + "speaker"), rnd.choice(speakers)))
        for source in rnd.sample(sources, rnd.choice([0, 1, 1, 1, 2])):
            triples.append((statement, URIRef(CG + "source"), source))
        for graph in rnd.sample(sorted(graphs), rnd.choice([1, 1, len(graphs)])):
            graphs[graph] += triples
    return graphs


@pytest.mark.parametrize("seed", range(60))
def test_copies_match_the_one_query_pairing(seed, monkeypatch):
    monkeypatch.setattr(ledger, "TEXT_BATCH", 1 if seed % 2 else ledger.TEXT_BATCH)
    with open_store("memory:") as store:
        store.replace_graphs(random_graphs(seed))
        expected = {(to_oxigraph(row["later"]), ledger.COPY_OF, to_oxigraph(row["earlier"]))
                    for row in store.query(ONE_QUERY).rows}  # the ledger's terms are pyoxigraph's
        assert ledger.syndicated_copies(store) == expected


def test_some_graphs_have_copies():
    found = 0
    for seed in range(60):
        with open_store("memory:") as store:
            store.replace_graphs(random_graphs(seed))
            found += bool(ledger.syndicated_copies(store))
    assert found >= 10
