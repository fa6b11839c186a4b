"""The embedded Oxigraph store: ``oxigraph:PATH`` (persistent, RocksDB) and ``memory:``.

Queries that name no graph run over the union of the named graphs. Writes are atomic in one of
two ways, chosen by size:

* small writes (up to SMALL_WRITE quads, every annotation file) are one Oxigraph transaction:
  ``extend`` when every graph is new, else one ``DROP SILENT GRAPH ...; INSERT DATA ...`` update;
* large writes stream through ``bulk_extend`` (bounded memory, not a transaction): new graphs are
  written in place, replaced graphs into staging graphs, all hidden from this store's readers
  until the write commits, with a :mod:`journal` that lets the next open undo an interrupted load.
  A large N-Quads or N-Triples file loaded into a store that names no graph yet (the first load)
  goes the same way through Oxigraph's own ``bulk_load``, which parses the file itself
  (:mod:`native`): nothing can be replaced, so nothing needs renaming.
  Known limit: while a *large* existing graph is swapped for its new version (after the load
  committed), readers of this process see that graph absent for the duration of the copy.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import re
import threading
import time
import uuid
from pathlib import Path
from typing import IO, Callable, Iterable, Iterator, Mapping, TypeVar

import pyoxigraph as ox
from claimgraph.graph.backends.journal import Journal, JournalEntry
from claimgraph.graph.backends.terms import (Solutions, TermError, named_node, query_result,
                                             graphs_as_quads, solutions_result,
                                             stream_quads)
from claimgraph.graph.store import (QueryResult, QuerySyntaxError, ReadOnlyError, Store,
                                    StoreError, Triple)

from claimgraph.graph.backends import native
from claimgraph.graph.backends.terms import MAX_LITERAL_CHARS, format_of

STAGING_PREFIX = "urn:claimgraph:staging:"
SMALL_WRITE = 50_000
# A query with its own FROM / FROM NAMED keeps its dataset (the union flag would override it).
_DATASET_CLAUSE = re.compile(r"\bFROM\s+(NAMED\s+)?(<|[A-Za-z_][\w.-]*:)", re.IGNORECASE)
_EXPORT_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "nt": ox.RdfFormat.N_TRIPLES,
                   "nquads": ox.RdfFormat.N_QUADS, "trig": ox.RdfFormat.TRIG,
                   "json-ld": ox.RdfFormat.JSON_LD, "xml": ox.RdfFormat.RDF_XML}


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
_T = TypeVar("_T")
_R = TypeVar("_R")


def _key(graph: ox.NamedNode | ox.BlankNode) -> str:
    """How the journal lists a graph name (blank nodes, which only the native loader makes,
    as ``_:id``, which no IRI can be)."""
    return graph.value if type(graph) is ox.NamedNode else f"_:{graph.value}"


def _shown(iri: str, hidden: frozenset[str], visible: frozenset[str] | None) -> bool:
    """Whether readers may see graph ``iri`` (not one a write in progress is filling)."""
    return (iri not in hidden and (visible is None or iri in visible)
            and not iri.startswith(STAGING_PREFIX))


class OxigraphStore(Store):
    """A pyoxigraph ``Store`` behind the claimgraph Store interface."""

    def __init__(self, path: str | None = None, *, read_only: bool = False) -> None:
        self.url = f"oxigraph:{path}" if path else "memory:"
        self.read_only = read_only
        self._lock = threading.RLock()
        self._hidden: frozenset[str] = frozenset()
        # During a large write: the only named graphs readers may see (those it began with).
        self._visible: frozenset[str] | None = None
        self._version = 0
        self._journal = Journal(path) if path else None
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                self._store = _open_read_only(path)
            else:
                self._store = ox.Store(path)
            for attempt in range(20):
                try:
                    self._recover()
                    break
                except (OSError, RuntimeError) as error:  # see _open_read_only
                    if not (read_only and _VANISHED in str(error)) or attempt == 19:
                        raise
                    self._store = _open_read_only(path)
        except (OSError, RuntimeError) as error:
            raise StoreError(f"cannot open store {self.url}: {error}") from None

    @classmethod
    def from_url(cls, scheme: str, rest: str, read_only: bool = False) -> "OxigraphStore":
        """Open ``memory:`` or ``oxigraph:PATH``."""
        if scheme == "memory":
            if rest:
                raise StoreError(f"memory: takes no path (got {rest!r})")
            return cls(None)
        if not rest:
            raise StoreError("oxigraph: needs a folder, for example oxigraph:./claimgraph-data")
        return cls(os.path.abspath(os.path.expanduser(rest)), read_only=read_only)

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

    def _query(self, convert: Callable[[object], _R], sparql: str,
               default_graph_uris: list[str] | None, named_graph_uris: list[str] | None,
               base_iri: str | None) -> _R:
        options: dict[str, object] = {}
        hidden, visible = self._hidden, self._visible
        try:
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
                self._store = _open_read_only(self.url.partition(":")[2])
        raise AssertionError("unreachable")

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
            if next(iter(self._store.quads_for_pattern(None, None, None, graph)), None) is None:
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
        """A ``memory:`` store holding the quads of an N-Quads file (as ``dump_visible`` writes)."""
        store = cls(None)
        try:
            store._store.bulk_load(path=path, format=ox.RdfFormat.N_QUADS)
        except (OSError, SyntaxError, ValueError) as error:
            raise StoreError(f"cannot load {path} into memory: {error}") from None
        return store

    def export(self, out, rdflib_format: str, graph_iri: str | None = None) -> None:
        fmt = _EXPORT_FORMATS.get(rdflib_format)
        if (fmt is None or self._hidden or self._visible is not None
                or (graph_iri is None and not fmt.supports_datasets)):
            super().export(out, rdflib_format, graph_iri)
            return
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
            except (OSError, RuntimeError, ValueError) as error:
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
        return self._write(graphs_as_quads(graphs), list(graphs))

    def load_file(self, path: str, media_type: str, *, default_graph: str,
                  base_iri: str | None = None,
                  progress: Callable[..., None] | None = None) -> dict[str, int]:
        self._writable()
        target = named_node(default_graph)
        if media_type in native.LINE_FORMATS:
            with self._lock:
                if (next(iter(self._store.named_graphs()), None) is None
                        and native.longest_line_within(path, MAX_LITERAL_CHARS)):
                    counts = self._native_load(path, media_type, target, base_iri, progress)
                    if counts is not None:
                        return counts
        quads = stream_quads(path, media_type, default_graph=default_graph,
                             base_iri=base_iri, progress=progress)
        return self._write(quads, [])

    def _native_load(self, path: str, media_type: str, target: ox.NamedNode,
                     base_iri: str | None, progress: Callable[..., None] | None
                     ) -> dict[str, int] | None:
        """Load into a store that names no graph with Oxigraph's own parser (see the module
        docstring), journaled and hidden like a bulk write. None (and nothing written) when the
        file turned out to need the Python path: it names a graph with a blank node, which
        claimgraph files under ``target`` and the native loader would keep as a graph of its own.
        """
        with self._writing():
            entry = JournalEntry(uuid.uuid4().hex, "loading", [])
            if self._journal:
                self._journal.write(entry)
            self._visible = frozenset()
            leftovers = set(self._bulk_files())
            try:
                with native.Watcher(path, progress):
                    self._store.bulk_load(path=path, format=format_of(media_type),
                                          base_iri=base_iri, to_graph=target)
                self._store.flush()
                if any(type(g) is not ox.NamedNode for g in self._store.named_graphs()):
                    self._undo(entry)
                    return None
                counts = {row[0].value: int(row[1].value) for row in self._store.query(
                    "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")}
            except BaseException:
                for stray in set(self._bulk_files()) - leftovers:  # see _bulk_write
                    stray.unlink(missing_ok=True)
                self._undo(entry)
                raise
            if self._journal:
                self._journal.clear()
            self._visible = None
            return dict(sorted(counts.items()))

    def _write(self, quads: Iterator[ox.Quad], targets: list[str]) -> dict[str, int]:
        """Replace every graph in ``targets`` or named by a quad, atomically."""
        with self._lock, self._writing():
            head = list(itertools.islice(quads, SMALL_WRITE + 1))
            if len(head) <= SMALL_WRITE:
                names = self._small_write(head, targets)
            else:
                names = self._bulk_write(itertools.chain(head, quads), targets)
            return {name: self._count(ox.NamedNode(name)) for name in names}

    def _small_write(self, quads: list[ox.Quad], targets: list[str]) -> list[str]:
        by_graph: dict[str, list[ox.Quad]] = {name: [] for name in targets}
        for quad in quads:
            by_graph.setdefault(quad.graph_name.value, []).append(quad)
        existing = [n for n in by_graph if self._store.contains_named_graph(ox.NamedNode(n))]
        if not existing:
            self._store.extend(quads)
            return list(by_graph)
        parts = [f"DROP SILENT GRAPH <{name}> ;" for name in existing]
        parts.append("INSERT DATA {")
        for name, graph_quads in by_graph.items():
            if graph_quads:
                parts.append(f"GRAPH <{name}> {{")
                parts.extend(f"{q.subject} {q.predicate} {q.object} ." for q in graph_quads)
                parts.append("}")
        parts.append("}")
        self._store.update("\n".join(parts))
        return list(by_graph)

    def _bulk_write(self, quads: Iterator[ox.Quad], targets: list[str]) -> list[str]:
        load_id = uuid.uuid4().hex
        before = {_key(g) for g in self._store.named_graphs()}
        entry = JournalEntry(load_id, "loading", sorted(before))
        if self._journal:
            self._journal.write(entry)
        # Readers see only the graphs that existed (replaced ones in their old version) until
        # the commit. A new graph is written in place; a replaced one into a staging graph.
        self._visible = frozenset(before)
        physical: dict[str, ox.NamedNode | None] = {}  # name -> its staging graph, or None

        def relabel() -> Iterator[ox.Quad]:
            for quad in quads:
                name = quad.graph_name.value
                try:
                    node = physical[name]
                except KeyError:
                    node = physical[name] = self._staging(load_id, len(physical), name, before)
                yield quad if node is None else ox.Quad(quad.subject, quad.predicate,
                                                        quad.object, node)

        leftovers = set(self._bulk_files())
        try:
            self._store.bulk_extend(relabel())
            self._store.flush()
        except BaseException:
            # A failed bulk load (a full disk, a bad quad) leaves its partial SST file behind;
            # remove it first: on a full disk nothing else, not even reopening, could succeed.
            for stray in set(self._bulk_files()) - leftovers:
                stray.unlink(missing_ok=True)
            self._undo(entry)
            raise
        for name in targets:  # graphs replaced by nothing: drop them at commit
            if name not in physical and name in before:
                physical[name] = self._staging(load_id, len(physical), name, before)
        entry.phase = "commit"
        entry.moves = {node.value: name for name, node in physical.items() if node is not None}
        if self._journal and entry.moves:
            self._journal.write(entry)
        self._finish(entry)
        return list(physical)

    @staticmethod
    def _staging(load_id: str, number: int, name: str, before: set[str]) -> ox.NamedNode | None:
        """Where a bulk write puts graph ``name``: a staging graph if it exists, else in place."""
        return ox.NamedNode(f"{STAGING_PREFIX}{load_id}/{number}") if name in before else None

    def _bulk_files(self) -> list[Path]:
        """The bulk loader's temporary SST files in the store's folder."""
        folder = self.url.partition(":")[2] if self._journal else None
        return list(Path(folder).glob("bulk-*.sst")) if folder else []

    def _finish(self, entry: JournalEntry) -> None:
        """Move each staging graph onto its target (idempotent: safe to redo after a crash)."""
        small = []
        for staging, target in entry.moves.items():
            size = self._count(ox.NamedNode(staging))
            if size <= SMALL_WRITE:
                small.append(f"DROP SILENT GRAPH <{target}> ; MOVE SILENT <{staging}> TO <{target}>")
                continue
            target_node, staging_node = ox.NamedNode(target), ox.NamedNode(staging)
            self._hidden = self._hidden | {target}
            self._store.remove_graph(target_node)
            self._store.bulk_extend(
                ox.Quad(q.subject, q.predicate, q.object, target_node)
                for q in self._store.quads_for_pattern(None, None, None, staging_node))
            self._store.flush()
            self._store.remove_graph(staging_node)
        if small:
            self._store.update(" ;\n".join(small))
        if self._journal:
            self._journal.clear()
        self._hidden = frozenset()
        self._visible = None

    def _undo(self, entry: JournalEntry) -> None:
        """Drop every graph an interrupted load created (staging or new)."""
        before = set(entry.before)
        for graph in list(self._store.named_graphs()):
            if _key(graph) not in before or graph.value.startswith(STAGING_PREFIX):
                self._store.remove_graph(graph)
        if self._journal:
            self._journal.clear()
        self._hidden, self._visible = frozenset(), None

    def _recover(self) -> None:
        entry = self._journal.read() if self._journal else None
        if self.read_only:
            if entry is not None:
                raise StoreError(f"{self.url} holds an interrupted load; open it read-write "
                                 "once (any claimgraph command) to recover it")
            self._hidden = frozenset(g.value for g in self._store.named_graphs()
                                     if g.value.startswith(STAGING_PREFIX))
            return
        if entry is not None and entry.phase == "commit":
            self._finish(entry)
        elif entry is not None:
            self._undo(entry)
        for graph in list(self._store.named_graphs()):  # leftovers of an interrupted write
            if type(graph) is ox.NamedNode and graph.value.startswith(STAGING_PREFIX):
                self._store.remove_graph(graph)

    @contextlib.contextmanager
    def _writing(self) -> Iterator[None]:
        # bumped before and after: names read while the write runs are re-read afterwards
        self._version += 1
        try:
            yield
        finally:
            self._version += 1

    def _writable(self) -> None:
        if self.read_only:
            raise ReadOnlyError(f"{self.url} is open read-only")

    def close(self) -> None:
        if not self.read_only and self._journal:
            self._store.flush()
        self._store = None  # type: ignore[assignment]

