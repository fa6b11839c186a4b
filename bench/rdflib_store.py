"""The usual Python baseline: a read-only claimgraph Store over rdflib's in-memory Dataset.

Queries see the union of the named graphs as the default graph, as on every claimgraph store,
so that the same catalog query text runs on both and gives the same answers.
"""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Callable, Iterable, Mapping

from rdflib import Dataset, Graph

from claimgraph.graph.store import QueryResult, Store, StoreError, Triple


class RdflibStore(Store):
    """rdflib ``Dataset(default_union=True)`` behind the Store interface; queries only."""

    url = "rdflib:"

    def __init__(self, dataset: Dataset | None = None) -> None:
        self.dataset = dataset if dataset is not None else Dataset(default_union=True)

    @classmethod
    def from_file(cls, path: Path, rdf_format: str = "nquads") -> "RdflibStore":
        store = cls()
        store.parse(source=str(path), format=rdf_format)
        return store

    def parse(self, **kwargs: object) -> None:
        """``Dataset.parse``, without the deprecation warning rdflib 7's N-Quads parser emits
        for every line it reads."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            self.dataset.parse(**kwargs)

    def query(self, sparql: str, *, default_graph_uris: list[str] | None = None,
              named_graph_uris: list[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        if default_graph_uris or named_graph_uris:
            raise StoreError("the rdflib baseline runs union-default-graph queries only")
        with warnings.catch_warnings():  # rdflib 7 warns about its own Dataset internals
            warnings.simplefilter("ignore", DeprecationWarning)
            result = self.dataset.query(sparql)
            if result.type == "ASK":
                return QueryResult("ask", boolean=bool(result.askAnswer))
            if result.type == "SELECT":
                names = [str(v) for v in result.vars]
                rows = [{n: row[n] for n in names if row[n] is not None} for row in result]
                return QueryResult("select", variables=names, rows=rows)
            graph = Graph()
            for triple in result:
                graph.add(triple)
            return QueryResult("graph", graph=graph)

    def update(self, sparql: str) -> None:
        raise StoreError("the rdflib baseline is read-only")

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> dict[str, int]:
        raise StoreError("the rdflib baseline is read-only")

    def load_file(self, path: str, media_type: str, *, default_graph: str,
                  base_iri: str | None = None,
                  progress: Callable[[int], None] | None = None) -> dict[str, int]:
        raise StoreError("the rdflib baseline is loaded by from_file")

    def remove_graph(self, graph_iri: str) -> bool:
        raise StoreError("the rdflib baseline is read-only")

    def graphs(self) -> list[str]:
        return sorted(str(g.identifier) for g in self.dataset.graphs()
                      if str(g.identifier) != "urn:x-rdflib:default")

    def count(self, graph_iri: str | None = None) -> int:
        return len(self.dataset)
