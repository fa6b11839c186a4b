"""claimgraph: a knowledge graph of who said what, about whom and where, in view of which negotiations.

The Python API in one object::

    from claimgraph import Graph
    with Graph.open("oxigraph:./claimgraph-data") as graph:
        graph.query("deadlines", location="Pokrovsk")      # records of a named query
        graph.search("kupyansk")                            # entities by name
        graph.sparql("SELECT * WHERE { ?s ?p ?o } LIMIT 5")  # any SPARQL, as records
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

__version__ = "0.1.0"

if TYPE_CHECKING:  # imported lazily so that `import claimgraph` stays cheap
    from claimgraph.graph.store import QueryResult, Store
    from claimgraph.queries.runner import QueryRunner


class Graph:
    """A claimgraph store with the named-query catalog on top."""

    def __init__(self, store: "Store") -> None:
        self.store = store
        self._runner: "QueryRunner | None" = None

    @classmethod
    def open(cls, store_url: "str | Store | None" = None, *, read_only: bool = False) -> "Graph":
        """Open the store at ``store_url`` (default: $CLAIMGRAPH_STORE or ./claimgraph-data);
        an already opened Store is used as it is."""
        from claimgraph.graph.store import Store, open_store

        if isinstance(store_url, Store):
            return cls(store_url)
        return cls(open_store(store_url, read_only=read_only))

    @property
    def runner(self) -> "QueryRunner":
        if self._runner is None:
            from claimgraph.queries.runner import QueryRunner
            self._runner = QueryRunner(self.store)
        return self._runner

    def query(self, name: str, **params: object) -> list[dict[str, object]]:
        """The records of the named query ``name`` (see ``claimgraph queries``)."""
        return self.runner.run(name, **params)

    def sparql(self, text: str) -> "QueryResult":
        """Run any SPARQL 1.1 query on the store (union of all documents' graphs)."""
        return self.store.query(text)

    def search(self, q: str, limit: int = 10) -> list[dict]:
        """Entities whose label or alias matches ``q``, best first."""
        return self.runner.search(q, limit)

    def load(self, paths: "Iterable[str] | str") -> list:
        """Load annotation or RDF files into the store (see ``claimgraph.graph.load``), then
        re-derive the claim ledger; returns one report per file (``.error`` when it failed)."""
        from claimgraph.graph.ledger import clear_mark, mark_stale, refresh
        from claimgraph.graph.load import load_paths

        files = [paths] if isinstance(paths, str) else list(paths)
        marked: list[bool] = []
        reports = load_paths(self.store, files, before_write=lambda: marked.append(
            mark_stale(self.store, create=True)))
        if any(report.graphs for report in reports):
            refresh(self.store)
        elif any(marked):
            clear_mark(self.store)
        return reports

    def close(self) -> None:
        """Release the store."""
        self.store.close()

    def __enter__(self) -> "Graph":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


__all__ = ["Graph", "__version__"]
