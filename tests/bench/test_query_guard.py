"""Regression guard for the catalog's query plans, cheap enough for every ``make test``.

At about 100k synthetic triples (claimgraph/graph/synthetic.py, with the claim ledger derived),
each catalog query is timed on the embedded engine (``memory:``) and on rdflib's in-memory store
holding the same quads, in the same run. The guard is a ratio, never an absolute time: a query
fails when its time over rdflib's exceeds GENEROUS times its budget, the ratio measured when the
budget was set (bench/bench_queries.py gives the full figures). A plan that turns a lookup into a
nested loop is hundreds of times slower than its budget; machine speed and load move both sides.

rdflib runs stop at RDFLIB_CAP seconds and count as that long (a lower bound on rdflib's time,
so the measured ratio can only be too high, never flatter a slow query).
"""

from __future__ import annotations

import datetime
import io
import statistics
import time

import pytest

from bench.params import catalog_params
from bench.rdflib_store import RdflibStore
from bench.timing import TimeLimit, time_limit
from claimgraph.graph import ledger
from claimgraph.graph.store import open_store
from claimgraph.graph.synthetic import SyntheticGraph
from claimgraph.queries.catalog import Catalog
from claimgraph.queries.runner import QueryRunner

SIZE, SEED = 100_000, 1
RDFLIB_CAP = 1.5
RUNS = 3
GENEROUS = 10
# time(memory:) / min(time(rdflib), RDFLIB_CAP) per query, measured at 100k on the 2-core machine
# (2026-11-25; actor-network, contradictions, recurring-claims on their paged listings 2026-11-26),
# and at least FLOOR, so that a sub-millisecond query is not judged on scheduler
# noise. A new catalog query without a budget gets DEFAULT_BUDGET (the goal: at least
# 10 times faster than rdflib).
FLOOR = 0.01
DEFAULT_BUDGET = 0.1
# Branch qa (2026-11-26) tightened claim-status, negotiations, statements-by and timeline to their
# new ratios, and raised disputes from FLOOR to 0.033: its rewrite runs in 4.9 ms instead of 26 ms
# here, but rdflib runs the rewritten query ten times faster too (153 ms; it was cut at 1.5 s), so
# the ratio of the same run rose while both times fell.
# Locations raised from 0.031 to 0.07 on 2026-11-28, when the synthetic graph began restating
# the entities each article mentions (as loaded annotations do): 197 ms against rdflib's 323 ms
# here, where the graph without restatements gave 0.03. A rewrite of the same day (grouped
# stages, branch s20-h1: the 1M page 389 -> 45 ms) made Virtuoso 7.2 fail with an internal
# compiler error (SQ156) and was not kept; issue 10's notes follow it.
BUDGETS: dict[str, float] = {
    "actor-network": 0.04, "claim-status": 0.025, "claims-about-location": FLOOR,
    "contradictions": FLOOR, "deadlines": FLOOR, "disputes": 0.033, "expired-deadlines": 0.024,
    "external-links": FLOOR, "locations": 0.07, "negotiations": 0.025, "path": 0.033,
    "recurring-claims": FLOOR, "roles": FLOOR, "sources": 0.031, "statements-about": FLOOR,
    "statements-by": 0.018, "targets": FLOOR, "timeline": 0.16, "track-record": FLOOR,
}


@pytest.fixture(scope="module")
def timings(tmp_path_factory) -> dict[str, tuple[float, float, bool]]:
    """name -> (median seconds on memory:, rdflib seconds or the cap, whether rdflib was cut)."""
    path = tmp_path_factory.mktemp("guard") / "synthetic.nq"
    with open(path, "w", encoding="utf-8") as out:
        SyntheticGraph(SIZE, SEED).write(out)
    store = open_store("memory:")
    store.load_file(str(path), "application/n-quads", default_graph="urn:unused")
    ledger.refresh(store, as_of=datetime.date(2026, 1, 1),
                   now=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    dump = io.BytesIO()
    store.export(dump, "nquads")
    baseline = RdflibStore()
    baseline.parse(data=dump.getvalue(), format="nquads")
    catalog = Catalog.load()
    params = catalog_params(SIZE, SEED, catalog)
    ours, theirs = QueryRunner(store, catalog), QueryRunner(baseline, catalog)
    out = {}
    for name in catalog.names():
        ours.execute(name, params[name])  # warm-up: caches, first-touch allocation
        runs = []
        for _ in range(RUNS):
            started = time.perf_counter()
            ours.execute(name, params[name])
            runs.append(time.perf_counter() - started)
        started, cut = time.perf_counter(), False
        try:
            with time_limit(RDFLIB_CAP):
                theirs.execute(name, params[name])
        except TimeLimit:
            cut = True
        out[name] = (statistics.median(runs), min(time.perf_counter() - started, RDFLIB_CAP), cut)
    return out


@pytest.mark.parametrize("name", Catalog.load().names())
def test_query_within_rdflib_relative_budget(timings, name):
    ours, theirs, cut = timings[name]
    ratio = ours / theirs
    budget = BUDGETS.get(name, DEFAULT_BUDGET)
    assert ratio <= GENEROUS * budget, (
        f"{name}: {ours * 1000:.1f} ms on the embedded store, {theirs * 1000:.0f} ms on rdflib"
        f"{' (cut)' if cut else ''}: ratio {ratio:.3f} exceeds {GENEROUS} x budget {budget}; "
        "a worse query plan? (bench/bench_queries.py gives the full picture)")
