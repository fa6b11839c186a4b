"""A minimal Store over an in-memory pyoxigraph.Store, for these tests only.

It stands in for ``claimgraph.graph.backends.oxigraph`` until that backend is merged; queries run
on Oxigraph's engine over the union of the named graphs, as the real backend does.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from claimgraph.graph.store import QueryResult, QuerySyntaxError, Store, Triple


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


def _from_ox(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


class OxiTestStore(Store):
    """In-memory Oxigraph, one named graph per document, union default graph."""

    def __init__(self) -> None:
        self.url = "memory:"
        self.ox = ox.Store()

    def query(self, sparql: str, *, default_graph_uris=None, named_graph_uris=None,
              base_iri=None) -> QueryResult:
        try:
            answer = self.ox.query(sparql, use_default_graph_as_union=True)
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from error
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(answer))
        if isinstance(answer, ox.QuerySolutions):
            names = [v.value for v in answer.variables]
            rows = []
            for solution in answer:
                row = {}
                for name in names:
                    value = solution[name]
                    if value is not None:
                        row[name] = _from_ox(value)
                rows.append(row)
            return QueryResult("select", variables=names, rows=rows)
        graph = Graph()
        for triple in answer:
            graph.add((_from_ox(triple.subject), _from_ox(triple.predicate),
                       _from_ox(triple.object)))
        return QueryResult("graph", graph=graph)

    def update(self, sparql: str) -> None:
        self.ox.update(sparql)

    def replace_graph(self, graph_iri: str, triples: Iterable[Triple]) -> int:
        g = ox.NamedNode(graph_iri)
        self.ox.remove_graph(g) if g in set(self.ox.named_graphs()) else None
        self.ox.extend([ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), g) for s, p, o in triples])
        return self.count(graph_iri)

    def remove_graph(self, graph_iri: str) -> bool:
        g = ox.NamedNode(graph_iri)
        if g not in set(self.ox.named_graphs()):
            return False
        self.ox.remove_graph(g)
        return True

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self.ox.named_graphs())

    def count(self, graph_iri: str | None = None) -> int:
        if graph_iri is None:
            return len(self.ox)
        return sum(1 for _ in self.ox.quads_for_pattern(None, None, None,
                                                       ox.NamedNode(graph_iri)))


def store_with(*graphs: tuple[str, Graph]) -> Store:
    """A store holding each (graph IRI, rdflib graph) as a named graph: the real memory: backend
    when it is installed, else the test adapter above."""
    try:
        from claimgraph.graph.store import open_store
        store = open_store("memory:")
    except Exception:  # the backend is not merged yet
        store = OxiTestStore()
    for iri, graph in graphs:
        store.replace_graph(iri, graph)
    return store


def seed_store() -> Store:
    """A store holding the bundled seed annotation(s)."""
    from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
    return store_with(*(annotation_to_graph(p) for p in bundled_annotations()))


class SharedStore(Store):
    """A store backend for tests that hands out an already filled store by name, so that the
    CLI's own ``open_store(url)`` reaches it (``cgtest:NAME``); closing it keeps it open."""

    registry: dict[str, Store] = {}

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.url = inner.url

    @classmethod
    def from_url(cls, scheme: str, rest: str, *, read_only: bool = False) -> "SharedStore":
        from claimgraph.graph.store import StoreError
        if rest not in cls.registry:
            raise StoreError(f"no test store named {rest!r}")
        return cls(cls.registry[rest])

    def query(self, sparql, **kwargs):
        return self.inner.query(sparql, **kwargs)

    def update(self, sparql):
        return self.inner.update(sparql)

    def replace_graph(self, graph_iri, triples):
        return self.inner.replace_graph(graph_iri, triples)

    def remove_graph(self, graph_iri):
        return self.inner.remove_graph(graph_iri)

    def graphs(self):
        return self.inner.graphs()

    def count(self, graph_iri=None):
        return self.inner.count(graph_iri)
