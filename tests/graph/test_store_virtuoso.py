"""The shared backend suite (test_store_backends.py) against a real Virtuoso 7.2 server, and the
Virtuoso behaviours the sparql: backend must handle (see tests/virtuoso.py, docs/scaling.md)."""

from __future__ import annotations

import pytest
import requests
from rdflib import Literal, URIRef

from claimgraph.graph.store import QuerySyntaxError, StoreError, open_store
from tests.graph import test_store_backends as shared
from tests.virtuoso import virtuoso, virtuoso_env  # noqa: F401 (fixtures)

pytestmark = pytest.mark.virtuoso

# Re-collect every backend test of the shared suite here, with the Virtuoso ``store`` below
# (the persistence test is about oxigraph: only).
globals().update({name: test for name, test in vars(shared).items()
                  if name.startswith("test_") and name != "test_oxigraph_persists_across_processes"})


@pytest.fixture
def store(virtuoso_env):
    """An empty claimgraph store on the session's Virtuoso (updates through /sparql-auth)."""
    opened = open_store(virtuoso_env.store_url + ";timeout=60")
    for graph in opened.graphs():
        opened.remove_graph(graph)
    assert opened.graphs() == [] and opened.count() == 0
    yield opened
    opened.close()


@pytest.fixture
def small_writes(store):
    """The large-write (staged) path from 5 quads on, as in the shared suite."""
    store.batch = 5


def test_server_graphs_stay_out_of_the_store(store, virtuoso):
    """Virtuoso's own graphs exist but are neither listed, counted nor seen by queries."""
    direct = requests.post(virtuoso.sparql_url, headers={"Accept": "text/csv"}, timeout=30,
                           data={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert "virtrdf#" in direct.text  # listed by the server itself, although private
    assert store.graphs() == [] and store.count() == 0
    assert store.query("ASK { ?s ?p ?o }").boolean is False


def test_anonymous_endpoint_is_read_only(store, virtuoso):
    """Without the update user, /sparql refuses writes with a clear error, not a crash."""
    anonymous = open_store(f"sparql:{virtuoso.sparql_url}")
    with pytest.raises(StoreError) as refused:
        anonymous.update(f"INSERT DATA {{ GRAPH <{shared.G1}> {{ <{shared.A}> <{shared.KNOWS}> "
                         f"<{shared.B}> }} }}")
    assert "500" in str(refused.value) and "permission" in str(refused.value).lower()
    assert not isinstance(refused.value, QuerySyntaxError)
    assert store.count() == 0


def test_wrong_password_is_refused(virtuoso, monkeypatch):
    monkeypatch.setenv("CLAIMGRAPH_SPARQL_USER", "claimgraph")
    monkeypatch.setenv("CLAIMGRAPH_SPARQL_PASSWORD", "not-the-password")
    intruder = open_store(virtuoso.store_url)
    with pytest.raises(StoreError, match="401"):
        intruder.update(f"INSERT DATA {{ GRAPH <{shared.G1}> {{ <{shared.A}> <{shared.KNOWS}> "
                        f"<{shared.B}> }} }}")


def test_quirks_the_backend_avoids(store, virtuoso):
    """Virtuoso answers an ASK without an Accept header in HTML, and a direct
    application/sparql-query POST hangs; the backend sends Accept and posts form-encoded."""
    bare = requests.Request("POST", virtuoso.sparql_url, data={"query": "ASK {}"}).prepare()
    bare.headers.pop("Accept", None)
    with requests.Session() as session:
        assert "html" in session.send(bare, timeout=30).headers.get("Content-Type", "")
    with pytest.raises(requests.Timeout):
        requests.post(virtuoso.sparql_url, data="ASK {}", timeout=2,
                      headers={"Content-Type": "application/sparql-query",
                               "Accept": "application/sparql-results+json"})
    assert store.query("ASK {}").boolean is True


def test_construct_answers_as_a_graph(store):
    """Offered both, Virtuoso would answer a CONSTRUCT as a results table: the backend asks
    for the answer kind of the query form, past prefixes and comments."""
    store.replace_graph(shared.G1, [(shared.A, shared.NAME, Literal("Київ", lang="uk"))])
    graph = store.query(f"PREFIX ex: <{shared.EX}>\n# a comment: SELECT\n"
                        "CONSTRUCT { ?s ex:label ?o } WHERE { ?s ex:name ?o }").graph
    assert set(graph) == {(shared.A, URIRef(shared.EX + "label"), Literal("Київ", lang="uk"))}
    # (DESCRIBE also comes back as a graph, but empty on this setup: see docs/scaling.md.)
    assert store.query(f"DESCRIBE <{shared.A}>").kind == "graph"


def test_query_terms_are_the_servers_own(store):
    """What the endpoint serves from a sparql: store: the terms as Virtuoso wrote them, where
    rdflib would rewrite them (a dateTime's Z as +00:00). Virtuoso keeps no ill-typed literal
    and answers valid ones in its own canonical form ("01"^^xsd:integer as "1")."""
    xsd = "http://www.w3.org/2001/XMLSchema#"
    store.update(f'INSERT DATA {{ GRAPH <{shared.G1}> {{ <{shared.A}> <{shared.NAME}> '
                 f'"2025-06-01T12:00:00Z"^^<{xsd}dateTime> , "01"^^<{xsd}integer> }} }}')
    construct = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{shared.G1}> {{ ?s ?p ?o }} }}"
    graph = store.query_terms(construct)
    assert sorted(t.object.value for t in graph.triples) == ["1", "2025-06-01T12:00:00Z"]
    rows = store.query_terms(f"SELECT ?o WHERE {{ GRAPH <{shared.G1}> {{ ?s ?p ?o }} }}").rows
    assert sorted(row[0].value for row in rows) == ["1", "2025-06-01T12:00:00Z"]
    assert "2025-06-01T12:00:00+00:00" in {str(o) for o in store.query(construct).graph.objects()}


def test_syntax_error_is_a_syntax_error(store):
    """Virtuoso reports a malformed query as HTTP 500 (or 400); both mean QuerySyntaxError."""
    with pytest.raises(QuerySyntaxError, match="SP030|syntax"):
        store.query("SELECT ?x WHERE { ?x ?y ")


def test_large_multi_document_file_loads_document_by_document(store, tmp_path):
    """A staged load of a thousand documents and more: Virtuoso refuses to move them all in one request
    (SQ200, "variables in state over the limit"), so the backend moves them in groups; every
    document arrives whole and an existing one is replaced, not merged."""
    store.batch = 1000
    store.replace_graphs({"https://example.org/doc/7": [
        (URIRef(shared.A), URIRef(shared.KNOWS), Literal("stale"))]})
    path = tmp_path / "many.nq"
    with path.open("w") as out:
        for doc in range(1200):
            for n in range(3):
                out.write(f"<https://example.org/s/{doc}/{n}> <https://example.org/p> "
                          f"\"{doc}-{n}\" <https://example.org/doc/{doc}> .\n")
    counts = store.load_file(str(path), "application/n-quads", default_graph="urn:unused")
    assert len(counts) == 1200 and set(counts.values()) == {3}
    assert store.count() == 3600 and len(store.graphs()) == 1200
    assert not any(g.startswith("urn:claimgraph:staging:") for g in store.graphs())
    stale = store.query(f'ASK {{ GRAPH <https://example.org/doc/7> {{ ?s ?p "stale" }} }}')
    assert stale.boolean is False


@pytest.mark.parametrize("first", ["boolean", "integer"])
@pytest.mark.parametrize("batch", [None, 5])
def test_booleans_keep_their_datatype_beside_equal_integers(store, first, batch):
    """Virtuoso keeps one datatype per integer value in a request ("false"^^xsd:boolean and
    "0"^^xsd:nonNegativeInteger both come back as the first written): the backend never sends
    them together, whichever comes first, on the one-request and the staged path."""
    from rdflib import XSD, Graph
    from rdflib.compare import isomorphic

    store.batch = batch
    flags = [(URIRef(f"{shared.A}/{i}"), URIRef(f"{shared.KNOWS}/flag"), Literal(bool(i % 2)))
             for i in range(4)]
    offsets = [(URIRef(f"{shared.A}/{i}"), URIRef(f"{shared.KNOWS}/start"),
                Literal(i % 2, datatype=XSD.nonNegativeInteger)) for i in range(4)]
    triples = flags + offsets if first == "boolean" else offsets + flags
    store.replace_graph(shared.G1, triples)
    stored = Graph()
    for row in store.query(f"SELECT ?s ?p ?o WHERE {{ GRAPH <{shared.G1}> {{ ?s ?p ?o }} }}").rows:
        stored.add((row["s"], row["p"], row["o"]))
    expected = Graph()
    for triple in triples:
        expected.add(triple)
    assert isomorphic(stored, expected)
    assert {o.datatype for _, _, o in stored} == {XSD.boolean, XSD.nonNegativeInteger}
