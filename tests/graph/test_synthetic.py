"""The synthetic graph generator: deterministic, valid N-Quads, one named graph per article."""

from __future__ import annotations

import io

import pyoxigraph

from claimgraph.graph.load import load_paths
from claimgraph.graph.store import open_store
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


def test_a_small_graph_passes_the_loaders_checks(tmp_path):
    # a file under load.STREAM_BYTES is materialized and checked against the shapes: the
    # articles refer to the places and speakers of the gazetteer graph, each has a publisher
    path = tmp_path / "small.nq"
    path.write_text(generate(16000, 2), encoding="utf-8")
    store = open_store("memory:")
    try:
        report, = load_paths(store, [path])
        assert report.error is None, report.error
        rows = store.query("""PREFIX cg: <https://w3id.org/claimgraph/ontology#>
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            SELECT (COUNT(DISTINCT ?doc) AS ?docs) (COUNT(DISTINCT ?outlet) AS ?outlets)
            WHERE { ?doc a cg:NewsArticle ; cg:publisher ?outlet . ?outlet rdfs:label ?name }""").rows
        assert int(rows[0]["docs"]) == len(report.graphs) - 1 and int(rows[0]["outlets"]) >= 2
    finally:
        store.close()


def test_generate_draws_no_progress_line_outside_a_terminal(tmp_path, monkeypatch):
    # stderr to a file or a pipe got "\r…quads/s" redraws
    from click.testing import CliRunner

    from claimgraph.cli import cli

    ticks = iter(range(0, 10**6, 5))  # every call to the clock is seconds after the last
    monkeypatch.setattr("claimgraph.cli.bench.time.monotonic", lambda: float(next(ticks)))
    result = CliRunner().invoke(cli, ["bench", "generate", "--triples", "5000",
                                      "--out", str(tmp_path / "g.nq")], catch_exceptions=False)
    assert result.exit_code == 0
    assert "\r" not in result.stderr and result.stderr.startswith("wrote ")


def test_each_article_restates_the_entities_it_mentions_as_the_gazetteer_names_them():
    # a loaded annotation describes its actors and places in the article's own graph, so a busy
    # speaker's label is in the store once per article quoting them; restate=False leaves them
    # to the gazetteer graph alone
    def store_of(restate: bool) -> pyoxigraph.Store:
        out = io.StringIO()
        SyntheticGraph(30000, 4, restate).write(out)
        store = pyoxigraph.Store()
        store.load(out.getvalue().encode("utf-8"), format=pyoxigraph.RdfFormat.N_QUADS)
        return store

    unlabelled_mentions = """
        PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(*) AS ?n) WHERE {
          GRAPH ?doc { ?st cg:source ?doc . { ?st cg:speaker ?who } UNION { ?st cg:about ?who } }
          FILTER NOT EXISTS { GRAPH ?doc { ?who rdfs:label ?label ; a ?type } }
        }"""
    mentions = """
        PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?doc { ?st cg:speaker ?who } }"""
    differing_labels = f"""
        PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
        SELECT (COUNT(*) AS ?n) WHERE {{
          GRAPH ?doc {{ ?who rdfs:label ?label }} FILTER(?doc != {ENTITY_GRAPH})
          FILTER NOT EXISTS {{ GRAPH {ENTITY_GRAPH} {{ ?who rdfs:label ?label }} }}
        }}"""

    def count(store: pyoxigraph.Store, query: str) -> int:
        return int(next(iter(store.query(query)))["n"].value)

    restated, alone = store_of(True), store_of(False)
    assert count(restated, mentions) > 100
    assert count(restated, unlabelled_mentions) == 0
    assert count(restated, differing_labels) == 0
    assert count(alone, unlabelled_mentions) == count(alone, mentions) + count(alone, """
        PREFIX cg: <https://w3id.org/claimgraph/ontology#>
        SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?doc { ?st cg:about ?who } }""")
