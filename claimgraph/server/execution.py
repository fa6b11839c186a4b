"""Query and write execution outside the web process, with time limits that really stop the work.

pyoxigraph cannot cancel a query, and some queries crash the process that runs them (stack
overflow on deep nesting). So queries never run in the web process: each web process keeps a
small ``QueryPool`` of forked worker processes, each holding its own handle on the store. A query
is sent to an idle worker over a pipe; the worker evaluates it, serializes the answer in the
negotiated format and sends back bytes. If no answer comes within the time limit the worker is
killed (SIGKILL) and replaced; if it dies, the query is answered 503 and the worker replaced.
A worker may also allocate only so much memory (``Limits.memory_mib``; the allocator failing
ends it, and the query is answered 503 naming the limit), and an answer may only be so large.

Workers get the store from a *snapshot* function run after the fork:

- ``memory:`` stores live in the web process; the fork gives each worker a copy-on-write view.
- ``oxigraph:PATH`` in memory snapshot mode (``SNAPSHOT_MODE``, see snapshot.py): the web
  process holds an in-memory copy of the store and forks the workers from it, copy-on-write;
  a worker is retired when a newer copy is made.
- other stores (``oxigraph:PATH`` in disk mode, ``sparql:...``) are opened by each worker with
  ``open_store(url, read_only=True)``.

A worker serves the state of the store as of its snapshot. Writes (``Writer``) bump a generation
counter shared by all web processes forked from one parent; a worker whose generation is older,
or (for stores other processes may write) whose snapshot is older than ``refresh`` seconds, is
retired before its next query. So readers see the store before or after a write, never half.
Writes (writer.py) to a memory store run in the web process; other writes run in a forked
child that opens the store read-write, under an exclusive file lock, killed at the time limit.
"""

from __future__ import annotations

import functools
import logging
import multiprocessing as mp
import os
import resource
import signal
import threading
import time
from dataclasses import dataclass
from typing import Any, Callable

from claimgraph.graph.backends.terms import TermError
from claimgraph.graph.store import QueryResult, QuerySyntaxError, Store, StoreError
from claimgraph.server.errors import ApiError, ResultLimitError, TimeLimitError
from claimgraph.server.formats import REGISTRY
from claimgraph.server.serializers import Unwritable
from claimgraph.server.snapshot import MemorySnapshot, SnapshotUnavailable

log = logging.getLogger("claimgraph.server.execution")
_FORK = mp.get_context("fork")
_FORMATS = {fmt.name: fmt for fmt in REGISTRY}


def _child_signals() -> None:
    # Not PR_SET_PDEATHSIG: it fires when the *thread* that forked us ends, and web servers fork
    # from short-lived request threads. Workers notice a dead parent by polling getppid instead.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGALRM, signal.SIG_DFL)   # the self-destruct timer below


@dataclass(frozen=True)
class Limits:
    """What one query may use: ``results`` rows (or triples), ``answer_bytes`` of serialized
    answer, and ``memory_mib`` MiB of memory beyond what its worker holds when it starts
    (0: no memory limit)."""

    results: int = 100_000
    answer_bytes: int = 64 * 1024 * 1024
    memory_mib: int = 0

    def memory_message(self) -> str:
        return (f"the query needed more memory than a query may use ({self.memory_mib} MiB, "
                "QUERY_MEMORY) and was stopped")


@dataclass
class Answer:
    """A serialized query answer."""

    kind: str
    content_type: str
    body: bytes
    count: int


def _evaluate(store: Store, request: dict[str, Any], limits: Limits) -> tuple:
    serialize = not request.get("raw") and not request.get("records")
    # Answers to be written (or asked for as terms) come in the store's own terms
    # (Store.query_terms): the writers send them as they are, where rdflib would rewrite
    # literals, and skip a conversion that costs more than evaluating a selective query.
    query = getattr(store, "query_terms", store.query) if serialize or request.get("terms") \
        else store.query
    try:
        result = query(request["sparql"], default_graph_uris=request.get("default"),
                       named_graph_uris=request.get("named"), base_iri=request.get("base"))
    except QuerySyntaxError as exc:
        return ("error", 400, f"malformed query: {exc}")
    except StoreError as exc:
        return ("error", 503, f"the store could not evaluate the query: {exc}")
    count = _size(result)
    max_results = request.get("max_results") or limits.results
    if count > max_results:
        return ("too many", count, max_results)
    if request.get("raw"):
        return ("result", result)
    if request.get("records"):
        if result.kind != "select":
            return ("error", 400, "expected a SELECT query")
        return ("records", result.records())
    name = request["formats"].get("graph" if result.kind == "graph" else "results")
    if name is None:
        return ("error", 406, f"no acceptable format for a {result.kind.upper()} result")
    fmt = _FORMATS[name]
    try:
        body = fmt.serialize(result)
    except TermError as exc:
        return ("error", 400, f"malformed query: {exc}")
    except Unwritable as exc:
        return ("error", 406, str(exc))
    if len(body) > limits.answer_bytes:
        return ("error", 422, f"the answer is {len(body)} bytes long as {fmt.content_type}; the "
                              f"limit is {limits.answer_bytes} bytes (MAX_ANSWER_BYTES). Ask for "
                              "fewer or shorter results.")
    return ("ok", result.kind, fmt.content_type, body, count)


def _size(result: Any) -> int:
    """Rows of a SELECT answer, triples of a graph."""
    if isinstance(result, QueryResult) and result.kind == "graph":
        return len(result.graph) if result.graph is not None else 0
    return result.row_count()


def _search_path(store: Store, request: dict[str, Any], held: dict[str, Any]) -> tuple:
    """The steps of a path query (queries/path.py), searched here rather than by a query per
    frontier from the web process; an in-memory store's links are held for the worker's life
    (its store never changes: a write retires it)."""
    from claimgraph.queries.catalog import Catalog
    from claimgraph.queries.params import ParameterError
    from claimgraph.queries.path import PathSearch

    search = held.get("path")
    if search is None:
        catalog = Catalog.load()
        search = held["path"] = PathSearch(
            store, catalog.get("path").body, catalog.system("path-links"),
            keep_index=getattr(store, "url", None) == "memory:")
    start, goal, max_hops = request["path"]
    try:
        return ("steps", search.steps(start, goal, max_hops))
    except ParameterError as exc:
        return ("parameter", exc.name, exc.reason)
    except StoreError as exc:
        return ("error", 503, f"the store could not evaluate the query: {exc}")


def _close_inherited_fds(keep: set[int]) -> None:
    # A forked worker inherits every descriptor of the web process: listening sockets, client
    # connections, pipes to other children. Holding them would keep those peers from seeing EOF
    # (a subprocess waiting for its stdin to close never exits), so the worker drops them all.
    try:
        open_fds = [int(name) for name in os.listdir("/proc/self/fd")]
    except OSError:
        return
    for fd in open_fds:
        if fd > 2 and fd not in keep:
            try:
                os.close(fd)
            except OSError:
                pass


def _data_size() -> int | None:
    """Bytes of private writable memory this process maps (VmData: what RLIMIT_DATA counts)."""
    try:
        with open("/proc/self/status", "rb") as status:
            for line in status:
                if line.startswith(b"VmData:"):
                    return int(line.split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    return None


class _DataProbe:
    """This process's data size read after every query, from ``/proc/self/statm`` kept open:
    ~2 us a reading, where parsing ``/proc/self/status`` took ~17 us on the endpoint's hot path.
    statm's data field also counts the main thread's stack, so it is only compared with
    itself."""

    def __init__(self) -> None:
        self.page = os.sysconf("SC_PAGE_SIZE")
        self.fd: int | None = os.open("/proc/self/statm", os.O_RDONLY)
        self.start = self.size()

    def size(self) -> int | None:
        if self.fd is None:
            return None
        try:
            return int(os.pread(self.fd, 256, 0).split()[5]) * self.page
        except (OSError, ValueError, IndexError):
            return None

    def grown_past(self, allowance: int) -> bool:
        now = self.size()
        return now is not None and self.start is not None and now > self.start + allowance


def _limit_memory(mib: int) -> int | None:
    """Let this worker allocate at most ``mib`` MiB more than it holds now; what it holds now,
    or None without a limit. RLIMIT_DATA rather than RLIMIT_AS: a worker forked from a
    web process that holds an in-memory copy of the store maps that copy already (shared
    copy-on-write, and counted in its data size), and address space merely reserved would count
    against RLIMIT_AS."""
    held = _data_size() if mib > 0 else None
    if held is None:
        return None
    limit = held + mib * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    try:
        resource.setrlimit(resource.RLIMIT_DATA, (limit, hard))
    except (OSError, ValueError):
        return None
    return held


def _worker_main(conn: Any, snapshot: Callable[[], Store], limits: Limits) -> None:
    _child_signals()
    _close_inherited_fds({conn.fileno()})
    parent = os.getppid()
    try:
        store = snapshot()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which answers 503
        conn.send(("error", 503, f"the store could not be opened: {exc}"))
        return
    # Oxigraph aborts the process when an allocation fails (the parent then answers 503 naming
    # the limit); Python raises MemoryError, answered the same way.
    probe = _DataProbe() if _limit_memory(limits.memory_mib) is not None else None
    conn.send(("ready",))
    held: dict[str, Any] = {}    # what a worker keeps between queries on its unchanging store
    while True:
        try:
            while not conn.poll(1.0):
                if os.getppid() != parent:
                    return
            request = conn.recv()
        except (EOFError, OSError):
            return
        # Should the web process die mid-query, nobody would kill us: a timer (whose default
        # action ends the process, even inside Oxigraph) does it shortly after the time limit.
        signal.setitimer(signal.ITIMER_REAL, request.get("limit", 60.0) + 5.0)
        retire = False
        try:
            reply = (_search_path(store, request, held) if "path" in request
                     else _evaluate(store, request, limits))
        except MemoryError as exc:
            # Python's own allocation failure says nothing; pyoxigraph's buffer limits do.
            reply = ("error", 503, f"the store could not evaluate the query: {exc}" if str(exc)
                     else limits.memory_message())
            retire = True
        except Exception as exc:  # noqa: BLE001 - a bug in a serializer must not kill the worker
            log.exception("query worker failed")
            reply = ("error", 500, f"internal error while evaluating the query: {type(exc).__name__}")
        signal.setitimer(signal.ITIMER_REAL, 0)
        if probe is not None and not retire:
            # Memory freed by a large query may stay with the allocator, leaving the next query
            # less than its share: past half the allowance, a fresh worker takes over.
            retire = probe.grown_past(limits.memory_mib * 512 * 1024)
        try:
            conn.send((reply, retire))
        except MemoryError:
            conn.send((("error", 503, limits.memory_message()), True))
        if retire:
            return


class _Worker:
    def __init__(self, snapshot: Callable[[], Store], limits: Limits, generation: int,
                 start_timeout: float, version: int | None = None) -> None:
        self.conn, child_conn = _FORK.Pipe()
        self.process = _FORK.Process(target=_worker_main, args=(child_conn, snapshot, limits),
                                     daemon=True, name="claimgraph-query")
        self.process.start()
        child_conn.close()
        self.generation = generation
        self.version = version
        self.started = time.monotonic()
        if not self.conn.poll(start_timeout):
            self.kill()
            raise ApiError(503, "a query worker did not start in time")
        try:
            reply = self.conn.recv()
        except EOFError:
            self.kill()
            raise ApiError(503, "a query worker died while opening the store") from None
        if reply[0] != "ready":
            self.kill()
            raise ApiError(reply[1], reply[2])

    def kill(self) -> None:
        if self.process.is_alive():
            self.process.kill()
        self.process.join(5)
        self.conn.close()


class QueryPool:
    """Up to ``size`` worker processes per web process; see the module docstring."""

    def __init__(self, snapshot: Callable[[], Store], *, size: int = 1, timeout: float = 30.0,
                 limits: Limits = Limits(), refresh: float = 0.0,
                 generation: Any | None = None, slow_ms: float = 1000.0,
                 memory: MemorySnapshot | None = None) -> None:
        self.snapshot = snapshot
        self.memory = memory
        self.size = max(1, size)
        self.timeout = timeout
        self.limits = limits
        self.refresh = refresh
        self.slow_ms = slow_ms
        self.generation = generation if generation is not None else _FORK.Value("Q", 0)
        self._cond = threading.Condition()
        self._reset()

    def _reset(self) -> None:
        self._pid = os.getpid()
        self._idle: list[_Worker] = []
        self._count = 0

    def invalidate(self) -> None:
        """Make every worker take a new snapshot before its next query."""
        with self.generation.get_lock():
            self.generation.value += 1

    def _stale(self, worker: _Worker, version: int | None) -> bool:
        if self.memory is not None:       # the snapshot's version covers writes and refresh
            return worker.version != version or not worker.process.is_alive()
        return worker.generation != self.generation.value or not worker.process.is_alive() or (
            self.refresh > 0 and time.monotonic() - worker.started > self.refresh)

    def _acquire(self, deadline: float) -> _Worker:
        version, snapshot = None, self.snapshot
        if self.memory is not None:
            try:
                version, store = self.memory.current(max(0.0, deadline - time.monotonic()))
            except SnapshotUnavailable as exc:
                raise ApiError(503, str(exc), headers={"Retry-After": "5"}) from None
            snapshot = functools.partial(_held, store)
        with self._cond:
            if os.getpid() != self._pid:      # forked (e.g. gunicorn --preload): not our workers
                self._reset()
            while True:
                while self._idle:
                    worker = self._idle.pop()
                    if not self._stale(worker, version):
                        return worker
                    worker.kill()
                    self._count -= 1
                if self._count < self.size:
                    self._count += 1
                    break
                if not self._cond.wait(max(0.0, deadline - time.monotonic())):
                    raise ApiError(503, "all query workers are busy; try again later",
                                   headers={"Retry-After": "1"})
        try:
            return _Worker(snapshot, self.limits, self.generation.value,
                           max(1.0, deadline - time.monotonic()) + 30.0, version)
        except BaseException:
            self._discard(None)
            raise

    def _release(self, worker: _Worker) -> None:
        with self._cond:
            if os.getpid() == self._pid:
                self._idle.append(worker)
                self._cond.notify()

    def _discard(self, worker: _Worker | None) -> None:
        if worker is not None:
            worker.kill()
        with self._cond:
            if os.getpid() == self._pid:
                self._count -= 1
                self._cond.notify()

    def _call(self, request: dict[str, Any], timeout: float | None) -> tuple:
        limit = self.timeout if timeout is None else timeout
        started = time.monotonic()
        worker = self._acquire(started + limit)
        request["limit"] = limit
        try:
            worker.conn.send(request)
            if not worker.conn.poll(max(0.0, started + limit - time.monotonic())):
                self._discard(worker)
                log.warning("query stopped after %.1f s time limit: %s", limit,
                            _described(request))
                raise TimeLimitError(limit)
            reply, retire = worker.conn.recv()
        except (EOFError, OSError) as exc:
            worker.process.join(1)
            code = worker.process.exitcode if worker.process.exitcode is not None else repr(exc)
            self._discard(worker)
            if code == -signal.SIGABRT and self.limits.memory_mib > 0:
                log.warning("query stopped at the %d MiB memory limit: %s",
                            self.limits.memory_mib, _described(request))
                raise ApiError(503, self.limits.memory_message()) from None
            log.error("query worker died (exit %s) on: %s", code, _described(request))
            raise ApiError(503, "the query engine failed on this query and was restarted "
                                f"(worker exit status {code})") from None
        if retire:
            self._discard(worker)
        else:
            self._release(worker)
        elapsed_ms = (time.monotonic() - started) * 1000
        if elapsed_ms > self.slow_ms:
            log.warning("slow query %.0f ms: %s", elapsed_ms, _described(request))
        if reply[0] == "error":
            raise ApiError(reply[1], reply[2])
        if reply[0] == "too many":
            raise ResultLimitError(reply[1], reply[2])
        return reply

    def query(self, sparql: str, formats: dict[str, str | None], *,
              default_graph_uris: list[str] | None = None,
              named_graph_uris: list[str] | None = None, base_iri: str | None = None,
              timeout: float | None = None, max_results: int | None = None) -> Answer:
        """Run a query; ``formats`` maps ``results``/``graph`` to the negotiated format name;
        ``max_results`` replaces the pool's limit for this query."""
        reply = self._call({"sparql": sparql, "formats": formats, "default": default_graph_uris,
                            "named": named_graph_uris, "base": base_iri,
                            "max_results": max_results}, timeout)
        return Answer(reply[1], reply[2], reply[3], reply[4])

    def records(self, sparql: str, *, timeout: float | None = None,
                named_graph_uris: list[str] | None = None) -> list[dict[str, object]]:
        """Run a SELECT query and return its rows as plain values (``QueryResult.records``)."""
        return self._call({"sparql": sparql, "records": True, "named": named_graph_uris},
                          timeout)[1]

    def result(self, sparql: str, *, default_graph_uris: list[str] | None = None,
               named_graph_uris: list[str] | None = None, base_iri: str | None = None,
               timeout: float | None = None, terms: bool = False) -> Any:
        """Run a query and return the backend's QueryResult itself (for the server's own pages
        and APIs, which need terms rather than a serialization); with ``terms``, the answer of
        ``Store.query_terms`` (a graph as pyoxigraph triples, for the pages' RDF documents)."""
        return self._call({"sparql": sparql, "raw": True, "terms": terms,
                           "default": default_graph_uris, "named": named_graph_uris,
                           "base": base_iri}, timeout)[1]

    def path_steps(self, start: str, goal: str, max_hops: int, *,
                   timeout: float | None = None) -> list[tuple]:
        """The steps of the path query's search (queries/path.py find_path), run in a worker;
        ParameterError when the search gives up."""
        from claimgraph.queries.params import ParameterError

        reply = self._call({"path": [start, goal, max_hops]}, timeout)
        if reply[0] == "parameter":
            raise ParameterError(reply[1], reply[2])
        return reply[1]

    def close(self) -> None:
        with self._cond:
            if os.getpid() == self._pid:
                for worker in self._idle:
                    worker.kill()
            self._reset()


def _held(store: Store) -> Store:
    return store


def _described(request: dict[str, Any]) -> str:
    if "path" in request:
        start, goal, max_hops = request["path"]
        return f"path search from <{start}> to <{goal}>, max_hops {max_hops}"
    return _oneline(request["sparql"])


def _oneline(text: str, limit: int = 500) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[:limit] + "..."
