"""The SPARQL results writers give the same bytes from pyoxigraph terms (the query workers' fast
path, ``OxigraphStore.query_solutions``) as from the rdflib terms of ``Store.query``."""

from __future__ import annotations

import json

import pyoxigraph as ox
import pytest

from claimgraph.graph.backends.terms import Solutions, TermError
from claimgraph.graph.store import open_store
from claimgraph.server import serializers

G = "https://example.org/g"
DATA = f"""
@prefix ex: <https://example.org/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
<{G}> {{
  ex:a ex:label "plain" , "English"@en , "Deutsch"@de-DE , "42"^^xsd:integer ,
       "2.5"^^xsd:decimal , "true"^^xsd:boolean , "2024-01-02"^^xsd:date ,
       "typed"^^ex:custom , "quote \\" tab \\t newline \\n, comma <tag> & amp"@en ,
       "Київ"@uk , ""  ;
       ex:knows _:b1 , ex:c .
  _:b1 ex:label "blank" .
  ex:c ex:other ex:a .
}}
"""

QUERIES = [
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o",
    "SELECT ?s ?label ?none WHERE { ?s <https://example.org/knows> ?k "
    "OPTIONAL { ?k <https://example.org/label> ?label } } ORDER BY ?s ?label",
    "SELECT (COUNT(*) AS ?n) (SUM(1) AS ?sum) (AVG(2.5) AS ?avg) WHERE { ?s ?p ?o }",
    "SELECT ?x WHERE { VALUES ?x { <https://example.org/z> } FILTER(false) }",
    "SELECT * WHERE { }",
]


@pytest.fixture(scope="module")
def store():
    memory = open_store("memory:")
    memory._store.load(DATA.encode(), format=ox.RdfFormat.TRIG)
    return memory


@pytest.mark.parametrize("query", QUERIES)
@pytest.mark.parametrize("writer", ["sparql_json", "sparql_xml", "sparql_csv", "sparql_tsv"])
def test_same_bytes_from_both_kinds_of_terms(store, query: str, writer: str) -> None:
    native = store.query_solutions(query)
    assert isinstance(native, Solutions)
    write = getattr(serializers, writer)
    expected = write(store.query(query))
    assert write(native) == expected
    assert len(native.rows) == len(store.query(query).rows)


def test_solutions_convert_to_the_same_query_result(store) -> None:
    for query in QUERIES:
        assert store.query_solutions(query).to_query_result() == store.query(query)


def test_ask_and_graph_answers_are_plain_query_results(store) -> None:
    assert store.query_solutions("ASK { ?s ?p ?o }").boolean is True
    graph = store.query_solutions("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    assert graph.kind == "graph" and len(graph.graph) == 15


@pytest.mark.parametrize("writer", ["sparql_json", "sparql_xml", "sparql_csv", "sparql_tsv"])
def test_a_triple_term_is_refused_like_the_rdflib_conversion(writer: str) -> None:
    triple = ox.Triple(ox.NamedNode("https://example.org/s"), ox.NamedNode("https://example.org/p"),
                       ox.NamedNode("https://example.org/o"))

    class Row:   # a QuerySolution binding ?t to an RDF-star triple (writers index by position)
        def __getitem__(self, index: int) -> object:
            return triple

    solutions = Solutions(["t"], [Row()])  # type: ignore[list-item]
    with pytest.raises(TermError, match="triple terms are not supported"):
        getattr(serializers, writer)(solutions)


TRICKY = ["", "plain", 'quote " backslash \\ slash /', "tab \t newline \n return \r",
          "control \x01 \x1f del \x7f", "Київ", "emoji \U0001F600", "line sep \u2028 \u2029",
          "<tag> & amp"]


@pytest.mark.parametrize("value", TRICKY)
def test_json_is_what_json_dumps_writes(value: str) -> None:
    """The JSON writer builds its text itself (faster): byte for byte json.dumps' output."""
    variables = ["s", "label", "n", "unbound"]
    rows = [[ox.NamedNode("https://example.org/a"), ox.Literal(value, language="en"),
             ox.Literal(value, datatype=ox.NamedNode("https://example.org/t")), None],
            [ox.BlankNode("b1"), ox.Literal(value), None, None],
            [None, None, None, None]]
    expected = json.dumps({"head": {"vars": variables}, "results": {"bindings": [
        {"s": {"type": "uri", "value": "https://example.org/a"},
         "label": {"type": "literal", "value": value, "xml:lang": "en"},
         "n": {"type": "literal", "value": value, "datatype": "https://example.org/t"}},
        {"s": {"type": "bnode", "value": "b1"}, "label": {"type": "literal", "value": value}},
        {}]}}, ensure_ascii=False).encode("utf-8")
    assert serializers.sparql_json(Solutions(variables, rows)) == expected  # type: ignore[arg-type]


def test_json_of_no_variables_and_no_rows() -> None:
    assert serializers.sparql_json(Solutions([], [])) == \
        json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()


@pytest.mark.parametrize("value", TRICKY)
@pytest.mark.parametrize("writer", ["sparql_json", "sparql_xml", "sparql_csv", "sparql_tsv"])
def test_pyoxigraph_terms_are_written_as_rdflib_terms_are(value: str, writer: str) -> None:
    """The writers' direct paths for pyoxigraph terms give the bytes of the rdflib path."""
    rows = [[ox.NamedNode("https://example.org/a"), ox.Literal(value, language="en"),
             ox.Literal(value, datatype=ox.NamedNode("https://example.org/t"))],
            [ox.BlankNode("b1"), ox.Literal(value), None], [None, None, None]]
    native = Solutions(["s", "label", "n"], rows)  # type: ignore[arg-type]
    write = getattr(serializers, writer)
    try:
        expected = write(native.to_query_result())
    except serializers.Unwritable:
        with pytest.raises(serializers.Unwritable):
            write(native)
        return
    assert write(native) == expected
