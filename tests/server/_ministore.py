"""A minimal Store over pyoxigraph, FOR THESE TESTS ONLY, until the real OxigraphStore is merged.

It implements the claimgraph.graph.store.Store interface (memory: and oxigraph:PATH) just far
enough to exercise the server; the server must not depend on anything here beyond that interface.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from claimgraph.graph.store import QueryResult, QuerySyntaxError, Store, StoreError, Triple


def to_rdflib(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    dt = term.datatype.value
    return Literal(term.value, datatype=None if dt == str(XSD.string) else URIRef(dt))


def to_ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class MiniStore(Store):
    def __init__(self, url: str, store: ox.Store) -> None:
        self.url, self._store = url, store

    @classmethod
    def from_url(cls, scheme: str, rest: str, *, read_only: bool = False) -> "MiniStore":
        if scheme == "memory":
            return cls("memory:", ox.Store())
        try:
            store = ox.Store.read_only(rest) if read_only else ox.Store(rest)
        except OSError as exc:
            raise StoreError(str(exc)) from exc
        return cls(f"{scheme}:{rest}", store)

    def query(self, sparql, *, default_graph_uris=None, named_graph_uris=None, base_iri=None):
        kwargs = {"base_iri": base_iri}
        if default_graph_uris:
            kwargs["default_graph"] = [ox.NamedNode(u) for u in default_graph_uris]
        else:
            kwargs["use_default_graph_as_union"] = True
        if named_graph_uris:
            kwargs["named_graphs"] = [ox.NamedNode(u) for u in named_graph_uris]
        try:
            result = self._store.query(sparql, **kwargs)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc
        if isinstance(result, ox.QueryBoolean):
            return QueryResult(kind="ask", boolean=bool(result))
        if isinstance(result, ox.QuerySolutions):
            variables = [v.value for v in result.variables]
            rows = []
            for solution in result:
                row = {}
                for name in variables:
                    term = solution[name]
                    if term is not None:
                        row[name] = to_rdflib(term)
                rows.append(row)
            return QueryResult(kind="select", variables=variables, rows=rows)
        graph = Graph()
        for triple in result:
            graph.add((to_rdflib(triple.subject), to_rdflib(triple.predicate),
                       to_rdflib(triple.object)))
        return QueryResult(kind="graph", graph=graph)

    def update(self, sparql):
        try:
            self._store.update(sparql)
        except SyntaxError as exc:
            raise QuerySyntaxError(str(exc)) from exc
        except OSError as exc:
            raise StoreError(str(exc)) from exc

    def replace_graph(self, graph_iri, triples: Iterable[Triple]):
        g = ox.NamedNode(graph_iri)
        quads = [ox.Quad(to_ox(s), to_ox(p), to_ox(o), g) for s, p, o in triples]
        self._store.clear_graph(g) if self._store.contains_named_graph(g) else None
        self._store.extend(quads)
        if not quads and self._store.contains_named_graph(g):
            self._store.remove_graph(g)
        return len(quads)

    def remove_graph(self, graph_iri):
        g = ox.NamedNode(graph_iri)
        existed = any(True for _ in self._store.quads_for_pattern(None, None, None, g))
        if self._store.contains_named_graph(g):
            self._store.remove_graph(g)
        return existed

    def graphs(self):
        return sorted({q.graph_name.value for q in self._store.quads_for_pattern(None, None, None)
                       if isinstance(q.graph_name, ox.NamedNode)})

    def count(self, graph_iri=None):
        if graph_iri is None:
            return len(self._store)
        return sum(1 for _ in self._store.quads_for_pattern(None, None, None,
                                                            ox.NamedNode(graph_iri)))

    def load_turtle(self, data: bytes, graph_iri: str) -> None:
        self._store.load(data, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(graph_iri))

    def close(self):
        if hasattr(self._store, "flush"):
            try:
                self._store.flush()
            except OSError:
                pass
        self._store = None
