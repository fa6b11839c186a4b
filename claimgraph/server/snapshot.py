"""An in-memory snapshot of an on-disk store, shared copy-on-write by a web process's query workers.

Oxigraph evaluates queries several times faster on its in-memory store than on RocksDB (a
whole-graph aggregation: ~150 ms vs ~900 ms at 100k triples; see docs/benchmarks.md). With
``SNAPSHOT_MODE = "memory"`` (or ``"auto"`` below ``SNAPSHOT_MEMORY_MAX_QUADS``) the server copies
the store into memory once, in the process that forks the query workers, so every worker reads the
same pages copy-on-write instead of holding a copy of its own. Under gunicorn the first copy is
made in the master (``preload_app``) and shared by all web workers until they refresh.

Freshness: a write through the server bumps the shared generation counter; writes by other
processes (``claimgraph load``) are noticed by a cheap fingerprint of the store folder (file names,
sizes, times), checked at most every ``refresh`` seconds. A stale snapshot is rebuilt in a
background thread while the previous one keeps answering (readers see the store before or after a
write, never half of it); ``wait_fresh`` (used after the server's own writes) waits for the
rebuild, so a client sees its write as soon as ``/update`` answers.

Where a copy is built matters for every query after it. glibc's malloc gives each thread an arena
and hands the arena of a thread that ended to the next new thread (in a forked child, every arena
but the forking thread's is up for grabs). The arena a copy was built in holds the copy's chunks
among the build's freed ones, and an allocation from it searches them: when the first copy was
built in a short-lived thread, the web workers' request threads inherited its arena, and so did
the query workers they forked, whose allocations then took 20-25% of a one-entity query (glibc's
``_int_malloc``, under perf: 0.72-0.91 ms of query worker CPU a request against 0.51-0.61 ms, wrk
at 1 client, 1M triples). So the first copy is built in the thread that calls ``load`` (the
gunicorn master's main thread, whose arena a forked web worker's main thread keeps), and rebuilds
in one builder thread per process that lives as long as the snapshot, so that its arena is never
handed on.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing as mp
import os
import signal
import tempfile
import threading
import time
from typing import Any, Callable

from claimgraph.graph.store import Store, StoreError, open_store

log = logging.getLogger("claimgraph.server.snapshot")


def _child_main(conn: Any, url: str, fn: Callable[..., Any], args: tuple) -> None:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with open_store(url, read_only=True) as store:
            conn.send(("ok", fn(store, *args)))
    except Exception as exc:  # noqa: BLE001 - reported to the parent
        conn.send(("error", f"{type(exc).__name__}: {exc}"))


def read_in_child(url: str, fn: Callable[..., Any], *args: Any, timeout: float = 3600.0) -> Any:
    """``fn(store, *args)`` on a read-only handle opened in a forked child; its result.

    The web processes never open RocksDB themselves: its background threads do not survive a
    fork, and a child forked after the parent opened a database hangs when it closes its own."""
    conn, child_conn = mp.get_context("fork").Pipe()
    process = mp.get_context("fork").Process(target=_child_main, daemon=True,
                                             args=(child_conn, url, fn, args),
                                             name="claimgraph-snapshot")
    process.start()
    child_conn.close()
    try:
        if not conn.poll(timeout):
            raise StoreError(f"reading {url} took more than {timeout:g} s")
        try:
            reply = conn.recv()
        except EOFError:
            raise StoreError(f"the process reading {url} died") from None
    finally:
        if process.is_alive():
            process.join(10)
        if process.is_alive():
            process.kill()
            process.join()
        conn.close()
    if reply[0] == "error":
        raise StoreError(f"cannot read {url}: {reply[1]}")
    return reply[1]


def _dump(store: Any, path: str) -> None:
    with open(path, "wb") as out:
        store.dump_visible(out)


def memory_copy(url: str) -> Store:
    """An in-memory copy of the ``oxigraph:`` store at ``url``: a forked child writes its quads
    to a temporary N-Quads file, which this process bulk-loads into a memory store that also
    keeps the union of the named graphs as a set (graph/backends/union_copy.py)."""
    from claimgraph.graph.backends.union_copy import UnionCopy

    fd, path = tempfile.mkstemp(prefix="claimgraph-snapshot-", suffix=".nq")
    os.close(fd)
    try:
        read_in_child(url, _dump, path)
        return UnionCopy.memory_from_nquads(path)
    finally:
        os.unlink(path)


def folder_fingerprint(path: str) -> tuple:
    """Names, sizes and modification times of the files in ``path`` (RocksDB writes a log file
    on every commit, so any write changes this), but for the folder of readers' views, which
    reading (this server's own copies too) changes."""
    from claimgraph.graph.backends.pinned import VIEWS_DIR

    try:
        entries = [entry for entry in os.scandir(path) if entry.name != VIEWS_DIR]
    except OSError:
        return ()
    found = []
    for entry in entries:
        try:
            info = entry.stat()
        except OSError:
            continue
        found.append((entry.name, info.st_size, info.st_mtime_ns))
    return tuple(sorted(found))


class SnapshotUnavailable(Exception):
    """No in-memory copy can answer now (the build failed or is still running)."""


class MemorySnapshot:
    """The current in-memory copy of a store; see the module docstring.

    ``build()`` makes a new copy (``memory_copy(url)``);
    ``generation`` is the shared write counter; ``fingerprint()`` changes when the store's files do.
    """

    def __init__(self, build: Callable[[], Store], generation: Any, *,
                 fingerprint: Callable[[], tuple] = lambda: (), refresh: float = 5.0) -> None:
        self._build, self.generation, self._fingerprint = build, generation, fingerprint
        self.refresh = refresh
        self._cond = threading.Condition()
        self.version = 0
        self._store: Store | None = None
        self._built_generation = -1
        self._built_fingerprint: tuple = ()
        self._checked = 0.0
        self._pid = os.getpid()
        self._building = False
        self._failure: Exception | None = None
        self._failed_generation = -1
        self._builder: threading.Thread | None = None
        self._builder_pid = 0
        self._closed = False

    def load(self) -> None:
        """Build the first copy now, in the calling thread (the gunicorn master's main thread,
        before it forks web workers; see the module docstring for why not in another thread)."""
        with self._cond:
            build_here = not self._building and self._store is None
            if build_here:
                self._building = True
        if build_here:
            self._rebuild()
        self.current()

    def close(self) -> None:
        """End this process's builder thread (the copy in use stays readable)."""
        with self._cond:
            self._closed = True
            self._cond.notify_all()

    def current(self, timeout: float = 3600.0) -> tuple[int, Store]:
        """The version number and store to fork new workers from.

        After a write through the server (a new generation) this waits, up to ``timeout``
        seconds, for the copy that holds it, so every web process shows a write as soon as
        ``/update`` answered; changes from outside are picked up in the background while the
        previous copy answers. Raises ``SnapshotUnavailable`` when there is no usable copy."""
        deadline = time.monotonic() + timeout
        with self._cond:
            if os.getpid() != self._pid:       # a forked web worker: the build thread stayed
                self._pid, self._building = os.getpid(), False
            target = self.generation.value
            if not self._building and self._stale():
                self._start_build()
            while self._store is None or self._built_generation < target:
                if not self._building:
                    if self._closed:
                        raise SnapshotUnavailable("the in-memory copy of the store is closed")
                    raise SnapshotUnavailable(f"the in-memory copy of the store could not be "
                                              f"built: {self._failure}")
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise SnapshotUnavailable("the in-memory copy of the store is being rebuilt "
                                              "after a write; try again shortly")
                self._cond.wait(remaining)
            return self.version, self._store

    def wait_fresh(self, timeout: float) -> bool:
        """Wait until the copy in use holds every write made so far through the server."""
        try:
            self.current(timeout)
        except SnapshotUnavailable:
            return False
        return True

    def _stale(self) -> bool:
        now = time.monotonic()
        if self._failure is not None and self.generation.value == self._failed_generation \
                and now - self._checked < max(self.refresh, 1.0):
            return False                       # do not retry a failed build on every query,
                                               # but do after a write: it may have fixed it
        if self._store is None or self._built_generation != self.generation.value:
            return True
        if self.refresh > 0 and now - self._checked >= self.refresh:
            self._checked = now
            return self._fingerprint() != self._built_fingerprint
        return False

    def _start_build(self) -> None:
        """Have this process's builder thread make a new copy (called holding ``_cond``)."""
        if self._closed:
            return
        self._building = True
        if self._builder_pid == os.getpid() and self._builder is not None \
                and self._builder.is_alive():
            self._cond.notify_all()
            return
        self._builder_pid = os.getpid()     # a forked process has no builder: its own starts
        self._builder = threading.Thread(target=self._build_loop, name="claimgraph-snapshot",
                                         daemon=True)
        self._builder.start()

    def _build_loop(self) -> None:
        while True:
            self._rebuild()
            with self._cond:
                while not self._building and not self._closed:
                    self._cond.wait()
                if self._closed:
                    self._building = False
                    self._cond.notify_all()
                    return

    def _rebuild(self) -> None:
        generation = self.generation.value   # read before copying: a write during the copy
        fingerprint = self._fingerprint()    # leaves this snapshot stale, so it is redone
        started = time.monotonic()
        try:
            store = self._build()
        except Exception as exc:  # noqa: BLE001 - raised to the requests that need a copy
            log.error("could not build the in-memory snapshot: %s", exc)
            with self._cond:
                self._building, self._failure = False, exc
                self._failed_generation = generation
                self._checked = time.monotonic()
                self._cond.notify_all()
            return
        with self._cond:
            old, self._store, self.version = self._store, store, self.version + 1
            self._built_generation, self._built_fingerprint = generation, fingerprint
            self._checked = time.monotonic()
            self._building, self._failure = False, None
            self._cond.notify_all()
        del old
        _release_free_memory()
        log.info("in-memory snapshot %d built in %.1f s", self.version,
                 time.monotonic() - started)


def _release_free_memory() -> None:
    # The previous copy's pages, freed, stay in the process (and count as its own after a fork
    # touched them) unless malloc gives them back; glibc only does so when asked.
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
