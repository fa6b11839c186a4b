"""A test-only Store over pyoxigraph, and loaders for the seed and the synthetic graph.

Until the project's Oxigraph backend is merged, ``OxiStore`` is a minimal adapter over
``pyoxigraph.Store`` implementing the parts of the Store interface these tests use.
"""

from __future__ import annotations

from typing import Iterable

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from claimgraph.graph.store import QueryResult, Store


ID = "https://w3id.org/claimgraph/id/"
MALOMUZH = ID + "person/mykola-malomuzh"
PUTIN = ID + "person/vladimir-putin"
POKROVSK = ID + "city/pokrovsk"


def _term(term):
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    if term.language:
        return Literal(term.value, lang=term.language)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def _ox(term):
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    if term.language:
        return ox.Literal(str(term), language=term.language)
    if term.datatype:
        return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
    return ox.Literal(str(term))


class OxiStore(Store):
    """Test-only adapter: pyoxigraph.Store behind the claimgraph Store interface."""

    def __init__(self, path: str | None = None, read_only: bool = False) -> None:
        self.url = f"oxigraph:{path}" if path else "memory:"
        if path and read_only:
            self._store = ox.Store.read_only(path)
        else:
            self._store = ox.Store(path) if path else ox.Store()

    @classmethod
    def from_url(cls, scheme: str, rest: str, read_only: bool = False) -> "OxiStore":
        return cls(rest or None, read_only)

    def query(self, sparql, *, default_graph_uris=None, named_graph_uris=None, base_iri=None):
        answer = self._store.query(sparql, use_default_graph_as_union=True)
        if isinstance(answer, ox.QuerySolutions):
            variables = [v.value for v in answer.variables]
            rows = [{name: _term(sol[name]) for name in variables if sol[name] is not None}
                    for sol in answer]
            return QueryResult("select", variables=variables, rows=rows)
        if isinstance(answer, ox.QueryBoolean):
            return QueryResult("ask", boolean=bool(answer))
        raise NotImplementedError("CONSTRUCT is not needed by these tests")

    def update(self, sparql: str) -> None:
        self._store.update(sparql)

    def replace_graph(self, graph_iri: str, triples: Iterable) -> int:
        g = ox.NamedNode(graph_iri)
        self._store.remove_graph(g) if self._store.contains_named_graph(g) else None
        quads = [ox.Quad(_ox(s), _ox(p), _ox(o), g) for s, p, o in triples]
        self._store.extend(quads)
        return len(quads)

    def remove_graph(self, graph_iri: str) -> bool:
        g = ox.NamedNode(graph_iri)
        existed = self._store.contains_named_graph(g)
        if existed:
            self._store.remove_graph(g)
        return existed

    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs())

    def count(self, graph_iri: str | None = None) -> int:
        return len(self._store)

    def close(self) -> None:
        self._store = None  # pyoxigraph releases the store (and its lock) when it is dropped


def load_seed(store: Store) -> None:
    from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations

    for path in bundled_annotations():
        iri, graph = annotation_to_graph(path)
        store.replace_graph(iri, graph)


def load_synthetic(store: Store) -> None:
    from network_synthetic import synthetic_graphs

    for iri, graph in synthetic_graphs().items():
        store.replace_graph(iri, graph)
