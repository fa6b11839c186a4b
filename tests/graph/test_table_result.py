"""SELECT answers held as cells (claimgraph/graph/backends/table.py) give what rdflib rows give."""

from __future__ import annotations

import pickle

import pyoxigraph as ox
import pytest
from rdflib import BNode, Literal, URIRef

from claimgraph.graph.backends.table import TableResult, cells_of
from claimgraph.graph.backends.terms import TermError, query_result, to_rdflib
from claimgraph.graph.store import QueryResult

XSD = "http://www.w3.org/2001/XMLSchema#"
EX = "https://example.org/"

# Lexical forms rdflib reads its own way: normalized numbers, booleans and date-times,
# ill-formed values, integer subtypes, and numbers that are not Python numbers (decimal).
TYPED = [("007", "integer"), ("+5", "integer"), ("-0", "integer"), ("1_0", "integer"),
         ("abc", "integer"), ("12", "int"), ("-5", "nonNegativeInteger"),
         ("5", "positiveInteger"), ("1.50", "decimal"), ("1E0", "double"), ("INF", "double"),
         ("NaN", "float"), ("1", "boolean"), ("false", "boolean"),
         ("2025-06-01T12:00:00Z", "dateTime"), ("2025-06-01T12:00:00.5+02:00", "dateTime"),
         ("2025-06-01Z", "date"), ("2025-06", "gYearMonth"), ("2025", "gYear"),
         ("not a date", "date"), ("P1D", "duration")]


def terms() -> list[object]:
    out: list[object] = [ox.NamedNode(EX + "a"), ox.NamedNode(EX + "b#c"), ox.BlankNode("b1"),
                         ox.Literal("plain"), ox.Literal(""), ox.Literal("tag", language="uk"),
                         ox.Literal("x", datatype=ox.NamedNode(EX + "custom"))]
    out += [ox.Literal(value, datatype=ox.NamedNode(XSD + name)) for value, name in TYPED]
    return out


def rows() -> list[tuple]:
    every = terms()
    # every term once in each column, unbound cells and repeats between them
    return [(term, every[(i * 7) % len(every)] if i % 3 else None, every[0])
            for i, term in enumerate(every)]


def the_rdflib_answer(solutions: list[tuple]) -> QueryResult:
    variables = ["a", "b", "c"]
    return QueryResult("select", variables=variables,
                       rows=[{n: to_rdflib(t) for n, t in zip(variables, row) if t is not None}
                             for row in solutions])


def test_records_are_those_of_the_rdflib_rows() -> None:
    solutions = rows()
    table = TableResult(["a", "b", "c"], cells_of(solutions, 3))
    expected = the_rdflib_answer(solutions)
    assert repr(table.records()) == repr(expected.records())   # repr: NaN is not NaN
    kinds = {type(v) for record in table.records() for v in record.values()}
    assert kinds == {str, int, float, type(None)}


def test_rows_are_the_rdflib_terms() -> None:
    solutions = rows()
    table = TableResult(["a", "b", "c"], cells_of(solutions, 3))
    assert table.rows == the_rdflib_answer(solutions).rows
    assert table == the_rdflib_answer(solutions) and the_rdflib_answer(solutions) == table
    assert table.row_count() == len(solutions)
    assert isinstance(table.rows[0]["c"], URIRef)
    assert [r.get("a") for r in table.rows][2] == BNode("b1")
    assert table.rows[5]["a"] == Literal("tag", lang="uk")


def test_it_pickles_as_cells_and_keeps_its_answer() -> None:
    solutions = rows()
    table = TableResult(["a", "b", "c"], cells_of(solutions, 3))
    again = pickle.loads(pickle.dumps(table))
    assert isinstance(again, TableResult) and again.cells == table.cells
    assert repr(again.records()) == repr(table.records()) and again.rows == table.rows
    table.rows = [{"a": URIRef(EX + "given")}]   # rows set by hand are the answer from then on
    assert table.records() == [{"a": EX + "given", "b": None, "c": None}]
    assert pickle.loads(pickle.dumps(table)).records() == table.records()


def test_an_oxigraph_store_answers_with_a_table() -> None:
    store = ox.Store()
    p, g = ox.NamedNode(EX + "p"), ox.NamedNode(EX + "g")
    for term in terms():
        store.add(ox.Quad(term, p, ox.Literal("blank"), g) if isinstance(term, ox.BlankNode)
                  else ox.Quad(ox.NamedNode(EX + "s"), p, term, g))
    query = "SELECT ?s ?o WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY STR(?o)"
    table = query_result(store.query(query))
    assert isinstance(table, TableResult)
    solutions = [(s["s"], s["o"], None) for s in store.query(query)]
    expected = [{"s": r["a"], "o": r["b"]} for r in the_rdflib_answer(solutions).records()]
    assert repr(table.records()) == repr(expected)


def test_a_triple_term_is_refused() -> None:
    triple = ox.Triple(ox.NamedNode(EX + "s"), ox.NamedNode(EX + "p"), ox.NamedNode(EX + "o"))
    with pytest.raises(TermError):
        cells_of([(triple,)], 1)


def test_ill_typed_literals_are_made_without_a_logged_traceback(caplog) -> None:
    # RDF allows "abc"^^xsd:integer; rdflib logged a warning with a traceback for each one it
    # built, which filled a server's log on requests that had succeeded.
    ill_typed = ox.Literal("abc", datatype=ox.NamedNode(XSD + "integer"))
    with caplog.at_level("DEBUG"):
        assert str(to_rdflib(ill_typed)) == "abc"
        rows = TableResult(["o"], cells_of([[ill_typed]], 1)).rows
        assert str(rows[0]["o"]) == "abc"
    assert "Failed to convert" not in caplog.text and not any(r.exc_info for r in caplog.records)
