"""Writes to the store, one at a time, atomically, with a time limit (see execution.py).

A write is a function ``fn(store, *args)``. For a store held by the web process (``memory:`` or a
Store object) it runs there under a lock. Otherwise it runs in a forked child that opens the
store read-write under an exclusive ``flock`` (one writer across all web processes of the
server), and that is killed if it runs past ``timeout``; each write being one transaction, the
store is then unchanged. The child may allocate at most ``memory_mib`` MiB beyond what it holds
once the store is open (``UPDATE_MEMORY``; the query workers' mechanism, execution.py
``_limit_memory``): an update that computes a huge literal ends it, and is answered 503 naming
the limit, the store unchanged; the next write forks a new child. Writes in the web process
(a held store) have no memory limit: it would bound the web process itself. After every write
``on_commit`` retires the query workers' snapshots.
"""

from __future__ import annotations

import fcntl
import hashlib
import logging
import os
import signal
import tempfile
import threading
import time
from typing import Any, Callable

from claimgraph.graph.store import (QuerySyntaxError, Store, StoreError, UpdateConflict,
                                    open_store)
from claimgraph.server.errors import ApiError
from claimgraph.server.execution import _FORK, _child_signals, _limit_memory

log = logging.getLogger("claimgraph.server.writer")


def memory_message(memory_mib: int) -> str:
    """The answer to a write stopped at the memory limit."""
    return (f"the write needed more memory than a write may use ({memory_mib} MiB, "
            "UPDATE_MEMORY) and was stopped; the store is unchanged")


def _writer_main(conn: Any, url: str, fn: Callable[..., Any], args: tuple,
                 memory_mib: int) -> None:
    _child_signals()
    try:
        with open_store(url) as store:
            # Oxigraph aborts the process when an allocation fails (the parent answers 503
            # naming the limit); Python raises MemoryError, answered the same way below.
            _limit_memory(memory_mib)
            conn.send(("ok", fn(store, *args)))
    except MemoryError:
        conn.send(("error", 503, memory_message(memory_mib)))
    except ApiError as exc:
        conn.send(("error", exc.status, exc.detail))
    except (QuerySyntaxError, UpdateConflict) as exc:
        conn.send(("error", *_refusal(exc)))
    except StoreError as exc:
        conn.send(("error", 503, f"the store could not carry out the write: {exc}"))


def _refusal(exc: QuerySyntaxError | UpdateConflict) -> tuple[int, str]:
    """The status and message for a write the client must change, not retry."""
    if isinstance(exc, UpdateConflict):
        return (404 if exc.missing else 409), f"the update cannot be carried out: {exc}"
    return 400, f"malformed update: {exc}"


class Writer:
    """Runs write functions ``fn(store, *args)`` one at a time; see the module docstring."""

    def __init__(self, *, store: Store | None, url: str | None, timeout: float,
                 on_commit: Callable[[], None], memory_mib: int = 0) -> None:
        self.store, self.url, self.timeout, self.on_commit = store, url, timeout, on_commit
        self.memory_mib = memory_mib
        self._lock = threading.Lock()
        digest = hashlib.sha256((url or "").encode()).hexdigest()[:16]
        self.lock_path = os.path.join(tempfile.gettempdir(), f"claimgraph-write-{digest}.lock")

    def run(self, fn: Callable[..., Any], *args: Any) -> Any:
        if self.store is not None:
            with self._lock:
                try:
                    return fn(self.store, *args)
                except (QuerySyntaxError, UpdateConflict) as exc:
                    raise ApiError(*_refusal(exc)) from None
                except StoreError as exc:
                    raise ApiError(503, f"the store could not carry out the write: {exc}") \
                        from None
                finally:
                    self.on_commit()
        assert self.url is not None
        deadline = time.monotonic() + self.timeout
        with self._lock, open(self.lock_path, "a") as lock_file:
            while True:
                try:
                    fcntl.flock(lock_file, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise ApiError(503, "another write is in progress; try again later",
                                       headers={"Retry-After": "5"}) from None
                    time.sleep(0.05)
            conn, child_conn = _FORK.Pipe()
            process = _FORK.Process(target=_writer_main,
                                    args=(child_conn, self.url, fn, args, self.memory_mib),
                                    daemon=True, name="claimgraph-write")
            process.start()
            child_conn.close()
            try:
                if not conn.poll(max(0.0, deadline - time.monotonic())):
                    process.kill()
                    raise ApiError(503, f"the write did not finish within {self.timeout:g} s "
                                        "and was stopped; the store is unchanged")
                try:
                    reply = conn.recv()
                except EOFError:
                    process.join(5)
                    if process.exitcode == -signal.SIGABRT and self.memory_mib > 0:
                        log.warning("write stopped at the %d MiB memory limit (UPDATE_MEMORY)",
                                    self.memory_mib)
                        raise ApiError(503, memory_message(self.memory_mib)) from None
                    raise ApiError(503, "the write process died (exit status "
                                        f"{process.exitcode}); the store is unchanged") from None
            finally:
                process.join(10)
                conn.close()
                self.on_commit()
        if reply[0] == "error":
            raise ApiError(reply[1], reply[2])
        return reply[1]
