"""The terms the ledger derives with: pyoxigraph's, whatever the store.

A refresh reads millions of answer rows and writes millions of triples at 10M triples. Built as
rdflib terms, every term read was converted from pyoxigraph's and every term written converted
back on its way into the store (~3.6 us a triple at 1M, a third of the refresh's Python time).
So the ledger reads answers as pyoxigraph terms (an Oxigraph store hands its own over; another
store's rdflib rows are converted once, here), mints its IRIs and literals as pyoxigraph terms,
and the stores' write path takes them as they are (backends/terms.py passes them through).

A row is indexed by variable name and gives ``None`` for an unbound variable, as pyoxigraph's
``QuerySolution`` does; :func:`text` is a term's IRI, lexical form or blank node label.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Protocol, Union

import pyoxigraph as ox

from claimgraph.graph.backends.terms import Solutions, to_oxigraph
from claimgraph.graph.store import Store

Term = Union[ox.NamedNode, ox.BlankNode, ox.Literal]
Triple = tuple[Union[ox.NamedNode, ox.BlankNode], ox.NamedNode, Term]

CG = "https://w3id.org/claimgraph/ontology#"
ID = "https://w3id.org/claimgraph/id/"
XSD = "http://www.w3.org/2001/XMLSchema#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
RDFS_LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
XSD_INTEGER = ox.NamedNode(XSD + "integer")
XSD_DATE = ox.NamedNode(XSD + "date")
XSD_DATETIME = ox.NamedNode(XSD + "dateTime")
# a date as precise as its article's: a day, a month or a year
DATE_TYPES = {10: XSD_DATE, 7: ox.NamedNode(XSD + "gYearMonth"), 4: ox.NamedNode(XSD + "gYear")}


class Row(Protocol):
    def __getitem__(self, name: str) -> Term | None: ...


class _RdflibRow(dict):
    """A row of another store's answer, its terms converted; unbound variables give None."""

    def __missing__(self, name: str) -> None:
        return None


@lru_cache(maxsize=256)
def cg(name: str) -> ox.NamedNode:
    """A term of the claimgraph ontology (made once: statuses and rules recur on every row)."""
    return ox.NamedNode(CG + name)


def iri(value: str) -> ox.NamedNode:
    return ox.NamedNode(value)


def plain(value: str) -> ox.Literal:
    """A plain (xsd:string) literal."""
    return ox.Literal(value)


@lru_cache(maxsize=256)
def relation(value: str) -> ox.Literal:
    """A link's or pair's relation (``disputed``, ``spoke about``...) as a plain literal, made
    once: a few values recur on every row."""
    return ox.Literal(value)


def number(n: int) -> ox.Literal:
    """``n`` as an xsd:integer literal."""
    return ox.Literal(str(n), datatype=XSD_INTEGER)


@lru_cache(maxsize=None)
def integer(n: int) -> ox.Literal:
    """``n`` as an xsd:integer literal, made once: a refresh writes ~2M positions and counts at
    10M triples, most of them small numbers that recur from listing to listing. The refresh
    empties the cache when it ends; numbers that seldom recur (order keys) use :func:`number`."""
    return number(n)


def text(term: Term) -> str:
    """An IRI's text, a literal's lexical form, a blank node's label."""
    return term.value


def is_blank(term: Term) -> bool:
    return type(term) is ox.BlankNode


def sparql(term: Term) -> str:
    """The term in SPARQL syntax (pyoxigraph writes N-Triples, which SPARQL reads)."""
    return str(term)


def rows(store: Store, query: str, default_graph_uris: list[str] | None = None) -> Sequence[Row]:
    """A SELECT query's rows, as pyoxigraph terms."""
    solutions = getattr(store, "query_solutions", None)
    if solutions is not None:
        answer = solutions(query, default_graph_uris=default_graph_uris)
        if isinstance(answer, Solutions):
            return answer.rows
    result = store.query(query, default_graph_uris=default_graph_uris)
    converted: dict[object, Term] = {}  # answers repeat terms: each converted once

    def term(value: object) -> Term:
        found = converted.get(value)
        if found is None:
            found = converted[value] = to_oxigraph(value)  # type: ignore[arg-type]
        return found

    return [_RdflibRow({name: term(value) for name, value in row.items()})
            for row in result.rows]
