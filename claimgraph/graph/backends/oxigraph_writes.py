"""How the embedded Oxigraph store writes atomically: the write half of :mod:`oxigraph`.

Writes are atomic in one of three ways, chosen by size:

* small writes (up to SMALL_WRITE quads, every annotation file) are one Oxigraph transaction:
  ``extend`` when every graph is new, else one ``DROP SILENT GRAPH ...; INSERT DATA ...`` update;
* a replacement of existing graphs that changes at most DIFFERENCE_CHANGES of their quads (a
  refreshed claim ledger, a re-linked graph) is written as its difference, one ``DELETE DATA
  ...; INSERT DATA ...`` transaction, instead of rewriting every quad twice. The difference is
  found by streaming the existing quads against the new ones (held, or above DIFFERENCE_READ
  their 16-byte digests, when they can be read twice: a list, a graph). One more article
  shifts the ledger's dense rankings (docs/claim-ledger.md), so a refresh changes many quads:
  at 1M triples ~150k of the ledger's 330k, one 3 s transaction, where removing and copying
  the whole graph took 28 s (removing a graph costs ~30 us a quad). A larger difference of an
  on-disk store is written to files, journaled and applied in chunks (:mod:`difference`);
* large writes stream through ``bulk_extend`` (bounded memory, not a transaction): new graphs are
  written in place, replaced graphs into staging graphs, all hidden from this store's readers
  until the write commits, with a :mod:`journal` that lets the next open undo an interrupted load.
  A replaced graph of at most KEPT_IN_JOURNAL quads (a first ledger replaces the stale mark its
  load wrote) is written in place too, its old quads kept in the journal for the undo.
  A large N-Quads or N-Triples file loaded into a store that names no graph yet (the first load)
  goes the same way through Oxigraph's own ``bulk_load``, which parses the file itself
  (:mod:`native`): nothing can be replaced, so nothing needs renaming.
  Known limit: while a *large* existing graph is swapped for its new version (after the load
  committed), readers of this process see that graph absent for the duration of the copy.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import threading
import uuid
from pathlib import Path
from typing import Callable, Collection, Container, Iterator

import pyoxigraph as ox
from claimgraph.graph.backends import difference, native
from claimgraph.graph.backends.difference import Changes, data_block
from claimgraph.graph.backends.journal import Journal, JournalEntry
from claimgraph.graph.backends.terms import format_of
from claimgraph.graph.store import STAGING_PREFIX, QuadCheck, RefusedGraphError
# Streams the new quads of a replacement again: all, or only those at the given positions.
Again = Callable[..., Iterator[ox.Quad]]
SMALL_WRITE = 50_000
# New quads held, at most, to decide how to write a replacement (memory: ~0.5 KB each).
DIFFERENCE_READ = 1_000_000
# Changed quads, at most, written as the difference of a replacement: one update, which holds
# ~2.5 KB a quad until it commits (500k removed and 500k added: 17 s and 1.2 GB on disk).
DIFFERENCE_CHANGES = 500_000
# Quads handed to Oxigraph's bulk loader at a time when the caller holds the new quads (a
# derived ledger): in one call the loader keeps 1M-quad batches on two threads, ~1.2 GB on top
# of what the caller holds (the peak of a 10M refresh: 3.7 GB). In chunks of 500k it kept
# ~0.5 GB, writing 4.4M quads in 45 s instead of 33.
BULK_CHUNK = 500_000
# A replaced graph holding at most this many quads is written in place by a bulk write, its old
# quads kept in the journal for an undo, instead of into a staging graph copied onto it at
# commit (copying a first ledger of 440k quads onto the one-quad stale mark took ~40 s at 1M)
KEPT_IN_JOURNAL = 1_000


def graph_key(graph: ox.NamedNode | ox.BlankNode) -> str:
    """How the journal lists a graph name (blank nodes, which only the native loader makes,
    as ``_:id``, which no IRI can be)."""
    return graph.value if type(graph) is ox.NamedNode else f"_:{graph.value}"


class AtomicWrites:
    """The write machinery of OxigraphStore (which provides the attributes below)."""

    url: str
    _lock: threading.RLock
    _store: ox.Store
    _journal: Journal | None
    _hidden: frozenset[str]
    _visible: frozenset[str] | None
    _version: int

    def _count(self, graph: ox.NamedNode) -> int:
        raise NotImplementedError

    def _holds_quads(self, graph: ox.NamedNode) -> bool:
        return next(iter(self._store.quads_for_pattern(None, None, None, graph)), None) is not None

    def _nquads(self, name: str) -> str:
        """The quads of graph ``name`` as N-Quads text (for a graph of a few quads)."""
        return ox.serialize(self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)),
                            format=ox.RdfFormat.N_QUADS).decode("utf-8")

    def _hold_at_most(self, names: list[str], limit: int) -> bool:
        """Whether the named graphs hold at most ``limit`` quads together (read no further)."""
        held = itertools.chain.from_iterable(
            self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)) for name in names)
        return sum(1 for _ in itertools.islice(held, limit + 1)) <= limit

    def _native_load(self, path: str, media_type: str, target: ox.NamedNode,
                     base_iri: str | None, progress: Callable[..., None] | None,
                     refuse: Collection[str] = (),
                     check: QuadCheck | None = None,
                     before_visible: Callable[[], None] | None = None) -> dict[str, int] | None:
        """Load into a store that names no graph with Oxigraph's own parser (see the module
        docstring), journaled and hidden like a bulk write. None (and nothing written) when the
        file turned out to need the Python path: it names a graph with a blank node, which
        claimgraph files under ``target`` and the native loader would keep as a graph of its own.
        A graph of ``refuse`` or under STAGING_PREFIX in the file undoes the load
        (RefusedGraphError), as does a quad ``check`` refuses (RefusedTripleError): the store
        was empty, so the quads that match the check's patterns are the file's.
        ``before_visible`` runs once the file is in, before the journal lets it be seen: what it
        writes is undone with the load if the process dies first.
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
                refused = sorted(name for name in counts
                                 if name in refuse or name.startswith(STAGING_PREFIX))
                if refused:
                    raise RefusedGraphError(refused[0])
                for predicate, value in check.patterns() if check is not None else ():
                    for quad in self._store.quads_for_pattern(
                            None, ox.NamedNode(predicate),
                            None if value is None else ox.NamedNode(value), None):
                        check(quad)
                if before_visible is not None:
                    before_visible()
            except BaseException:
                for stray in set(self._bulk_files()) - leftovers:  # see _bulk_write
                    stray.unlink(missing_ok=True)
                self._undo(entry)
                raise
            if self._journal:
                self._journal.clear()
            self._visible = None
            return dict(sorted(counts.items()))

    def _write(self, quads: Iterator[ox.Quad], targets: list[str],
               chunk: int | None = None) -> dict[str, int]:
        """Replace every graph in ``targets`` or named by a quad, atomically; a large write
        goes to the bulk loader ``chunk`` quads at a time when given (see BULK_CHUNK)."""
        with self._lock, self._writing():
            head = list(itertools.islice(quads, SMALL_WRITE + 1))
            if len(head) <= SMALL_WRITE:
                names = self._small_write(head, targets)
            else:
                names = self._bulk_write(itertools.chain(head, quads), targets, chunk)
            return {name: self._count(ox.NamedNode(name)) for name in names}

    def _small_write(self, quads: list[ox.Quad], targets: list[str]) -> list[str]:
        names = list(dict.fromkeys([*targets, *(quad.graph_name.value for quad in quads)]))
        existing = [n for n in names if self._store.contains_named_graph(ox.NamedNode(n))]
        if not existing:
            self._store.extend(quads)
            return names
        self._store.update("".join(f"DROP SILENT GRAPH <{name}> ;\n" for name in existing)
                           + data_block("INSERT DATA", quads))
        return names

    def _replace(self, stream: Iterator[ox.Quad], targets: list[str],
                 again: Again | None = None, size: int | None = None) -> dict[str, int]:
        """Make the target graphs hold exactly the streamed quads: as their difference when
        it is at most DIFFERENCE_CHANGES quads (one transaction), else as a write of every quad.
        At most DIFFERENCE_READ new quads are held to decide; beyond, ``again`` (when given)
        streams the same quads anew (``again(positions)``: only those, in stream order).
        ``size``, when known, is how many quads the stream holds (repeats included)."""
        with self._lock:
            few = (size is not None and size > KEPT_IN_JOURNAL + SMALL_WRITE
                   and self._hold_at_most(targets, KEPT_IN_JOURNAL))
            if few or not any(self._holds_quads(ox.NamedNode(name)) for name in targets):
                # nothing to compare with (a store's first ledger), or too little for the
                # difference to be small (a first ledger replacing the stale mark its load
                # wrote): the quads are converted once, straight into the write (at 10M
                # triples, the first refresh converted the 4M-quad ledger twice and digested it
                # once, ~25 s, to find no difference; at 1M, comparing with the mark alone
                # raised the load's peak RSS from 965 MiB to 1.7 GiB)
                return self._write(stream, targets, BULK_CHUNK if again is not None else None)
        # too many to hold, known beforehand: none is converted only to be dropped
        too_many = again is not None and size is not None and size > DIFFERENCE_READ
        quads = [] if too_many else list(itertools.islice(stream, DIFFERENCE_READ + 1))
        # held quads are compared as themselves (hashing a quad is 4x cheaper than a digest);
        # re-streamed ones by digest, so that only 16 bytes a quad are held
        key: Callable[[ox.Quad], object] = _same
        if too_many or len(quads) > DIFFERENCE_READ:
            if again is None:
                return self._write(itertools.chain(quads, stream), targets)
            del quads
            limit, key = DIFFERENCE_CHANGES, _digest
        elif len(quads) > SMALL_WRITE:
            again, limit = _held(quads), DIFFERENCE_CHANGES
        else:
            return self._write(iter(quads), targets)
        with self._lock:
            change = self._difference(again, targets, limit, key, self._folder())
            if change is None:
                return self._write(again(), targets, BULK_CHUNK)
            removed, added = change
            with self._writing():
                if removed.path is None and added.path is None:
                    blocks = [data_block(kind, part.held) for kind, part in
                              (("DELETE DATA", removed), ("INSERT DATA", added)) if part.held]
                    if blocks:
                        self._store.update(" ;\n".join(blocks))
                else:
                    self._apply_journaled(removed, added, targets)
            return {name: self._count(ox.NamedNode(name)) for name in targets}

    def _apply_journaled(self, removed: Changes, added: Changes, targets: list[str]) -> None:
        """Apply a difference too large for one transaction (see :mod:`difference`)."""
        assert removed.path is not None and added.path is not None and self._journal is not None
        entry = JournalEntry(uuid.uuid4().hex, "difference", [],
                             changes={"removed": removed.path.name, "added": added.path.name})
        for part in (removed, added):
            part.close()
        self._journal.write(entry)
        hidden = self._hidden
        # left hidden if the application fails: the next open of the store finishes it
        self._hidden = hidden | set(targets)
        self._finish_difference(entry)
        self._hidden = hidden

    def _finish_difference(self, entry: JournalEntry) -> None:
        """Apply a journaled difference (again, after a crash: it is idempotent) and clear it."""
        folder = self._folder()
        assert folder is not None and self._journal is not None
        removed, added = (folder / entry.changes[kind] for kind in ("removed", "added"))
        difference.apply(self._store, removed, added)
        self._journal.clear()
        removed.unlink(missing_ok=True)
        added.unlink(missing_ok=True)

    def _folder(self) -> Path | None:
        """The store's folder (None in memory, where nothing is journaled)."""
        return Path(self.url.partition(":")[2]) if self._journal else None

    def _difference(self, again: Again, targets: list[str],
                    limit: int, key: Callable[[ox.Quad], object] | None = None,
                    spill_to: Path | None = None) -> tuple[Changes, Changes] | None:
        """(removed, added) that turn the existing target graphs into the quads ``again()``
        streams, compared by ``key`` (by default their digests: two passes over the new quads,
        one over the existing ones; only keys and changed quads are held). Beyond ``limit``
        changed quads, both are written to files in ``spill_to`` (see :mod:`difference`), or,
        without it, there is no difference to write. None also when the targets are empty or
        a blank node appears (it cannot be matched across writes); a limit of 0 turns the
        difference path off."""
        if limit <= 0:
            return None
        removed, added = Changes(), Changes()
        try:
            if self._compare(again, targets, limit, key or _digest, spill_to, removed, added):
                return removed, added
        except BaseException:
            removed.discard()
            added.discard()
            raise
        removed.discard()
        added.discard()
        return None

    def _compare(self, again: Again, targets: list[str], limit: int,
                 key: Callable[[ox.Quad], object], spill_to: Path | None,
                 removed: Changes, added: Changes) -> bool:
        """Fill ``removed`` and ``added`` (see _difference); False when there is no difference
        to write."""
        def over_limit() -> bool:
            if len(removed) + len(added) <= limit or removed.path is not None:
                return False
            if spill_to is None:
                return True
            paths = difference.spill_paths(spill_to, uuid.uuid4().hex)
            removed.spill(paths[0])
            added.spill(paths[1])
            return False

        new: set = set()
        order: list = []   # the new quads' keys in stream order: the added are found by them
        for quad in again():
            if _has_blank_node(quad):
                return False
            found = key(quad)
            new.add(found)
            order.append(found)
        kept: set = set()
        for name in targets:
            for quad in self._store.quads_for_pattern(None, None, None, ox.NamedNode(name)):
                if _has_blank_node(quad):
                    return False
                found = key(quad)
                if found in new:
                    kept.add(found)
                else:
                    removed.append(quad)
                    if over_limit():
                        return False
        if not kept and not len(removed):
            return False
        del new
        positions = set()
        for position, found in enumerate(order):
            if found not in kept:
                kept.add(found)   # a quad streamed twice is added once
                positions.add(position)
        del order
        # converted again only where added (re-converting every quad took 20 s at 10M triples)
        for quad in again(positions) if positions else ():
            added.append(quad)
            if over_limit():
                return False
        return True

    def _bulk_write(self, quads: Iterator[ox.Quad], targets: list[str],
                    chunk: int | None = None) -> list[str]:
        load_id = uuid.uuid4().hex
        before = {graph_key(g) for g in self._store.named_graphs()}
        kept = {name: self._nquads(name) for name in targets
                if name in before and self._hold_at_most([name], KEPT_IN_JOURNAL)}
        before -= kept.keys()   # written in place, as new graphs are: hidden until the commit
        entry = JournalEntry(load_id, "loading", sorted(before), kept=kept)
        if self._journal:
            self._journal.write(entry)
        for name in kept:
            self._store.remove_graph(ox.NamedNode(name))
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
            stream = relabel()
            if chunk is None:
                self._store.bulk_extend(stream)
            else:
                for first in stream:   # each call takes the first and the chunk's others
                    self._store.bulk_extend(itertools.chain([first],
                                                            itertools.islice(stream, chunk - 1)))
            self._store.flush()
        except BaseException:
            # A failed bulk load (a full disk, a bad quad) leaves its partial SST file behind;
            # remove it first: on a full disk nothing else, not even reopening, could succeed.
            for stray in set(self._bulk_files()) - leftovers:
                stray.unlink(missing_ok=True)
            self._undo(entry)
            raise
        entry.phase = "commit"
        entry.moves = {node.value: name for name, node in physical.items() if node is not None}
        # graphs replaced by nothing: dropped at commit
        entry.drops = [name for name in targets if name not in physical and name in before]
        if self._journal and (entry.moves or entry.drops):
            self._journal.write(entry)
        self._finish(entry)
        return [*physical, *entry.drops]

    @staticmethod
    def _staging(load_id: str, number: int, name: str, before: set[str]) -> ox.NamedNode | None:
        """Where a bulk write puts graph ``name``: a staging graph if it exists, else in place."""
        return ox.NamedNode(f"{STAGING_PREFIX}{load_id}/{number}") if name in before else None

    def _bulk_files(self) -> list[Path]:
        """The bulk loader's temporary SST files in the store's folder."""
        folder = self._folder()
        return list(folder.glob("bulk-*.sst")) if folder else []

    def _finish(self, entry: JournalEntry) -> None:
        """Move each staging graph onto its target and drop the targets replaced by nothing.

        Idempotent, so that recovery can redo it after a crash at any point, also after the
        moves committed and before the journal was cleared: a staging graph is written only
        by the load (it holds at least one quad), so one that holds none has been moved
        already, and its target, which now holds the new version, is left alone. (Redoing the
        move regardless dropped every replaced graph of a load killed at that point.)"""
        small = [f"DROP SILENT GRAPH <{target}>" for target in entry.drops]
        for staging, target in entry.moves.items():
            staging_node = ox.NamedNode(staging)
            if not self._holds_quads(staging_node):
                continue
            size = self._count(staging_node)
            if size <= SMALL_WRITE:
                small.append(f"DROP SILENT GRAPH <{target}> ; MOVE SILENT <{staging}> TO <{target}>")
                continue
            target_node = ox.NamedNode(target)
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
        """Drop every graph an interrupted load created (staging, new, or written in place
        over a few kept quads), and put the kept quads back."""
        before = set(entry.before)
        for graph in list(self._store.named_graphs()):
            if graph_key(graph) not in before or graph.value.startswith(STAGING_PREFIX):
                self._store.remove_graph(graph)
        for text in entry.kept.values():
            self._store.extend(ox.parse(text.encode("utf-8"), format=ox.RdfFormat.N_QUADS))
        if self._journal:
            self._journal.clear()
        self._hidden, self._visible = frozenset(), None

    def _recover(self) -> None:
        """Undo or finish what the journal says a write left interrupted (on an open for
        writing; a read-only view shows the store as before it, see OxigraphStore._open_view)."""
        entry = self._journal.read() if self._journal else None
        if entry is not None and entry.phase == "commit":
            self._finish(entry)
        elif entry is not None and entry.phase == "difference":
            self._finish_difference(entry)
        elif entry is not None:
            self._undo(entry)
        folder = self._folder()
        for stray in difference.stray_files(folder) if folder else ():  # never journaled
            stray.unlink()
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


def _has_blank_node(quad: ox.Quad) -> bool:
    return type(quad.subject) is ox.BlankNode or type(quad.object) is ox.BlankNode


def _held(quads: list[ox.Quad]) -> Again:
    """``again`` for quads held in a list."""
    def again(only: Container[int] | None = None) -> Iterator[ox.Quad]:
        return iter(quads) if only is None else (quads[i] for i in sorted(only))
    return again


def _same(quad: ox.Quad) -> ox.Quad:
    return quad


def _digest(quad: ox.Quad) -> bytes:
    # N-Quads is one string per quad and back: equal digests mean equal quads (a collision of
    # 128-bit BLAKE2 digests is not a practical concern)
    return hashlib.blake2b(str(quad).encode(), digest_size=16).digest()
