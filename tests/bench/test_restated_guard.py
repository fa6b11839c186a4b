"""Regression guard: facts restated by many articles cost linear time, not exponential.

Every article graph restates the entities it names (their types, labels, memberships) and a
copy of an article restates its statements too. The embedded engine's union of the named
graphs gives such a triple once per graph that holds it, so a query that joins k patterns over
restated facts before it removes duplicates does COPIES**k times the work: on the seed with its
facts in four graphs, claims-about-location took 1.5 s instead of 1.6 ms. A query written for
restated facts collects each thing's facts once (DISTINCT or grouped sub-selects) before it joins,
and costs at most about COPIES times more.

The guard is a ratio of two times measured in the same run, never an absolute time: each catalog
query (its example parameters, and whole with limit=0 where it pages) and the claim ledger's
derivation, on the seed once and on the seed with its restatable facts in COPIES graphs. The
restated timings run in a forked child that is killed once it is clearly over the bound, so a
query that grows exponentially fails in seconds instead of running for minutes (pyoxigraph
cannot cancel a query).
"""

from __future__ import annotations

import datetime
import os
import signal
import struct
import time
from collections.abc import Callable

import pytest

from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
from claimgraph.graph.ledger import refresh
from claimgraph.graph.store import Store
from claimgraph.queries import Catalog, QueryRunner
from tests.queries.oxistore import store_with
from tests.queries.test_repeated_triples import restating

COPIES = 8
# linear growth is at most COPIES; a join over copies grows as COPIES**patterns (hundreds and up)
BOUND = 4 * COPIES
RUNS = 5
# the restated child stops measuring once one run took GIVE_UP times the bound: far beyond any
# noise, and an exponential query is still stopped in seconds. Stopping at the bound itself let
# one slow first run in the fork (the shared machine busy, the child's pages being copied on
# write) fail the guard at 42-45x in CI where the same query measured 1.4x on its own.
GIVE_UP = 10
AS_OF = datetime.date(2032, 1, 1)
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
CATALOG = Catalog.load()


def seed_graphs(copies: int) -> list:
    graph = annotation_to_graph(bundled_annotations()[0])
    extra = restating(graph[1])
    return [graph] + [(f"https://example.org/graph/restating-{i}", extra)
                      for i in range(copies - 1)]


@pytest.fixture(scope="module")
def stores() -> tuple[Store, Store]:
    """(the seed with its ledger, the seed with its facts in COPIES graphs and its ledger)."""
    made = []
    for copies in (1, COPIES):
        store = store_with(*seed_graphs(copies))
        refresh(store, as_of=AS_OF, now=NOW)
        made.append(store)
    return made[0], made[1]


def fastest(action: Callable[[], object], cap: float) -> float:
    """The least of RUNS timings of ``action``; one run only when that already exceeds ``cap``."""
    best = float("inf")
    for _ in range(RUNS):
        started = time.perf_counter()
        action()
        best = min(best, time.perf_counter() - started)
        if best > cap:
            break
    return best


def fastest_in_child(action: Callable[[], object], cap: float) -> float:
    """``fastest(action, GIVE_UP * cap)`` run in a forked child; ``inf`` when the child has not
    answered within RUNS times that plus a second (it is then killed), or failed."""
    give_up = GIVE_UP * cap
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # the child: measure, report the time as a double, and leave at once
        code = 1
        try:
            os.close(read_end)
            os.write(write_end, struct.pack("d", fastest(action, give_up)))
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    deadline = time.monotonic() + RUNS * give_up + 1.0
    try:
        while time.monotonic() < deadline:
            finished, status = os.waitpid(child, os.WNOHANG)
            if finished:
                data = os.read(read_end, 8)
                ok = os.waitstatus_to_exitcode(status) == 0 and len(data) == 8
                return struct.unpack("d", data)[0] if ok else float("inf")
            time.sleep(0.005)
        os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
        return float("inf")
    finally:
        os.close(read_end)


def verdict(what: str, many: float, base: float) -> str:
    """The failure message for ``many`` seconds with the facts in COPIES graphs, ``base`` once."""
    if many == float("inf"):
        restated = f"killed after {RUNS * GIVE_UP * BOUND * base + 1:.1f} s"
    else:
        restated = f"{many * 1000:.1f} ms ({many / base:.0f}x)"
    return (f"{what}: {restated} with the seed's facts in {COPIES} graphs, {base * 1000:.2f} ms "
            f"with them once (at most {BOUND}x)")


def variants(name: str) -> list[dict[str, str]]:
    query = CATALOG.get(name)
    found = [dict(query.example)]
    if query.param("limit"):
        found.append({**query.example, "limit": "0"})
    return found


@pytest.mark.parametrize("name", CATALOG.names())
def test_catalog_query_time_grows_linearly_with_restatements(stores, name):
    once, restated = stores
    for params in variants(name):
        base = fastest(lambda: QueryRunner(once, CATALOG).execute(name, params), cap=1.0)
        many = fastest_in_child(lambda: QueryRunner(restated, CATALOG).execute(name, params),
                                cap=BOUND * base)
        assert many <= BOUND * base, verdict(f"{name} {params}", many, base)


def test_ledger_derivation_time_grows_linearly_with_restatements():
    timings = []
    for copies in (1, COPIES):
        graphs = seed_graphs(copies)

        def derive() -> None:
            store = store_with(*graphs)
            refresh(store, as_of=AS_OF, now=NOW)

        if timings:
            timings.append(fastest_in_child(derive, cap=BOUND * timings[0]))
        else:
            timings.append(fastest(derive, cap=10.0))
    base, many = timings
    assert many <= BOUND * base, verdict("ledger", many, base)
