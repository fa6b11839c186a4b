"""graph/backends/union_copy.py: the read-only in-memory copy whose default graph is the union of
its named graphs as a set, against a plain memory store loaded from the same file."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from rdflib import BNode, Dataset, URIRef
from rdflib.compare import isomorphic

from claimgraph.graph.backends.oxigraph import OxigraphStore
from claimgraph.graph.backends.union_copy import UnionCopy
from claimgraph.graph.store import ReadOnlyError

EX = "http://example.org/"
# an entity restated by two articles (its label and type twice), a link stated twice, a blank
# node, and one triple in the default graph
NQUADS = f"""
<{EX}putin> <http://www.w3.org/2000/01/rdf-schema#label> "Putin"@en <{EX}article-1> .
<{EX}putin> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Person> <{EX}article-1> .
<{EX}s1> <{EX}speaker> <{EX}putin> <{EX}article-1> .
<{EX}s1> <{EX}about> <{EX}pokrovsk> <{EX}article-1> .
<{EX}s1> <{EX}evidence> _:e <{EX}article-1> .
_:e <{EX}says> "sixteen deadlines" <{EX}article-1> .
<{EX}putin> <http://www.w3.org/2000/01/rdf-schema#label> "Putin"@en <{EX}article-2> .
<{EX}putin> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{EX}Person> <{EX}article-2> .
<{EX}s2> <{EX}speaker> <{EX}putin> <{EX}article-2> .
<{EX}s1> <{EX}about> <{EX}pokrovsk> <{EX}article-2> .
<{EX}pokrovsk> <http://www.w3.org/2000/01/rdf-schema#label> "Pokrovsk"@en .
"""
SOURCE_QUADS = 11
DISTINCT_TRIPLES = 8


@pytest.fixture
def source(tmp_path):
    path = tmp_path / "source.nq"
    path.write_text(NQUADS)
    return str(path)


@pytest.fixture
def copy(source):
    return UnionCopy.memory_from_nquads(source)


@pytest.fixture
def plain(source):
    return OxigraphStore.memory_from_nquads(source)


def rows(store, sparql: str, **kwargs) -> list[tuple]:
    """The answer's rows, blank nodes as ``_:`` (each load names them afresh)."""
    return [tuple("_:" if isinstance(v, BNode) else str(v) for v in row.values())
            for row in store.query(sparql, **kwargs).rows]


def test_a_query_naming_no_graph_reads_the_union_as_a_set(copy, plain):
    everything = "SELECT ?s ?p ?o WHERE { ?s ?p ?o }"
    assert len(rows(copy, everything)) == DISTINCT_TRIPLES
    assert len(rows(plain, everything)) == SOURCE_QUADS        # the engine's bag (oxigraph#1919)
    assert sorted(rows(copy, everything)) == sorted(set(rows(plain, everything)))
    count = f"SELECT (COUNT(*) AS ?n) WHERE {{ <{EX}putin> ?p ?o }}"
    assert rows(copy, count) == [("2",)]
    assert rows(plain, count) == [("4",)]


def test_graphs_and_the_dataset_clauses_read_the_named_graphs_as_before(copy, plain):
    for sparql, kwargs in [
            ("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", {}),
            (f"SELECT ?s ?p ?o FROM <{EX}article-2> WHERE {{ ?s ?p ?o }}", {}),
            (f"SELECT ?g ?s FROM NAMED <{EX}article-1> WHERE {{ GRAPH ?g {{ ?s a ?t }} }}", {}),
            ("SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
             {"default_graph_uris": [f"{EX}article-1", f"{EX}article-2"]}),
    ]:
        assert sorted(rows(copy, sparql, **kwargs)) == sorted(rows(plain, sparql, **kwargs)), sparql
    assert copy.graphs() == plain.graphs() == [f"{EX}article-1", f"{EX}article-2"]
    assert copy.count() == plain.count() == SOURCE_QUADS
    assert copy.count(f"{EX}article-2") == plain.count(f"{EX}article-2") == 4


def test_the_link_scans_read_each_link_once(copy, plain):
    relations = [f"{EX}speaker", f"{EX}about"]
    for incoming in (True, False):
        nodes = [f"{EX}putin"] if incoming else [f"{EX}s1", f"{EX}s2"]
        assert sorted(copy.links(nodes, relations, incoming=incoming)) == \
            sorted(plain.links(nodes, relations, incoming=incoming))
    assert sorted(copy.relation_links(relations)) == sorted(plain.relation_links(relations))
    assert len(copy.relation_links(relations)) == 3


def test_its_exports_hold_the_named_graphs_as_loaded(copy, plain):
    def named_graphs(data: bytes, fmt: str) -> Dataset:
        dataset = Dataset()
        dataset.parse(data=data, format=fmt)
        return dataset

    dumped = io.BytesIO()
    copy.dump_visible(dumped)
    exported = io.BytesIO()
    copy.export(exported, "nquads")
    expected = io.BytesIO()
    plain.export(expected, "nquads")
    want = named_graphs(expected.getvalue(), "nquads")
    for data in (dumped.getvalue(), exported.getvalue()):
        got = named_graphs(data, "nquads")
        for name in (f"{EX}article-1", f"{EX}article-2"):
            assert isomorphic(got.graph(URIRef(name)), want.graph(URIRef(name))), name
    assert len(dumped.getvalue().splitlines()) == SOURCE_QUADS   # the default graph's one too


def test_the_copy_refuses_writes(copy):
    with pytest.raises(ReadOnlyError):
        copy.update(f"INSERT DATA {{ GRAPH <{EX}g> {{ <{EX}a> <{EX}b> <{EX}c> }} }}")
    with pytest.raises(ReadOnlyError):
        copy.remove_graph(f"{EX}article-1")
    assert copy.count() == SOURCE_QUADS


def test_a_copy_is_made_in_memory_only(tmp_path):
    with pytest.raises(ValueError, match="in memory"):
        UnionCopy(str(tmp_path / "store"))
    assert UnionCopy().count() == 0


def test_every_catalog_query_reads_the_union():
    """No catalog query names a graph, so each is answered from the set (the routing's regular
    expressions must not mistake a word of a comment for a GRAPH pattern or a FROM clause)."""
    import claimgraph.queries

    copy = UnionCopy()
    texts = sorted(Path(claimgraph.queries.__file__).parent.glob("rq/**/*.rq"))
    assert len(texts) >= 20
    for path in texts:
        assert copy._union_for(path.read_text(), None, None) is copy._union, path.name


@pytest.mark.parametrize("sparql", [
    "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }",
    "select * where { graph <http://example.org/g> { ?s ?p ?o } }",
    "PREFIX ex: <http://example.org/> SELECT * WHERE { GRAPH ex:g { ?s ?p ?o } }",
    "SELECT * FROM <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * FROM NAMED <http://example.org/g> WHERE { ?s ?p ?o }",
    "SELECT * WHERE {GRAPH?g{?s ?p ?o}} # no space",
    'SELECT * WHERE { ?s <http://example.org/a#b> "#" . GRAPH ?g { ?s ?p ?o } }',
])
def test_a_query_that_names_graphs_reads_the_named_graphs(copy, sparql):
    """(and a comment that speaks of a graph is not a GRAPH pattern)"""
    assert copy._union_for(sparql, None, None) is None
    assert copy._union_for("SELECT * { ?s ?p ?o }", [f"{EX}article-1"], None) is None
    assert copy._union_for("SELECT * { ?s ?p ?o }", None, []) is None
    assert copy._union_for("# GRAPH ?g, FROM <x>\nSELECT * { ?s ?p ?o }", None, None) is not None
