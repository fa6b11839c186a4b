"""A test-only Store over an in-memory pyoxigraph store, used until the real backend
(claimgraph.graph.backends.oxigraph) is part of the tree; same interface, same union default."""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from claimgraph.graph.store import QueryResult, QuerySyntaxError, Store


def _to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == "http://www.w3.org/2001/XMLSchema#string":
        return Literal(term.value)  # RDF 1.1: a simple literal is an xsd:string
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class MemoryStore(Store):
    url = "memory:"

    def __init__(self) -> None:
        self.store = ox.Store()

    def query(self, sparql, *, default_graph_uris=None, named_graph_uris=None, base_iri=None):
        try:
            result = self.store.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = []
            for solution in result:
                rows.append({name: _to_rdflib(solution[name]) for name in variables
                             if solution[name] is not None})
            return QueryResult(kind="select", variables=variables, rows=rows)
        graph = Graph()
        for triple in result:
            graph.add((_to_rdflib(triple.subject), _to_rdflib(triple.predicate),
                       _to_rdflib(triple.object)))
        return QueryResult(kind="graph", graph=graph)

    def update(self, sparql):
        self.store.update(sparql)

    def replace_graph(self, graph_iri: str, triples: Iterable) -> int:
        g = ox.NamedNode(graph_iri)
        self.store.remove_graph(g) if self.store.contains_named_graph(g) else None
        self.store.extend(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), g) for s, p, o in triples)
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None, g))

    def remove_graph(self, graph_iri: str) -> bool:
        g = ox.NamedNode(graph_iri)
        if not self.store.contains_named_graph(g):
            return False
        self.store.remove_graph(g)
        return True

    def graphs(self):
        return sorted(g.value for g in self.store.named_graphs())

    def count(self, graph_iri=None):
        if graph_iri is None:
            return len(self.store)
        return sum(1 for _ in self.store.quads_for_pattern(None, None, None,
                                                           ox.NamedNode(graph_iri)))
