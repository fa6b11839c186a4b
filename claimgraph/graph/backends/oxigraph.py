"""The embedded Oxigraph store: ``oxigraph:PATH`` (persistent, RocksDB) and ``memory:``.

Queries that name no graph run over the union of the named graphs; a write in progress stays
hidden from this store's readers until it commits, and from read-only views that other processes
open meanwhile (``_open_view``). How writes are made atomic (one transaction,
a difference, or a journaled bulk write, by size) is :mod:`oxigraph_writes`.
"""

from __future__ import annotations

import errno
import os
import re
import threading
import time
from collections.abc import Collection
from typing import IO, Callable, Iterable, Mapping, TypeVar

import pyoxigraph as ox
from claimgraph.graph.backends.journal import Journal, WriterLock
from claimgraph.graph.backends.terms import (Solutions, TermError, Triples, named_node,
                                             native_result, query_result, graphs_as_quads,
                                             solutions_result, stream_quads)
from claimgraph.graph.store import (QuadCheck, QueryResult, QuerySyntaxError, ReadOnlyError,
                                    Store, StoreError, Triple, UpdateConflict)

from claimgraph.graph.backends import native
from claimgraph.graph.backends.pinned import VIEWS_DIR, PinnedView, sweep, write_ahead_logs
from claimgraph.graph.backends.oxigraph_writes import STAGING_PREFIX, AtomicWrites
from claimgraph.graph.backends.terms import MAX_LITERAL_CHARS

# A query with its own FROM / FROM NAMED keeps its dataset (the union flag would override it).
_DATASET_CLAUSE = re.compile(r"\bFROM\s+(NAMED\s+)?(<|[A-Za-z_][\w.-]*:)", re.IGNORECASE)
_EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                   "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                   "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}


def _open_writable(url: str, path: str) -> ox.Store:
    """Open the store at ``path`` for writing; RocksDB lets one process at a time do so."""
    try:
        return ox.Store(path)
    except OSError as error:
        if _LOCKED not in str(error):
            raise
    raise StoreError(f"cannot open store {url} for writing: another claimgraph process is "
                     "writing it (a load, drop, ledger refresh, or a server's write); try again "
                     "when it has finished (reading it meanwhile works)")


def _pinned(path: str, live: ox.Store, logs: set[str]) -> tuple[ox.Store, PinnedView | None]:
    """A view of ``live`` (opened after ``logs`` were listed) whose files no writer can delete
    (see :mod:`pinned`), or ``live`` itself where the store's folder may not be written (a
    reader with read access only)."""
    pin = PinnedView(path)
    try:
        return pin.open(live, logs), pin
    except OSError as error:
        if error.errno not in (errno.EACCES, errno.EPERM, errno.EROFS):
            raise
        return live, None


def _open_read_only(path: str, attempts: int = 20) -> ox.Store:
    """Open a read-only view of a store that another process may be writing.

    RocksDB lists the store's files in its MANIFEST and then opens them; a compaction in the
    writing process can delete one in between ("No such file or directory"). Opening again
    reads the new MANIFEST, so retry that race a few times before giving up.
    """
    for attempt in range(attempts):
        try:
            return ox.Store.read_only(path)
        except (OSError, RuntimeError) as error:  # RocksDB reports it as either
            if _VANISHED not in str(error) or attempt == attempts - 1:
                raise
            time.sleep(0.005 * (attempt + 1))
    raise AssertionError("unreachable")


_VANISHED = "No such file or directory"
_LOCKED = "While lock file"   # RocksDB: another process holds the store's LOCK
_T = TypeVar("_T")
_R = TypeVar("_R")


def _shown(iri: str, hidden: frozenset[str], visible: frozenset[str] | None) -> bool:
    """Whether readers may see graph ``iri`` (not one a write in progress is filling)."""
    return (iri not in hidden and (visible is None or iri in visible)
            and not iri.startswith(STAGING_PREFIX))


class OxigraphStore(AtomicWrites, Store):
    """A pyoxigraph ``Store`` behind the claimgraph Store interface."""

    concurrent_reads = True  # queries run outside Python's lock, on a snapshot each

    def __init__(self, path: str | None = None, *, read_only: bool = False) -> None:
        self.url = f"oxigraph:{path}" if path else "memory:"
        self.read_only = read_only
        self._lock = threading.RLock()
        self._hidden: frozenset[str] = frozenset()
        # During a large write: the only named graphs readers may see (those it began with).
        self._visible: frozenset[str] | None = None
        self._version = 0
        self._journal = Journal(path) if path else None
        self._writer = WriterLock(path) if path and not read_only else None
        self._pin: PinnedView | None = None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = self._open_view(path)
            else:
                self._store = _open_writable(self.url, path)
                assert self._writer is not None
                self._writer.hold()
                self._recover()
                sweep(os.path.join(path, VIEWS_DIR))   # views left by readers that were killed
        except (OSError, RuntimeError) as error:
            self.close()
            raise StoreError(f"cannot open store {self.url}: {error}") from None
        except StoreError:
            self.close()
            raise

    @classmethod
    def from_url(cls, scheme: str, rest: str, read_only: bool = False,
                 create: bool = True) -> "OxigraphStore":
        """Open ``memory:`` or ``oxigraph:PATH`` (a new, empty store where PATH does not exist
        only when opened to write with ``create``)."""
        if scheme == "memory":
            if rest:
                raise StoreError(f"memory: takes no path (got {rest!r})")
            return cls(None)
        if not rest:
            raise StoreError("oxigraph: needs a folder, for example oxigraph:./claimgraph-data")
        path = os.path.abspath(os.path.expanduser(rest))
        if (read_only or not create) and not os.path.exists(path):  # nor a mistyped path
            raise StoreError(f"no store at {path}: the folder does not exist (a load creates it)")
        return cls(path, read_only=read_only)

    # -- reading -----------------------------------------------------------------------------

    def query(self, sparql: str, *, default_graph_uris: list[str] | None = None,
              named_graph_uris: list[str] | None = None,
              base_iri: str | None = None) -> QueryResult:
        return self._query(query_result, sparql, default_graph_uris, named_graph_uris, base_iri)

    def query_solutions(self, sparql: str, *, default_graph_uris: list[str] | None = None,
                        named_graph_uris: list[str] | None = None,
                        base_iri: str | None = None) -> QueryResult | Solutions:
        """Like ``query``, but a SELECT answer keeps pyoxigraph's terms (see terms.Solutions)."""
        return self._query(solutions_result, sparql, default_graph_uris, named_graph_uris,
                           base_iri)

    def query_terms(self, sparql: str, *, default_graph_uris: list[str] | None = None,
                    named_graph_uris: list[str] | None = None,
                    base_iri: str | None = None) -> QueryResult | Solutions | Triples:
        """The answer in pyoxigraph's terms (see ``Store.query_terms``)."""
        return self._query(native_result, sparql, default_graph_uris, named_graph_uris,
                           base_iri)

    def _query(self, convert: Callable[[object], _R], sparql: str,
               default_graph_uris: list[str] | None, named_graph_uris: list[str] | None,
               base_iri: str | None) -> _R:
        options: dict[str, object] = {}
        hidden, visible = self._hidden, self._visible
        try:
            union = self._union_for(sparql, default_graph_uris, named_graph_uris)
            if union is not None:
                return convert(union.query(sparql, base_iri=base_iri))
            if default_graph_uris is not None or named_graph_uris is not None:
                options["default_graph"] = [named_node(g) for g in default_graph_uris or ()
                                            if _shown(g, hidden, visible)]
                options["named_graphs"] = [named_node(g) for g in named_graph_uris or ()
                                           if _shown(g, hidden, visible)]
            elif not _DATASET_CLAUSE.search(sparql):
                if hidden or visible is not None:
                    shown = [ox.NamedNode(g) for g in self.graphs()]
                    options["default_graph"] = shown
                    options["named_graphs"] = shown
                else:
                    options["use_default_graph_as_union"] = True
            return self._reading(lambda: convert(
                self._store.query(sparql, base_iri=base_iri, **options)))
        except SyntaxError as error:
            raise QuerySyntaxError(str(error)) from None
        except TermError as error:
            raise QuerySyntaxError(str(error)) from None
        except (OSError, RuntimeError, ValueError) as error:
            raise StoreError(f"query failed: {error}") from None

    def _union_for(self, sparql: str, default_graph_uris: list[str] | None,
                   named_graph_uris: list[str] | None) -> ox.Store | None:
        """A store whose default graph holds the union of the named graphs as a set, to answer
        ``sparql`` (which names no graph) with no dataset options; None: this store answers
        it, with Oxigraph's union (union_copy.UnionCopy keeps such a store)."""
        return None

    def _link_source(self) -> ox.Store:
        """The store the link scans read (``links``, ``relation_links``)."""
        return self._store

    def _reading(self, read: Callable[[], _T]) -> _T:
        """Run ``read``; on a read-only view, survive the files it lazily opens vanishing.

        A read-only view opens the store's files as it needs them, and the writer's compaction
        may have deleted one since the view was opened: a fresh view of the store answers.
        """
        for attempt in range(3):
            try:
                return read()
            except (OSError, RuntimeError) as error:
                if not (self.read_only and _VANISHED in str(error)) or attempt == 2:
                    raise
                self._store = self._open_view(self.url.partition(":")[2])
        raise AssertionError("unreachable")

    def _open_view(self, path: str, attempts: int = 60) -> ox.Store:
        """A read-only view of the store at ``path`` that shows it as before any write another
        process has in progress (or left interrupted), and the graphs readers may see in it.

        The journal is read before and after the view is opened: when both readings agree,
        the view was taken in the phase they name. While a large write is *loading*, the graphs
        it began with hold what they held (new ones are written in place, replaced ones into
        staging graphs), so the view shows those alone. While it *commits* (moves staging graphs
        onto their targets, or applies a journaled difference), neither the state before nor
        the state after can be read, and opening is refused, saying whether the write is in
        progress or was interrupted."""
        if not os.path.isfile(os.path.join(path, "CURRENT")):
            raise StoreError(f"cannot open store {self.url}: there is no store in {path} "
                             "(nothing has been loaded into it)")
        assert self._journal is not None
        for attempt in range(attempts):
            entry = self._journal.read()
            try:
                logs = write_ahead_logs(path)
                live = _open_read_only(path)
                if self._journal.read() != entry:   # the write moved on meanwhile: look again
                    time.sleep(0.005 * (attempt + 1))
                    continue
                if entry is not None and entry.phase != "loading":
                    break
                store, pin = _pinned(path, live, logs)
                staging = frozenset(g.value for g in store.named_graphs()
                                    if g.value.startswith(STAGING_PREFIX))
                break
            except (OSError, RuntimeError) as error:  # see _open_read_only
                if _VANISHED not in str(error) or attempt == attempts - 1:
                    raise
                # a writer compacting hard can delete files again before an immediate retry
                # has linked them (CI: 20 attempts in a row failed, then 20 waiting up to 0.1 s
                # on a loaded machine); waiting lets it settle, for up to ~2.5 s in all
                time.sleep(min(0.005 * (attempt + 1), 0.05))
        else:
            raise StoreError(f"cannot open store {self.url}: another process is writing it "
                             "faster than a view of it can be opened; try again")
        if entry is not None and entry.phase != "loading":
            if WriterLock(path).held_elsewhere():
                raise StoreError(f"{self.url} is being written by another process (a claimgraph "
                                 "load, drop or ledger refresh is committing its changes); try "
                                 "again when it has finished")
            raise StoreError(f"{self.url} holds a write that was interrupted while it was "
                             "committed; any command that writes to the store finishes it "
                             f"(for example `claimgraph --store {self.url} optimize`)")
        self._hidden = staging
        self._visible = frozenset(entry.before) if entry is not None else None
        previous, self._pin = self._pin, pin
        if previous is not None:   # the view it pinned is read no more
            previous.close()
        return store

    def graphs(self) -> list[str]:
        return self._reading(self._graphs)

    def _graphs(self) -> list[str]:
        hidden, visible = self._hidden, self._visible
        names = []
        for graph in self._store.named_graphs():
            if type(graph) is not ox.NamedNode:
                continue
            iri = graph.value
            if not _shown(iri, hidden, visible):
                continue
            if not self._holds_quads(graph):
                continue
            names.append(iri)
        return sorted(names)

    def data_version(self) -> int:
        """Bumped by every write through this object. RocksDB lets one process open a store
        read-write, and a read-only handle sees the store as it was when opened, so no other
        writer can change what this handle sees (len() would be a full scan: 0.4 s at 1M)."""
        return self._version

    def count(self, graph_iri: str | None = None) -> int:
        return self._reading(lambda: self._total(graph_iri))

    def _total(self, graph_iri: str | None) -> int:
        hidden, visible = self._hidden, self._visible
        if graph_iri is not None:
            if not _shown(graph_iri, hidden, visible):
                return 0
            return self._count(named_node(graph_iri))
        total = len(self._store)
        if hidden or visible is not None:
            for graph in self._store.named_graphs():
                if type(graph) is ox.NamedNode and not _shown(graph.value, hidden, visible):
                    total -= self._count(graph)
        return total

    def _count(self, graph: ox.NamedNode) -> int:
        result = self._store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                                   named_graphs=[graph])
        return int(next(iter(result))[0].value)

    def _shown_graph(self) -> Callable[[object], bool]:
        """Whether a quad's graph is one a query that names no graph reads now."""
        hidden, visible = self._hidden, self._visible
        if not hidden and visible is None:
            return lambda graph: True
        return lambda graph: type(graph) is ox.NamedNode and _shown(graph.value, hidden, visible)

    def links(self, nodes: Iterable[str], relations: Collection[str], *,
              incoming: bool) -> list[tuple[str, str, str]]:
        """The distinct (node, relation, neighbour) IRIs of the triples that link each of
        ``nodes`` to an IRI by one of ``relations``: ``neighbour relation node`` when
        ``incoming``, else ``node relation neighbour``; over the graphs a query that names none
        reads.

        What the path search reads by SPARQL (rq/path.rq), read from the indexes directly: the
        search reads thousands of rows to keep a few, and a query's per-row cost was ten times
        that of an index scan."""
        wanted, nodes, shown = frozenset(ox.NamedNode(r) for r in relations), list(nodes), \
            self._shown_graph()

        def read() -> list[tuple[str, str, str]]:
            found: list[tuple[str, str, str]] = []
            scan = self._link_source().quads_for_pattern
            for node in nodes:
                term = ox.NamedNode(node)
                if incoming:
                    found.extend((node, q.predicate.value, q.subject.value)
                                 for q in scan(None, None, term, None)
                                 if q.predicate in wanted and type(q.subject) is ox.NamedNode
                                 and shown(q.graph_name))
                else:
                    found.extend((node, q.predicate.value, q.object.value)
                                 for q in scan(term, None, None, None)
                                 if q.predicate in wanted and type(q.object) is ox.NamedNode
                                 and shown(q.graph_name))
            return list(dict.fromkeys(found))   # once, however many graphs hold a triple

        return self._reading(read)

    def relation_links(self, relations: Iterable[str]) -> list[tuple[str, str, str]]:
        """The distinct (subject, relation, object) of every triple by one of ``relations``
        between two IRIs, over the graphs a query that names none reads (what
        rq/system/path-links.rq selects, read from the indexes: ~3x faster)."""
        relations, shown = list(relations), self._shown_graph()

        def read() -> list[tuple[str, str, str]]:
            found: list[tuple[str, str, str]] = []
            for relation in relations:
                found.extend(
                    (q.subject.value, relation, q.object.value)
                    for q in self._link_source().quads_for_pattern(
                        None, ox.NamedNode(relation), None, None)
                    if type(q.subject) is ox.NamedNode and type(q.object) is ox.NamedNode
                    and shown(q.graph_name))
            return list(dict.fromkeys(found))

        return self._reading(read)

    def dump_visible(self, out: IO[bytes]) -> None:
        """Write every quad readers see (not those of a load in progress) as N-Quads."""
        hidden, visible = self._hidden, self._visible
        skip = {g.value for g in self._store.named_graphs()
                if type(g) is ox.NamedNode and not _shown(g.value, hidden, visible)}
        if not skip:
            self._store.dump(out, ox.RdfFormat.N_QUADS)
            return
        ox.serialize((q for q in self._store.quads_for_pattern(None, None, None, None)
                      if type(q.graph_name) is not ox.NamedNode
                      or q.graph_name.value not in skip), out, ox.RdfFormat.N_QUADS)

    @classmethod
    def memory_from_nquads(cls, path: str) -> "OxigraphStore":
        """A ``memory:`` store holding the quads of an N-Quads file (as ``dump_visible`` writes).

        Oxigraph's streaming parser refuses any term longer than 16 MiB (MemoryError "Reached
        the buffer maximal size"), and an update can write a literal that long. Parsing the
        file from memory has no such limit, so such a file is read whole and parsed again:
        slower, and it holds the file's bytes while it loads, but the copy is complete."""
        try:
            return cls._memory_loaded(path=path)
        except MemoryError:
            pass
        try:
            with open(path, "rb") as file:
                data = file.read()
        except OSError as error:
            raise StoreError(f"cannot load {path} into memory: {error}") from None
        return cls._memory_loaded(input=data)

    @classmethod
    def _memory_loaded(cls, **source: object) -> "OxigraphStore":
        store = cls(None)
        try:
            store._store.bulk_load(format=ox.RdfFormat.N_QUADS, **source)
        except (OSError, SyntaxError, ValueError) as error:
            where = source.get("path", "the snapshot")
            raise StoreError(f"cannot load {where} into memory: {error}") from None
        return store

    def export(self, out, rdflib_format: str, graph_iri: str | None = None,
               leave_out: Collection[str] = ()) -> None:
        fmt = _EXPORT_FORMATS.get(rdflib_format)
        hidden, visible = self._hidden, self._visible
        restricted = bool(hidden) or visible is not None or bool(leave_out)
        if (fmt is None or (graph_iri is None and not fmt.supports_datasets)
                or (graph_iri is not None and not _shown(graph_iri, hidden, visible))):
            super().export(out, rdflib_format, graph_iri, leave_out)
        elif graph_iri is None and restricted:  # a view of a store being written: graph by graph
            shown = self._shown_graph()
            ox.serialize((q for q in self._store.quads_for_pattern(None, None, None, None)
                          if shown(q.graph_name) and not (type(q.graph_name) is ox.NamedNode
                                                          and q.graph_name.value in leave_out)),
                         out, fmt)
        elif graph_iri is not None and fmt.supports_datasets:
            # dump(from_graph=) would write the graph's triples into the default graph
            ox.serialize(self._store.quads_for_pattern(None, None, None, named_node(graph_iri)),
                         out, fmt)
        else:
            graph = named_node(graph_iri) if graph_iri is not None else None
            self._store.dump(out, fmt, from_graph=graph)

    # -- writing -----------------------------------------------------------------------------

    def update(self, sparql: str) -> None:
        self._writable()
        with self._lock, self._writing():
            try:
                self._store.update(sparql)
            except SyntaxError as error:
                raise QuerySyntaxError(str(error)) from None
            except RuntimeError as error:
                message = str(error)
                for words, missing in (("does not exist", True), ("already exists", False)):
                    if message.endswith(words):   # Oxigraph's words for a graph it refuses
                        raise UpdateConflict(message, missing=missing) from None
                raise StoreError(f"update failed: {error}") from None
            except (OSError, ValueError) as error:
                raise StoreError(f"update failed: {error}") from None

    def remove_graph(self, graph_iri: str) -> bool:
        self._writable()
        graph = named_node(graph_iri)
        with self._lock, self._writing():
            existed = self._store.contains_named_graph(graph) and self._count(graph) > 0
            self._store.remove_graph(graph)
            return existed

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple]]) -> dict[str, int]:
        self._writable()
        # triples held in a collection can be read twice: a large replacement then finds its
        # difference without holding every quad (oxigraph_writes)
        held = all(isinstance(t, Collection) for t in graphs.values())
        again = (lambda only=None: graphs_as_quads(graphs, only)) if held else None
        size = sum(len(t) for t in graphs.values()) if held else None  # type: ignore[arg-type]
        return self._replace(graphs_as_quads(graphs), list(graphs), again, size)

    def load_file(self, path: str, media_type: str, *, default_graph: str,
                  base_iri: str | None = None,
                  progress: Callable[..., None] | None = None,
                  refuse: Collection[str] = (),
                  check: QuadCheck | None = None,
                  before_visible: Callable[[], None] | None = None) -> dict[str, int]:
        self._writable()
        target = named_node(default_graph)
        if media_type in native.LINE_FORMATS:
            with self._lock:
                if (next(iter(self._store.named_graphs()), None) is None
                        and native.longest_line_within(path, MAX_LITERAL_CHARS)):
                    counts = self._native_load(path, media_type, target, base_iri, progress,
                                               refuse, check, before_visible)
                    if counts is not None:
                        return counts
        if before_visible is not None:
            before_visible()
        quads = stream_quads(path, media_type, default_graph=default_graph,
                             base_iri=base_iri, progress=progress, refuse=refuse, check=check)
        return self._write(quads, [])

    def optimize(self) -> None:
        """RocksDB's full compaction of every index (Oxigraph's ``optimize``). The bulk loader
        adds each batch of a load, and each 500k quads of a first ledger, as index files of
        their own, which every later read of an index must consult; merged, the catalog's
        slowest cases at 10M triples ran 10-45% faster (docs/scaling.md)."""
        self._writable()
        with self._lock:
            try:
                self._store.optimize()
            except (OSError, RuntimeError) as error:
                raise StoreError(f"optimizing {self.url} failed: {error}") from None

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.url} is open read-only")

    def close(self) -> None:
        store, self._store = getattr(self, "_store", None), None  # type: ignore[assignment]
        if store is not None and not self.read_only and self._journal:
            store.flush()
        del store   # RocksDB's lock goes with the last reference to the store
        if self._writer is not None:
            self._writer.release()
        if self._pin is not None:
            self._pin.close()
            self._pin = None

