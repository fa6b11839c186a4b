"""Conversion between pyoxigraph terms and rdflib terms, and streaming RDF parsing.

The conversions sit on hot paths (a load's quads, a graph answer's triples, the terms the
claim ledger writes), so they dispatch on the exact type and cache datatype IRIs. A SELECT
answer is held as plain cells instead (:mod:`table`), made into rdflib terms only when asked.
The endpoint's writers take answers in pyoxigraph's own terms (:class:`Solutions`,
:class:`Triples`): nothing is converted, and no literal is rewritten on its way out.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable, Collection, Container, Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from claimgraph.graph.backends.table import (XSD_STRING, TableResult, TermError, cells_of,
                                             datatype_iri, unsupported)
from claimgraph.graph.store import STAGING_PREFIX, QuadCheck, QueryResult, RefusedGraphError

RDF_LANGSTRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

# Media types the loader and the backends accept, mapped to pyoxigraph formats.
FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
}

MAX_LITERAL_CHARS = 1024 * 1024
PROGRESS_EVERY = 10_000


def to_rdflib(term: object) -> Node:
    """An rdflib term for a pyoxigraph term."""
    cls = type(term)
    if cls is ox.NamedNode:
        return URIRef(term.value)  # type: ignore[attr-defined]
    if cls is ox.Literal:
        language = term.language  # type: ignore[attr-defined]
        if language:
            return Literal(term.value, lang=language)  # type: ignore[attr-defined]
        datatype = term.datatype.value  # type: ignore[attr-defined]
        if datatype == XSD_STRING:
            return Literal(term.value)  # type: ignore[attr-defined]
        return Literal(term.value, datatype=datatype_iri(datatype))  # type: ignore[attr-defined]
    if cls is ox.BlankNode:
        return BNode(term.value)  # type: ignore[attr-defined]
    raise unsupported(term)


@lru_cache(maxsize=256)
def _ox_datatype(iri: str) -> ox.NamedNode:
    return ox.NamedNode(iri)


OXIGRAPH_TERMS = frozenset({ox.NamedNode, ox.BlankNode, ox.Literal})


def to_oxigraph(term: Node) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    """A pyoxigraph term for an rdflib term (a pyoxigraph term as it is: the claim ledger
    derives with them); raises TermError for an invalid IRI."""
    if type(term) in OXIGRAPH_TERMS:
        return term  # type: ignore[return-value]
    try:
        if isinstance(term, URIRef):
            return ox.NamedNode(str(term))
        if isinstance(term, Literal):
            if term.language:
                return ox.Literal(str(term), language=term.language)
            if term.datatype is not None:
                return ox.Literal(str(term), datatype=_ox_datatype(str(term.datatype)))
            return ox.Literal(str(term))
        if isinstance(term, BNode):
            return ox.BlankNode(str(term))
    except ValueError as error:
        raise TermError(f"invalid RDF term {str(term)!r}: {error}") from None
    raise TermError(f"unsupported term {term!r}")


def named_node(iri: str) -> ox.NamedNode:
    """A pyoxigraph IRI, or TermError naming the bad IRI."""
    try:
        return ox.NamedNode(iri)
    except (ValueError, TypeError) as error:
        raise TermError(f"invalid IRI {iri!r}: {error}") from None


def quads_from_triples(graph_iri: str, triples: Iterable[tuple[Node, Node, Node]]
                       ) -> Iterator[ox.Quad]:
    """The triples as pyoxigraph quads in the named graph ``graph_iri``."""
    graph = named_node(graph_iri)
    predicates: dict[Node, ox.NamedNode | ox.BlankNode | ox.Literal] = {}
    last: Node | None = None
    subject = None
    for s, p, o in triples:
        # a few predicates recur, and a subject's triples mostly come together: each converted
        # once (a third of the time of writing a derived ledger went to converting terms)
        if s is not last:
            last, subject = s, to_oxigraph(s)
        predicate = predicates.get(p)
        if predicate is None:
            predicate = predicates[p] = to_oxigraph(p)
        yield ox.Quad(subject, predicate, o if type(o) in OXIGRAPH_TERMS else to_oxigraph(o),
                      graph)


def graphs_as_quads(graphs: Mapping[str, Iterable[tuple[Node, Node, Node]]],
                    only: Container[int] | None = None) -> Iterator[ox.Quad]:
    """Every graph's triples as quads in that graph, each graph IRI checked before any quad;
    with ``only``, just the quads at those positions of the stream (the others not converted)."""
    for iri in graphs:
        named_node(iri)
    if only is None:
        return itertools.chain.from_iterable(
            quads_from_triples(iri, triples) for iri, triples in graphs.items())
    return _selected(graphs, only)


def _selected(graphs: Mapping[str, Iterable[tuple[Node, Node, Node]]],
              only: Container[int]) -> Iterator[ox.Quad]:
    position = 0
    for iri, triples in graphs.items():
        picked = []
        for triple in triples:
            if position in only:
                picked.append(triple)
            position += 1
        yield from quads_from_triples(iri, picked)


def format_of(media_type: str) -> ox.RdfFormat:
    """The pyoxigraph format for a media type the loader accepts."""
    try:
        return FORMATS[media_type]
    except KeyError:
        raise TermError(f"unsupported RDF media type {media_type!r}; expected one of "
                        + ", ".join(FORMATS)) from None


def check_literal(term: object) -> None:
    """Refuse a literal over MAX_LITERAL_CHARS (a file of one giant literal is an attack on memory
    and on every page and query that shows it, not data)."""
    if type(term) is ox.Literal and len(term.value) > MAX_LITERAL_CHARS:
        raise SyntaxError(f"a literal of {len(term.value):,} characters is over the limit of "
                          f"{MAX_LITERAL_CHARS:,} characters")


def stream_quads(path: str | Path, media_type: str, *, default_graph: str,
                 base_iri: str | None = None,
                 progress: Callable[[int], None] | None = None,
                 refuse: Collection[str] = (),
                 check: QuadCheck | None = None) -> Iterator[ox.Quad]:
    """Parse an RDF file lazily (bounded memory); triples outside a named graph go to
    ``default_graph``. Raises SyntaxError (with line and column) on malformed input,
    RefusedGraphError at the first quad in a graph of ``refuse`` or under STAGING_PREFIX (the
    backends' own), and ``check``'s RefusedTripleError at the first quad it refuses.

    ``progress`` is called with the number of quads parsed so far, every PROGRESS_EVERY quads.
    """
    target = named_node(default_graph)
    refused = frozenset(refuse)
    # the check runs only on quads of its predicates: a lookup here costs less than a call
    watched = (frozenset(ox.NamedNode(p) for p, _ in check.patterns()) if check is not None
               else frozenset())
    n = 0
    with open(path, "rb") as handle:
        for quad in ox.parse(handle, format=format_of(media_type), base_iri=base_iri):
            check_literal(quad.object)
            if isinstance(quad.graph_name, ox.NamedNode):
                name = quad.graph_name.value
                if (refused and name in refused) or name.startswith(STAGING_PREFIX):
                    raise RefusedGraphError(name)
            else:
                # Blank-node graph names and the default graph both belong to the file's graph.
                if refused and default_graph in refused:
                    raise RefusedGraphError(default_graph)
                quad = ox.Quad(quad.subject, quad.predicate, quad.object, target)
            if watched and quad.predicate in watched:
                check(quad)  # type: ignore[misc]
            yield quad
            n += 1
            if progress is not None and n % PROGRESS_EVERY == 0:
                progress(n)
    if progress is not None:
        progress(n)


@dataclass
class Solutions:
    """A SELECT answer kept as pyoxigraph terms, for writers that serialize them directly.

    Converting every term to rdflib (``query_result``) costs more than evaluating a selective
    query, so the endpoint's query workers ask for this form (``Store.query_terms``) and write
    SPARQL results from it (claimgraph.server.serializers); the ledger and the path search read
    it too (``OxigraphStore.query_solutions``)."""

    variables: list[str]
    rows: list[ox.QuerySolution]
    kind: str = "select"

    def row_count(self) -> int:
        return len(self.rows)

    def to_query_result(self) -> QueryResult:
        """The same answer as ``Store.query`` gives it."""
        return TableResult(self.variables, cells_of(self.rows, len(self.variables)))


def solutions_result(result: object) -> QueryResult | Solutions:
    """Like ``query_result``, but a SELECT answer stays as pyoxigraph terms (``Solutions``;
    its writers raise TermError for a term rdflib could not hold either, as ``to_rdflib`` does)."""
    if isinstance(result, ox.QuerySolutions):
        return Solutions([v.value for v in result.variables], list(result))
    return query_result(result)


@dataclass
class Triples:
    """A CONSTRUCT or DESCRIBE answer kept as pyoxigraph triples, each once.

    Made into an rdflib graph, its literals would be rewritten to rdflib's canonical form
    (``"01"^^xsd:integer`` read back as ``"1"``, an ill-typed ``"true "^^xsd:boolean`` as
    ``false``), so the endpoint writes graphs from this form (``Store.query_terms``,
    claimgraph.server.graphwriter) and sends the store's terms as they are."""

    triples: list[ox.Triple]
    kind: str = "graph"

    def row_count(self) -> int:
        return len(self.triples)

    def to_query_result(self) -> QueryResult:
        """The same answer as ``Store.query`` gives it."""
        return _graph_result(self.triples)


def native_result(result: object) -> QueryResult | Solutions | Triples:
    """A query answer in pyoxigraph's terms: SELECT as ``Solutions``, CONSTRUCT and DESCRIBE as
    ``Triples`` (TermError for an RDF 1.2 triple term, which ``query_result`` refuses too),
    ASK as the plain ``QueryResult``."""
    if isinstance(result, ox.QuerySolutions):
        return Solutions([v.value for v in result.variables], list(result))
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    # a graph holds each triple once; a remote store's answer is parsed as quads (sparql.py)
    triples = dict.fromkeys(t.triple if type(t) is ox.Quad else t
                            for t in result)  # type: ignore[attr-defined]
    for triple in triples:
        for term in (triple.subject, triple.object):
            if type(term) not in OXIGRAPH_TERMS:
                raise unsupported(term)
    return Triples(list(triples))


def query_result(result: object) -> QueryResult:
    """A QueryResult from a pyoxigraph query answer (solutions, boolean or triples)."""
    if isinstance(result, ox.QueryBoolean):
        return QueryResult("ask", boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        names = [v.value for v in result.variables]
        return TableResult(names, cells_of(result, len(names)))
    return _graph_result(result)  # type: ignore[arg-type]


def _graph_result(triples: Iterable[ox.Triple]) -> QueryResult:
    graph = Graph()
    add = graph.add
    for triple in triples:
        add((to_rdflib(triple.subject), to_rdflib(triple.predicate), to_rdflib(triple.object)))
    return QueryResult("graph", graph=graph)
