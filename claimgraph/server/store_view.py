"""The store as the server's own pages and APIs see it: read-only, through the query workers.

Blueprints other than the SPARQL protocol (the named-query API, pages, reconciliation, graph
analytics, the ledger feed) need query results as terms, not serializations. ``get_store()``
gives them a :class:`ServedStore`, a Store whose queries run in the same isolated worker pool as
``/sparql``, with the same time and size limits, so no page can hang or crash the web process.
Writes are refused: they go through ``/update`` and the graph store, behind the token.
"""

from __future__ import annotations

import time
from typing import IO, Collection, Iterable, Mapping

from flask import current_app

from claimgraph.graph.store import QueryResult, ReadOnlyError, Store, Triple
from claimgraph.server.service import get_service

EXTENSION = "claimgraph.served_store"


class ServedStore(Store):
    """A read-only Store over an app's SparqlService (see the module docstring)."""

    def __init__(self, service) -> None:
        self.service = service
        self.url = service.url

    def query(self, sparql: str, *, default_graph_uris: list[str] | None = None,
              named_graph_uris: list[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        return self.service.pool.result(sparql, default_graph_uris=default_graph_uris,
                                        named_graph_uris=named_graph_uris, base_iri=base_iri)

    def query_terms(self, sparql: str, *, default_graph_uris: list[str] | None = None,
                    named_graph_uris: list[str] | None = None,
                    base_iri: str | None = None) -> object:
        return self.service.pool.result(sparql, default_graph_uris=default_graph_uris,
                                        named_graph_uris=named_graph_uris, base_iri=base_iri,
                                        terms=True)

    def path_steps(self, start: str, goal: str, max_hops: int) -> list[tuple]:
        """The path query's search, run whole in a query worker (queries/path.py PathSearch)."""
        return self.service.pool.path_steps(start, goal, max_hops)

    def graphs(self) -> list[str]:
        rows = self.query("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g").rows
        return [str(row["g"]) for row in rows]

    def data_version(self) -> object:
        """The pool's write generation (bumped after every write through this server), and,
        where other processes may write the store, the current refresh period: the name cache
        is then as fresh as the query workers' snapshots, without a COUNT over the store."""
        pool = self.service.pool
        generation = pool.generation.value
        if pool.refresh > 0:
            return generation, int(time.monotonic() // pool.refresh)
        return generation

    def count(self, graph_iri: str | None = None) -> int:
        named = [graph_iri] if graph_iri else None
        rows = self.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                          named_graph_uris=named).rows
        return int(rows[0]["n"]) if rows else 0

    def _refuse(self, *args: object, **kwargs: object):
        raise ReadOnlyError("the server's pages read only; write through /update or "
                            "/rdf-graph-store with the token")

    def update(self, sparql: str) -> None:
        self._refuse()

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> dict[str, int]:
        self._refuse()
        return {}

    def remove_graph(self, graph_iri: str) -> bool:
        self._refuse()
        return False

    def load_file(self, path: str, media_type: str, **kwargs: object) -> dict[str, int]:
        self._refuse()
        return {}

    def export(self, out: IO[bytes], rdflib_format: str, graph_iri: str | None = None,
               leave_out: Collection[str] = ()) -> None:
        self._refuse()


def get_store() -> Store:
    """The current app's read-only served store (one per app, kept in ``app.extensions``)."""
    store = current_app.extensions.get(EXTENSION)
    if store is None:
        store = current_app.extensions[EXTENSION] = ServedStore(get_service())
    return store
