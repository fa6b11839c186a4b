"""Run a named query: check and resolve its parameters, bind them, execute on the store.

``run(store, name, **params)`` returns plain records; ``execute`` returns an :class:`Answer`
with the bound parameters and the backend's :class:`QueryResult` (for SPARQL JSON output).
A :class:`QueryRunner` keeps the catalog and a resolver (with its name cache) for reuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Mapping

from rdflib import URIRef
from rdflib.term import Node

from claimgraph.graph.store import QueryResult, Store
from claimgraph.queries.catalog import Catalog, QueryDef
from claimgraph.queries.lists import sort_lists
from claimgraph.queries.params import ENTITY_TYPES, ParameterError, literal_value, render
from claimgraph.queries.resolve import Resolver

if TYPE_CHECKING:
    from claimgraph.queries.path import PathSearch


@dataclass
class Answer:
    """A named query's answer: the name, the parameters as bound, and the result."""

    query: str
    params: dict[str, Any]
    result: QueryResult

    def records(self) -> list[dict[str, object]]:
        return self.result.records()

    def to_dict(self) -> dict[str, Any]:
        return {"query": self.query, "params": self.params, "results": self.records()}


class QueryRunner:
    """The catalog bound to one store, with a resolver whose name cache it keeps and a path
    search. ``keep_path_index``: hold the store's links in memory for path queries (see
    claimgraph/queries/links.py); worth it where many path queries follow one another, and by
    default on in-memory stores, which are read by long-lived processes (the server's query
    workers serve them; an on-disk store read once by the CLI would pay the index to answer
    one query)."""

    def __init__(self, store: Store, catalog: Catalog | None = None, *,
                 keep_path_index: bool | None = None) -> None:
        self.store = store
        self.catalog = catalog or Catalog.load()
        self.resolver = Resolver(store, self.catalog.system("resolve"))
        if keep_path_index is None:
            keep_path_index = getattr(store, "url", None) == "memory:"
        self.keep_path_index = keep_path_index
        self._paths: PathSearch | None = None

    @property
    def paths(self) -> PathSearch:
        """The path query's search on this store (made when first needed)."""
        if self._paths is None:
            from claimgraph.queries.path import PathSearch
            self._paths = PathSearch(self.store, self.catalog.get("path").body,
                                     self.catalog.system("path-links"),
                                     keep_index=self.keep_path_index)
        return self._paths

    def bind(self, name: str, params: Mapping[str, object]) -> tuple[QueryDef, dict[str, Node]]:
        """Check, default and resolve ``params`` for the named query; return the terms."""
        query = self.catalog.get(name)
        given = {_canonical(k): v for k, v in params.items()}
        for key in given:
            if query.param(key) is None:
                known = ", ".join(p.name for p in query.params) or "none"
                raise ParameterError(key, f"is not a parameter of {name!r} (its parameters: "
                                          f"{known})")
        terms: dict[str, Node] = {}
        for p in query.params:
            value = given.get(p.name)
            if value is None or (isinstance(value, str) and not value.strip()):
                if p.required:
                    raise ParameterError(p.name, f"is required ({p.type}): {p.doc}")
                value = p.default
            if value is None:
                continue
            if p.type in ENTITY_TYPES:
                terms[p.name] = self.resolver.resolve(p.name, p.type, value)
            else:
                terms[p.name] = literal_value(p.name, p.type, value)
        return query, terms

    def execute(self, name: str, params: Mapping[str, object] | None = None) -> Answer:
        """Run the named query with ``params``; raise ParameterError for a bad parameter."""
        query, terms = self.bind(name, params or {})
        if query.runner == "path":
            from claimgraph.queries.path import shortest_path
            result = shortest_path(self.store, query, terms, self.paths)
        elif query.runner == "timeline":
            from claimgraph.queries.timeline import run_timeline
            result = run_timeline(self.store, query, terms, self.catalog.system("timeline-probe"))
        elif query.runner is not None:
            raise ValueError(f"{name}: unknown runner {query.runner!r}")
        else:
            result = self.store.query(render(query.body, terms))
        result = sort_lists(result, query.lists)
        return Answer(name, {k: _plain(v) for k, v in terms.items()}, result)

    def sparql_for(self, name: str, params: Mapping[str, object] | None = None) -> str:
        """The SPARQL text the named query runs with ``params`` (for --explain and debugging)."""
        query, terms = self.bind(name, params or {})
        if query.runner == "timeline":
            from claimgraph.queries.timeline import timeline_sparql
            return timeline_sparql(self.store, query, terms, self.catalog.system("timeline-probe"))
        return render(query.body, terms)

    def run(self, name: str, **params: object) -> list[dict[str, object]]:
        return self.execute(name, params).records()

    def search(self, q: str, limit: int = 10) -> list[dict]:
        return self.resolver.search(q, limit)


def _canonical(key: str) -> str:
    # ``from`` is a Python keyword: accept from_ (and max-hops for max_hops) as well.
    return key.rstrip("_").replace("-", "_")


def _plain(term: Node) -> object:
    if isinstance(term, URIRef):
        return str(term)
    value = term.toPython()
    return value if isinstance(value, int) else str(term)


def execute(store: Store, name: str, params: Mapping[str, object] | None = None) -> Answer:
    """Run a named query once (a fresh runner; hold a QueryRunner to reuse caches)."""
    return QueryRunner(store).execute(name, params)


def run(store: Store, name: str, **params: object) -> list[dict[str, object]]:
    """The records of a named query: ``run(store, "deadlines", location="Pokrovsk")``."""
    return QueryRunner(store).run(name, **params)
