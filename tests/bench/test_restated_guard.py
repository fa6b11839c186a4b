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
derivation, on the seed once and on the seed with its restatable facts in COPIES graphs.
"""

from __future__ import annotations

import datetime
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
        many = fastest(lambda: QueryRunner(restated, CATALOG).execute(name, params),
                       cap=BOUND * base)
        assert many <= BOUND * base, (
            f"{name} {params}: {many * 1000:.1f} ms with the seed's facts in {COPIES} graphs, "
            f"{base * 1000:.2f} ms with them once ({many / base:.0f}x; at most {BOUND}x)")


def test_ledger_derivation_time_grows_linearly_with_restatements():
    timings = []
    for copies in (1, COPIES):
        graphs = seed_graphs(copies)

        def derive() -> None:
            store = store_with(*graphs)
            refresh(store, as_of=AS_OF, now=NOW)

        timings.append(fastest(derive, cap=BOUND * timings[0] if timings else 10.0))
    base, many = timings
    assert many <= BOUND * base, (
        f"ledger: {many * 1000:.0f} ms with the seed's facts in {COPIES} graphs, "
        f"{base * 1000:.0f} ms with them once ({many / base:.0f}x; at most {BOUND}x)")
