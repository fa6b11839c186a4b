"""A stand-in Store over in-memory pyoxigraph, used by these tests only while the real
``memory:`` backend (claimgraph.graph.backends.oxigraph) is not yet in this branch."""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from claimgraph.graph.store import QueryResult, Store


def _to_ox(term):  # type: ignore[no-untyped-def]
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


def _from_ox(term):  # type: ignore[no-untyped-def]
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class MemoryStore(Store):
    url = "memory:"

    def __init__(self) -> None:
        self.ox = ox.Store()

    def query(self, sparql, *, default_graph_uris=None, named_graph_uris=None, base_iri=None):
        kwargs = {}
        if default_graph_uris:
            kwargs["default_graph"] = [ox.NamedNode(g) for g in default_graph_uris]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(g) for g in named_graph_uris]
        result = self.ox.query(sparql, **kwargs)
        if isinstance(result, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            names = [v.value for v in result.variables]
            rows = [{n: _from_ox(sol[n]) for n in names if sol[n] is not None} for sol in result]
            return QueryResult("select", variables=names, rows=rows)
        g = Graph()
        for t in result:
            g.add((_from_ox(t.subject), _from_ox(t.predicate), _from_ox(t.object)))
        return QueryResult("graph", graph=g)

    def update(self, sparql: str) -> None:
        self.ox.update(sparql)

    def replace_graph(self, graph_iri: str, triples: Iterable) -> int:
        g = ox.NamedNode(graph_iri)
        self.ox.remove_graph(g) if self.ox.contains_named_graph(g) else None
        quads = [ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), g) for s, p, o in triples]
        self.ox.extend(quads)
        return len(quads)

    def remove_graph(self, graph_iri: str) -> bool:
        g = ox.NamedNode(graph_iri)
        existed = self.ox.contains_named_graph(g)
        if existed:
            self.ox.remove_graph(g)
        return existed

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs() if isinstance(g, ox.NamedNode))

    def count(self, graph_iri=None) -> int:
        if graph_iri is None:
            return len(self.ox)
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None, ox.NamedNode(graph_iri)))
