"""The ``timeline`` query's runner: a date range read as a window of the ledger's timeline order.

The ledger refresh gives each statement its position in the timeline's order (``cg:timelineOrder``:
undated statements last, the others by their date as text, then source and place in the text), so
the statements of a date range hold one run of consecutive positions. Its two ends are found by
searching the positions, a few dozen index lookups in a handful of small queries
(``rq/system/timeline-probe.rq``); timeline.rq then reads the page by position, as it does with no
parameters, instead of dating every statement in the store first (a month at 10M triples: 7.6 s).

Without positions (no ledger yet), or when a probed position names a statement no longer in the
store (articles removed since the ledger was derived), there is no window and timeline.rq dates
the statements itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from rdflib import Literal
from rdflib.namespace import XSD
from rdflib.term import Node

from claimgraph.graph.store import QueryResult, Store
from claimgraph.queries.catalog import QueryDef
from claimgraph.queries.params import render, render_many

# Positions probed per query while narrowing a bound: each round divides the interval by this.
PROBES = 64
# The first round: 0 and the powers of two, to find the order's length (2**40 is past any store).
_DOUBLING = [0] + [2 ** i for i in range(41)]
_MISSING = object()  # no statement at a position: past the last


class _Stale(Exception):
    """A probed position names a statement the store no longer has."""


def run_timeline(store: Store, query: QueryDef, terms: dict[str, Node], probe: str) -> QueryResult:
    """Answer timeline.rq with ``terms``; a date range is cut by position when the ledger allows."""
    return store.query(timeline_sparql(store, query, terms, probe))


def timeline_sparql(store: Store, query: QueryDef, terms: dict[str, Node], probe: str) -> str:
    """The SPARQL timeline.rq runs with ``terms``: with the window of positions of its date
    range when the ledger gives one (probing the store to find it)."""
    start, end = terms.get("from"), terms.get("to")
    if start is not None or end is not None:
        window = date_window(store, probe, None if start is None else str(start),
                             None if end is None else str(end))
        if window is not None:
            terms = {**terms, "window_start": Literal(window[0], datatype=XSD.integer),
                     "window_end": Literal(window[1], datatype=XSD.integer)}
    return render(query.body, terms)


def date_window(store: Store, probe: str, start: str | None,
                end: str | None) -> tuple[int, int] | None:
    """The positions ``[first, stop)`` of the statements dated ``start`` to ``end`` (as text,
    inclusive; None: open), or None when the ledger cannot tell (no positions, or stale)."""
    keys: dict[int, object] = {}

    def key_at(positions: Iterable[int]) -> Callable[[int], object]:
        wanted = [p for p in positions if p not in keys]
        if wanted:
            found = _probe(store, probe, wanted)
            keys.update((p, found.get(p, _MISSING)) for p in wanted)
        return keys.__getitem__

    try:
        if key_at([0])(0) is _MISSING:
            return None
        first = 0 if start is None else _first_past(
            key_at, lambda key: key is _MISSING or key is None or key >= start)
        stop = _first_past(key_at, lambda key: key is _MISSING or key is None
                           or (end is not None and key > end))
    except _Stale:
        return None
    return first, max(first, stop)


def _first_past(key_at: Callable[[Iterable[int]], Callable[[int], object]],
                past: Callable[[object], bool]) -> int:
    """The least position whose key is ``past`` the bound (every later one is too: the order
    is by the key), searched by doubling and then by PROBES-way division."""
    low, high = 0, None  # every position below low is before the bound; high is past it
    points = _DOUBLING
    while high is None or low < high:
        key = key_at(points)
        for position in points:
            if past(key(position)):
                high = position
                break
            low = position + 1
        if high is None:
            raise _Stale  # 2**40 positions: not a ledger this runner can search
        points = list(range(low, high, max(1, (high - low) // PROBES)))
    return high


def _probe(store: Store, probe: str, positions: list[int]) -> dict[int, object]:
    """position -> the date key there (None: undated); positions without a statement left out.
    A statement with several keys (two sources) is placed by its least, as the ledger does."""
    text = render_many(probe, "positions", [Literal(p, datatype=XSD.integer) for p in positions])
    found: dict[int, object] = {}
    for row in store.query(text).rows:
        if row.get("speaker") is None:
            raise _Stale
        position, dkey = int(str(row["position"])), row.get("dkey")
        key = None if dkey is None else str(dkey)
        if position not in found or (key is not None and (found[position] is None
                                                          or key < found[position])):
            found[position] = key
    return found
