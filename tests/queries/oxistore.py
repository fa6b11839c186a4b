"""Stores for the query tests: the memory: backend filled with graphs, and a ``cgtest:NAME``
backend that hands an already filled store to the CLI's own ``open_store(url)``."""

from __future__ import annotations

from rdflib import Graph

from claimgraph.graph.store import Store


def store_with(*graphs: tuple[str, Graph]) -> Store:
    """A store holding each (graph IRI, rdflib graph) as a named graph, in the memory: backend."""
    from claimgraph.graph.store import open_store

    store = open_store("memory:")
    for iri, graph in graphs:
        store.replace_graph(iri, graph)
    return store


def seed_store() -> Store:
    """A store holding the bundled seed annotation(s), with its claim ledger derived."""
    from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
    from claimgraph.graph.ledger import refresh

    store = store_with(*(annotation_to_graph(p) for p in bundled_annotations()))
    refresh(store)
    return store


class SharedStore(Store):
    """A store backend for tests that hands out an already filled store by name, so that the
    CLI's own ``open_store(url)`` reaches it (``cgtest:NAME``); closing it keeps it open."""

    registry: dict[str, Store] = {}

    def __init__(self, inner: Store) -> None:
        self.inner = inner
        self.url = inner.url

    @classmethod
    def from_url(cls, scheme: str, rest: str, *, read_only: bool = False,
                 create: bool = True) -> "SharedStore":
        from claimgraph.graph.store import StoreError
        if rest not in cls.registry:
            raise StoreError(f"no test store named {rest!r}")
        return cls(cls.registry[rest])

    def query(self, sparql, **kwargs):
        return self.inner.query(sparql, **kwargs)

    def update(self, sparql):
        return self.inner.update(sparql)

    def replace_graphs(self, graphs):
        return self.inner.replace_graphs(graphs)

    def load_file(self, path, media_type, **kwargs):
        return self.inner.load_file(path, media_type, **kwargs)

    def remove_graph(self, graph_iri):
        return self.inner.remove_graph(graph_iri)

    def graphs(self):
        return self.inner.graphs()

    def count(self, graph_iri=None):
        return self.inner.count(graph_iri)
