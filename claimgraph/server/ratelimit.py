"""Per-client rate limits: a token bucket per client address, answered 429 when empty.

``RATE_LIMIT`` is the sustained rate in requests per second per client (0, the default, turns
limiting off) and ``RATE_BURST`` the bucket size (requests a client may make at once; default
``max(1, 2 * RATE_LIMIT)``). A client is its address as the server sees it (``remote_addr``);
behind a reverse proxy every request comes from the proxy, so limit there instead. Buckets live in
each web process (``claimgraph serve --workers N`` allows up to N times the rate) and at most
``MAX_CLIENTS`` are kept, the least recently seen forgotten first, so that many addresses cannot
exhaust memory.
"""

from __future__ import annotations

import math
import threading
import time
from collections import OrderedDict

from flask import Blueprint, current_app, request

from claimgraph.server.errors import ApiError

bp = Blueprint("ratelimit", __name__)
EXTENSION = "claimgraph.ratelimit"
MAX_CLIENTS = 10_000


class Buckets:
    """Token buckets keyed by client, refilled at ``rate`` per second up to ``burst``."""

    def __init__(self, rate: float, burst: float) -> None:
        self.rate, self.burst = rate, burst
        self._lock = threading.Lock()
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, client: str, now: float | None = None) -> float:
        """Take one token for ``client``: 0.0 if allowed, else seconds until one is free."""
        now = time.monotonic() if now is None else now
        with self._lock:
            tokens, seen = self._buckets.pop(client, (self.burst, now))
            tokens = min(self.burst, tokens + (now - seen) * self.rate)
            wait = 0.0 if tokens >= 1 else (1 - tokens) / self.rate
            self._buckets[client] = (tokens - 1 if tokens >= 1 else tokens, now)
            while len(self._buckets) > MAX_CLIENTS:
                self._buckets.popitem(last=False)
            return wait


def _buckets() -> Buckets | None:
    app = current_app
    if EXTENSION not in app.extensions:
        rate = float(app.config.get("RATE_LIMIT") or 0)
        burst = float(app.config.get("RATE_BURST") or 0) or max(1.0, 2 * rate)
        app.extensions[EXTENSION] = Buckets(rate, burst) if rate > 0 else None
    return app.extensions[EXTENSION]


@bp.before_app_request
def _limit() -> None:
    buckets = _buckets()
    if buckets is None:
        return
    wait = buckets.take(request.remote_addr or "-")
    if wait > 0:
        raise ApiError(429, f"too many requests from this client: the limit is "
                            f"{buckets.rate:g} per second; retry in {math.ceil(wait)} s",
                       title="Too Many Requests", headers={"Retry-After": str(math.ceil(wait))})
