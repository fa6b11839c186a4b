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

The worker also limits how long a client may take to send a request (``READ_TIMEOUT``, from
the app's configuration). gunicorn hands a connection to a request thread as soon as its first
bytes arrive, and that thread then blocks reading headers and body with no time limit: four
connections that sent half a request held every thread of a 1 x 4 server for as long as they
stayed open. Here a request's headers must arrive within ``READ_TIMEOUT`` seconds of its first
byte (else the connection is closed) and its body may pause at most that long between reads
(else 408). A client that trickles its body slower still holds a thread: on a public network
put a buffering reverse proxy in front (docs/security.md).

Its own error answers (414, 431, a request that is not HTTP) are in the one error shape
(wire_errors.py). It relies on gunicorn's gthread worker as of gunicorn 27
(``set_accept_enabled``, ``method_queue``, ``TConn``); ``worker_class()`` falls back to
wire_errors' ``ShapedThreadWorker``, gunicorn's gthread with those error answers but no
balancing and no read time limit, for other versions.
"""

from __future__ import annotations

import errno
import logging
import multiprocessing as mp
import os
import select
import threading
import time
from typing import Any

from werkzeug.exceptions import RequestTimeout

from claimgraph.server.wire_errors import ShapedErrors

HOLD = 0.05         # seconds a loaded worker leaves a new connection to a less loaded sibling
STALE = 3.0         # a slot not refreshed for this long belongs to a worker that is gone
SLOTS = 64          # at most this many web workers (claimgraph serve --workers allows 64)
READ_TIMEOUT = 10.0  # used when the app's configuration does not say (see config.py)

log = logging.getLogger("claimgraph.server.access")


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
    from gunicorn.workers.gthread import ThreadWorker
    if not all(hasattr(ThreadWorker, name) for name in
               ("set_accept_enabled", "accept", "finish_request", "wait_for_and_dispatch_events",
                "enqueue_req", "handle", "handle_request")):
        return f"{ShapedErrors.__module__}.ShapedThreadWorker"
    _table = Table()
    return f"{__name__}.BalancedThreadWorker"


def child_exit(server: Any, worker: Any) -> None:
    """gunicorn server hook (in the master): free the slot of a worker that exited."""
    if _table is not None:
        _table.release(worker.pid)


def _worker_base() -> type:
    from gunicorn.workers.gthread import ThreadWorker
    return ThreadWorker


def _connection_base() -> type:
    from gunicorn.workers.gthread import TConn
    return TConn


def _no_more_data() -> type:
    from gunicorn.http.errors import NoMoreData
    return NoMoreData


class HeadersTimedOut(_no_more_data()):  # type: ignore[misc]
    """A request's headers did not arrive in time. gunicorn closes the connection quietly on
    its NoMoreData, as when a client goes away."""


class TimedReads:
    """The socket an HTTP/1 connection's parser reads from, with a time limit on every read.

    ``phase`` says what is being read: ``"headers"`` (all of them by ``deadline``), ``"body"``
    (the application reads it: each read within ``limit``, else werkzeug's 408 reaches the
    error handler) or ``"drain"`` (gunicorn discards what the application left; a timeout makes
    it close the connection). Everything else is the socket's own."""

    def __init__(self, sock: Any, limit: float, client: Any) -> None:
        self.sock, self.limit, self.client = sock, limit, client
        self.phase, self.deadline = "headers", time.monotonic() + limit

    def start_request(self) -> None:
        self.phase, self.deadline = "headers", time.monotonic() + self.limit

    def recv(self, size: int) -> bytes:
        wait = self.deadline - time.monotonic() if self.phase == "headers" else self.limit
        if wait <= 0 or not self._readable(wait):
            raise self._timed_out()
        return self.sock.recv(size)

    def _readable(self, wait: float) -> bool:
        poller = select.poll()
        poller.register(self.sock.fileno(), select.POLLIN)
        try:
            return bool(poller.poll(wait * 1000))
        except InterruptedError:
            return True          # recv says what happened

    def _timed_out(self) -> Exception:
        if self.phase == "headers":
            log.info("closed a connection from %s: its request's headers did not arrive within "
                     "%g s (READ_TIMEOUT)", _address(self.client), self.limit)
            return HeadersTimedOut()
        if self.phase == "body":
            return RequestTimeout(f"the request body stopped arriving: nothing came for "
                                  f"{self.limit:g} s (READ_TIMEOUT)")
        return TimeoutError(errno.ETIMEDOUT, "the rest of the request body did not arrive")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.sock, name)


def _address(client: Any) -> str:
    return str(client[0]) if isinstance(client, tuple) and client else str(client or "-")


class TimedConnection(_connection_base()):  # type: ignore[misc]
    """gunicorn's connection, whose HTTP/1 parser reads through ``TimedReads``."""

    read_timeout = 0.0

    def init(self) -> None:
        fresh = self.parser is None
        super().init()
        unreader = getattr(self.parser, "unreader", None)
        if fresh and self.read_timeout > 0 and not self.is_http2 \
                and hasattr(unreader, "sock") and hasattr(unreader.sock, "recv"):
            unreader.sock = TimedReads(unreader.sock, self.read_timeout, self.client)


def _timed_reads(conn: Any) -> TimedReads | None:
    reads = getattr(getattr(getattr(conn, "parser", None), "unreader", None), "sock", None)
    return reads if isinstance(reads, TimedReads) else None


class BalancedThreadWorker(ShapedErrors, _worker_base()):  # type: ignore[misc]
    """See the module docstring."""

    def init_process(self) -> None:
        self._hold_until = 0.0
        self._take_one_until = 0.0
        self._read_timeout: float | None = None
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
        self._accept_one(listener)
        self._publish()

    def _accept_one(self, listener: Any) -> None:
        # gunicorn's ThreadWorker.accept, making a TimedConnection rather than a TConn.
        try:
            client_sock, client_addr = listener.accept()
        except OSError as exc:
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        client_sock.setblocking(True)
        conn = TimedConnection(self.cfg, client_sock, client_addr, listener.getsockname())
        conn.read_timeout = self._read_limit()
        self.enqueue_req(conn)

    def _read_limit(self) -> float:
        if self._read_timeout is None:      # the app is loaded once the worker runs
            config = getattr(self.wsgi, "config", None) or {}
            self._read_timeout = float(config.get("READ_TIMEOUT", READ_TIMEOUT))
        return self._read_timeout

    def handle(self, conn: Any) -> Any:
        reads = _timed_reads(conn)
        if reads is not None:          # a kept-alive connection's next request
            reads.start_request()
        return super().handle(conn)

    def handle_request(self, req: Any, conn: Any) -> Any:
        reads = _timed_reads(conn)
        if reads is not None:
            reads.phase = "body"
        try:
            return super().handle_request(req, conn)
        finally:
            if reads is not None:
                reads.phase = "drain"

    def _hold_over(self) -> None:
        # Runs on the worker's main thread. If a connection is still waiting, no sibling took
        # it: take one now (accept() is only called when the listener is readable).
        self._take_one_until = time.monotonic() + HOLD
        self.set_accept_enabled(True)

    def finish_request(self, conn: Any, fs: Any) -> None:
        super().finish_request(conn, fs)
        self._publish()
