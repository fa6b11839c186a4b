"""The store interface every backend implements, and the registry that opens one from a URL.

A store holds RDF quads. Every source document lives in its own named graph, so that it can be
replaced or removed as a unit. A query that names no graph sees the union of all named graphs
(as Fuseki's ``unionDefaultGraph``); ``default_graph_uris`` / ``named_graph_uris`` (the SPARQL
protocol's ``default-graph-uri`` / ``named-graph-uri``) select graphs exactly.

Store URLs::

    oxigraph:PATH                          embedded, persistent Oxigraph (the default)
    memory:                                in-memory Oxigraph, for tests and throwaway work
    sparql:QUERY_URL[;update=UPDATE_URL]   any SPARQL 1.1 store over the standard protocols
"""

from __future__ import annotations

import abc
import importlib
import os
from dataclasses import dataclass, field
from typing import IO, Any, Callable, Collection, Iterable, Iterator, Literal, Mapping, Protocol

from rdflib import Graph as RDFGraph
from rdflib.term import Node

DEFAULT_STORE_URL = "oxigraph:./claimgraph-data"
STORE_ENV_VAR = "CLAIMGRAPH_STORE"

Triple = tuple[Node, Node, Node]
# The backends' own graphs: a large write fills graphs named here first, which no reader sees and
# the next open for writing deletes; so no file may write a graph under it (claimgraph.graph.load)
STAGING_PREFIX = "urn:claimgraph:staging:"


class StoreError(Exception):
    """A store could not be opened or could not carry out an operation."""


class QuerySyntaxError(StoreError):
    """The query or update is not valid SPARQL 1.1."""


class ReadOnlyError(StoreError):
    """A write was attempted on a store opened read-only."""


class UpdateConflict(StoreError):
    """A valid update that the store's data refuses: a graph it names does not exist (``DROP``,
    ``CLEAR``, ``MOVE``, ``COPY`` without ``SILENT``) or already exists (``CREATE``).
    ``missing`` tells which."""

    def __init__(self, message: str, *, missing: bool) -> None:
        super().__init__(message)
        self.missing = missing


class RefusedGraphError(StoreError):
    """A file given to ``load_file`` named a graph it was told to refuse; nothing was written."""

    def __init__(self, graph: str) -> None:
        super().__init__(f"the file writes graph <{graph}>, which it may not write")
        self.graph = graph


class RefusedTripleError(StoreError):
    """A file given to ``load_file`` holds a triple its ``check`` refuses; nothing was written.
    ``quad`` is the pyoxigraph quad, in the graph it would have been written to."""

    def __init__(self, reason: str, quad: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.quad = quad


class QuadCheck(Protocol):
    """A rule on the quads of a file given to ``load_file``: called on a (pyoxigraph) quad, in
    the graph it is written to, it raises RefusedTripleError for one it refuses. ``patterns``
    gives (predicate, object or None) pairs that every quad it may refuse matches: a backend
    calls it only on quads with one of those predicates, or, when it loads a file with a
    parser of its own, on the loaded quads that match a pattern."""

    def __call__(self, quad: Any) -> None: ...

    def patterns(self) -> Iterator[tuple[str, str | None]]: ...


@dataclass
class QueryResult:
    """The answer to a SPARQL query, independent of the backend that produced it.

    ``kind`` is ``select`` (``variables`` and ``rows``), ``ask`` (``boolean``) or ``graph``
    (CONSTRUCT and DESCRIBE: ``graph``). A row maps each bound variable name to an rdflib term.
    """

    kind: Literal["select", "ask", "graph"]
    variables: list[str] = field(default_factory=list)
    rows: list[dict[str, Node]] = field(default_factory=list)
    boolean: bool | None = None
    graph: RDFGraph | None = None

    def row_count(self) -> int:
        """How many SELECT rows the answer holds."""
        return len(self.rows)

    def records(self) -> list[dict[str, object]]:
        """SELECT rows as plain Python values: IRIs and literals as strings, numbers as numbers."""
        from rdflib import Literal as RDFLiteral

        out: list[dict[str, object]] = []
        for row in self.rows:
            record: dict[str, object] = {}
            for name in self.variables:
                term = row.get(name)
                if term is None:
                    record[name] = None
                elif isinstance(term, RDFLiteral) and isinstance(term.toPython(), (int, float)) \
                        and not isinstance(term.toPython(), bool):
                    record[name] = term.toPython()
                else:
                    record[name] = str(term)
            out.append(record)
        return out


class Store(abc.ABC):
    """One small interface over an RDF quad store; see the module docstring."""

    url: str
    # Whether two threads may query at once and gain by it (the ledger refresh then reads on
    # two threads); a backend that serializes its readers, or whose server would only queue
    # them, leaves it False.
    concurrent_reads: bool = False

    @abc.abstractmethod
    def query(self, sparql: str, *, default_graph_uris: list[str] | None = None,
              named_graph_uris: list[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        """Run a SPARQL 1.1 query. Raises QuerySyntaxError for a malformed query."""

    def query_terms(self, sparql: str, *, default_graph_uris: list[str] | None = None,
                    named_graph_uris: list[str] | None = None,
                    base_iri: str | None = None) -> object:
        """Like ``query``, but in the engine's own terms where the backend has them: a SELECT
        answer as ``backends.terms.Solutions``, a CONSTRUCT or DESCRIBE answer as
        ``backends.terms.Triples``, whose literals keep their lexical forms (rdflib's rewrite
        ``"01"^^xsd:integer`` to ``"1"``). By default, ``query``'s answer."""
        return self.query(sparql, default_graph_uris=default_graph_uris,
                          named_graph_uris=named_graph_uris, base_iri=base_iri)

    @abc.abstractmethod
    def update(self, sparql: str) -> None:
        """Run a SPARQL 1.1 update atomically. Raises QuerySyntaxError for a malformed update."""

    @abc.abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> dict[str, int]:
        """Atomically make each named graph hold exactly its triples (all graphs or none);
        return how many triples each holds. A triple's terms are rdflib's or pyoxigraph's.

        Readers see the graphs as they were before or as they are after, never half of them.
        Graphs the store does not name are left alone.
        """

    def replace_graph(self, graph_iri: str, triples: Iterable[Triple]) -> int:
        """Atomically make the named graph hold exactly ``triples``; return how many it holds.

        Readers see the graph as it was before or as it is after, never half of it.
        """
        return self.replace_graphs({graph_iri: triples})[graph_iri]

    @abc.abstractmethod
    def load_file(self, path: str, media_type: str, *, default_graph: str,
                  base_iri: str | None = None,
                  progress: Callable[..., None] | None = None,
                  refuse: Collection[str] = (),
                  check: QuadCheck | None = None,
                  before_visible: Callable[[], None] | None = None) -> dict[str, int]:
        """Stream an RDF file into the store in bounded memory, as one transaction.

        Every named graph the file names is replaced; triples outside a named graph go to
        ``default_graph``. On any error (syntax, I/O, interruption, a graph in ``refuse`` or
        under STAGING_PREFIX: a RefusedGraphError, a quad ``check`` refuses: a
        RefusedTripleError) the store holds what it held before. ``media_type`` is one of ``backends.terms.FORMATS``; ``progress`` is called with
        the number of quads parsed so far, or, when the engine parses the file itself, with
        ``(bytes, "bytes read")`` and then ``(bytes, "bytes written")``. Returns the triples
        each graph the file named holds. ``before_visible`` is called once before any of the
        file's quads can be read (a ledger's mark that the data changes, see ledger.mark_stale):
        before the write, or, while the engine parses the file itself into a store that names no
        graph, once the file is in but not yet shown (the store must still name none before).
        """

    @abc.abstractmethod
    def remove_graph(self, graph_iri: str) -> bool:
        """Atomically remove a named graph and its triples; return whether it existed."""

    @abc.abstractmethod
    def graphs(self) -> list[str]:
        """The IRIs of the named graphs that hold triples, sorted."""

    @abc.abstractmethod
    def count(self, graph_iri: str | None = None) -> int:
        """How many quads the store (or one named graph) holds."""

    def data_version(self) -> object:
        """A value that changes whenever the data this handle sees changes (for caches such as
        the resolver's names). The default is :meth:`count`, correct but a scan on some
        backends; backends that know their writes give something cheaper."""
        return self.count()

    def triples(self, graph_iri: str) -> RDFGraph:
        """The triples of one named graph, as an rdflib graph."""
        result = self.query("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }",
                            named_graph_uris=[graph_iri])
        assert result.graph is not None
        return result.graph

    def export(self, out: IO[bytes], rdflib_format: str, graph_iri: str | None = None,
               leave_out: Collection[str] = ()) -> None:
        """Serialize one named graph, or every named graph but those of ``leave_out``, to ``out``.

        ``rdflib_format`` is an rdflib serializer name (turtle, nt, nquads, trig, json-ld, xml);
        quad formats keep graph names (one graph's too), triple formats given no graph merge
        all graphs.
        """
        from rdflib import Dataset, URIRef

        quads = rdflib_format in ("nquads", "trig", "json-ld")
        if graph_iri is not None and not quads:
            self.triples(graph_iri).serialize(out, format=rdflib_format, encoding="utf-8")
            return
        dataset = Dataset()
        for name in self.graphs() if graph_iri is None else [graph_iri]:
            if name in leave_out:
                continue
            graph = dataset.graph(URIRef(name))
            for triple in self.triples(name):
                graph.add(triple)
        if quads:
            dataset.serialize(out, format=rdflib_format, encoding="utf-8")
        else:
            merged = RDFGraph()
            for s, p, o, _ in dataset.quads((None, None, None, None)):
                merged.add((s, p, o))
            merged.serialize(out, format=rdflib_format, encoding="utf-8")

    def optimize(self) -> None:
        """Compact the store's files so that reads touch fewer of them (worth it after large
        loads). Only an embedded store has files of its own to compact; a SPARQL server
        manages its own (Virtuoso's checkpoint, TDB2's compaction), so this raises StoreError."""
        raise StoreError(f"{self.url}: the server behind this store manages its own files; "
                         "compact them with its own tools (docs/scaling.md)")

    def close(self) -> None:
        """Release the store's resources."""

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


# name -> "module:Class"; a backend module is imported only when its scheme is used.
BACKENDS: dict[str, str] = {
    "oxigraph": "claimgraph.graph.backends.oxigraph:OxigraphStore",
    "memory": "claimgraph.graph.backends.oxigraph:OxigraphStore",
    "sparql": "claimgraph.graph.backends.sparql:SparqlStore",
}


def store_url_from_env(explicit: str | None = None) -> str:
    """The store URL to use: the explicit one, else ``$CLAIMGRAPH_STORE``, else the default.

    An empty one (``--store ''``, or the variable set to an unset shell variable) is an error,
    not the default: falling back would write to ``./claimgraph-data`` wherever one stands."""
    url = explicit if explicit is not None else os.environ.get(STORE_ENV_VAR)
    if url is None:
        return DEFAULT_STORE_URL
    if not url.strip():
        given = "--store" if explicit is not None else f"${STORE_ENV_VAR}"
        raise StoreError(f"the store URL ({given}) is empty: give oxigraph:PATH, memory: or "
                         f"sparql:URL, or leave it unset for {DEFAULT_STORE_URL}")
    return url


def open_store(url: str | None = None, *, read_only: bool = False, create: bool = True) -> Store:
    """Open the store that ``url`` names (see the module docstring).

    An ``oxigraph:`` folder that does not exist is made into a new, empty store only when the
    store is opened to write and ``create`` is true; otherwise it is a StoreError, so that a
    mistyped path is not answered from an empty store (a store that exists elsewhere, a
    server's, is opened as it is)."""
    url = store_url_from_env(url)
    scheme, sep, rest = url.partition(":")
    if not sep or scheme not in BACKENDS:
        raise StoreError(
            f"unknown store URL {url!r}: expected one of "
            + ", ".join(f"{name}:..." for name in BACKENDS))
    module_name, class_name = BACKENDS[scheme].split(":")
    backend = getattr(importlib.import_module(module_name), class_name)
    return backend.from_url(scheme, rest, read_only=read_only, create=create)
