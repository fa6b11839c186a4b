"""The synthetic graph generator: deterministic, valid N-Quads, one named graph per article."""

from __future__ import annotations

import io

import pyoxigraph

from claimgraph.graph.synthetic import ENTITY_GRAPH, SyntheticGraph


def generate(triples: int, seed: int) -> str:
    out = io.StringIO()
    SyntheticGraph(triples, seed).write(out)
    return out.getvalue()


def test_same_seed_same_bytes_other_seed_other_bytes():
    assert generate(5000, 7) == generate(5000, 7)
    assert generate(5000, 7) != generate(5000, 8)


def test_output_parses_and_has_one_graph_per_article():
    text = generate(20000, 3)
    store = pyoxigraph.Store()
    store.load(text.encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    assert 20000 <= len(store) <= 21000
    graphs = {str(g.value) for g in store.named_graphs()}
    assert ENTITY_GRAPH[1:-1] in graphs
    articles = list(store.query("""
        SELECT ?doc (COUNT(?s) AS ?n) WHERE { GRAPH ?doc { ?s <https://w3id.org/claimgraph/ontology#source> ?doc } }
        GROUP BY ?doc"""))
    assert len(articles) == len(graphs) - 1
    assert all(3 <= int(row["n"].value) <= 10 for row in articles)


def test_speakers_follow_a_zipf_law():
    store = pyoxigraph.Store()
    store.load(generate(30000, 1).encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
    counts = [int(r["n"].value) for r in store.query("""
        SELECT ?who (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s <https://w3id.org/claimgraph/ontology#speaker> ?who } }
        GROUP BY ?who ORDER BY DESC(?n)""")]
    assert counts[0] > 5 * counts[len(counts) // 2]
