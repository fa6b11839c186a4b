"""A gunicorn gthread worker that spreads keep-alive connections evenly over the web workers.

All web workers accept from one shared listening socket, and whichever wakes first takes the
connection. When a client opens several keep-alive connections at once (a connection pool, a
load generator), one worker often takes all of them; its interpreter lock then serializes their
requests while the other workers idle (measured: 8 connections on one of 2 workers gave ~1,000
cheap lookups/s, 4 + 4 gave ~2,000, on 2 cores). ``BalancedThreadWorker`` publishes how many
connections it holds in a table the workers share; a worker that holds more than the least
loaded live sibling stops accepting for ``HOLD`` seconds so the sibling can take the connection,
then takes one itself if it is still waiting. No connection is ever refused, and a dead or stuck
sibling costs a new connection at most ``HOLD``.

It relies on gunicorn's gthread worker as of gunicorn 27 (``set_accept_enabled``,
``method_queue``); ``worker_class()`` falls back to plain ``gthread`` for other versions.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import threading
import time
from typing import Any

HOLD = 0.05         # seconds a loaded worker leaves a new connection to a less loaded sibling
STALE = 3.0         # a slot not refreshed for this long belongs to a worker that is gone
SLOTS = 64          # at most this many web workers (claimgraph serve --workers allows 64)


class Table:
    """Per worker slot: pid, connections held, when last refreshed (monotonic, system-wide)."""

    def __init__(self) -> None:
        self.pids = mp.Array("q", SLOTS, lock=False)
        self.conns = mp.Array("q", SLOTS, lock=False)
        self.seen = mp.Array("d", SLOTS, lock=False)
        self.lock = mp.Lock()

    def claim(self, pid: int) -> int | None:
        """A free slot for ``pid`` (one never used, or one whose worker is gone)."""
        with self.lock:
            now = time.monotonic()
            for slot in range(SLOTS):
                if self.pids[slot] == 0 or now - self.seen[slot] > STALE:
                    self.pids[slot], self.conns[slot], self.seen[slot] = pid, 0, now
                    return slot
        return None

    def release(self, pid: int) -> None:
        with self.lock:
            for slot in range(SLOTS):
                if self.pids[slot] == pid:
                    self.pids[slot], self.conns[slot], self.seen[slot] = 0, 0, 0.0

    def publish(self, slot: int, conns: int) -> None:
        self.conns[slot] = conns
        self.seen[slot] = time.monotonic()

    def least_other(self, slot: int) -> int | None:
        """The fewest connections any other live worker holds (None if there is none)."""
        now = time.monotonic()
        found = [self.conns[i] for i in range(SLOTS)
                 if i != slot and self.pids[i] and now - self.seen[i] <= STALE]
        return min(found) if found else None


_table: Table | None = None   # set in the gunicorn master before it forks the workers


def worker_class() -> str:
    """The gunicorn worker class to use, creating the shared table if it is the balanced one."""
    global _table
    try:
        from gunicorn.workers.gthread import ThreadWorker
    except ImportError:
        return "gthread"
    if not all(hasattr(ThreadWorker, name) for name in
               ("set_accept_enabled", "accept", "finish_request", "wait_for_and_dispatch_events")):
        return "gthread"
    _table = Table()
    return f"{__name__}.BalancedThreadWorker"


def child_exit(server: Any, worker: Any) -> None:
    """gunicorn server hook (in the master): free the slot of a worker that exited."""
    if _table is not None:
        _table.release(worker.pid)


def _worker_base() -> type:
    from gunicorn.workers.gthread import ThreadWorker
    return ThreadWorker


class BalancedThreadWorker(_worker_base()):  # type: ignore[misc]
    """See the module docstring."""

    def init_process(self) -> None:
        self._hold_until = 0.0
        self._take_one_until = 0.0
        self._slot = _table.claim(os.getpid()) if _table is not None else None
        super().init_process()

    def _publish(self) -> None:
        if self._slot is not None:
            _table.publish(self._slot, self.nr_conns)  # type: ignore[union-attr]

    def wait_for_and_dispatch_events(self, timeout: float) -> None:
        self._publish()             # also the heartbeat that keeps the slot live
        super().wait_for_and_dispatch_events(min(timeout, 0.5))

    def set_accept_enabled(self, enabled: bool) -> None:
        if enabled and time.monotonic() < self._hold_until:
            enabled = False
        super().set_accept_enabled(enabled)

    def accept(self, listener: Any) -> None:
        if self._slot is not None and time.monotonic() >= self._take_one_until:
            least = _table.least_other(self._slot)  # type: ignore[union-attr]
            if least is not None and self.nr_conns > least:
                self._hold_until = time.monotonic() + HOLD
                super().set_accept_enabled(False)
                timer = threading.Timer(HOLD, self.method_queue.defer, (self._hold_over,))
                timer.daemon = True
                timer.start()
                return
        self._take_one_until = 0.0
        super().accept(listener)
        self._publish()

    def _hold_over(self) -> None:
        # Runs on the worker's main thread. If a connection is still waiting, no sibling took
        # it: take one now (accept() is only called when the listener is readable).
        self._take_one_until = time.monotonic() + HOLD
        self.set_accept_enabled(True)

    def finish_request(self, conn: Any, fs: Any) -> None:
        super().finish_request(conn, fs)
        self._publish()
