"""The bounded load test (see loadtest.py): readers and a writer against a live server on
127.0.0.1, a fixed number of requests. ``make soak`` runs both sizes; the figures of a run are
printed and go to docs/benchmarks.md by hand (speed claims live there, not in assertions).

Asserted: zero errors, every read of a document consistent (whole or absent), and the server's
memory after the run within 10% of before it.
"""

from __future__ import annotations

import json
import os

import pytest

from tests.reliability.loadtest import run_load

SIZES = {"100k": (100_000, 8, 2_000), "1M": (1_000_000, 16, 800)}


@pytest.mark.soak
@pytest.mark.parametrize("size", list(SIZES))
def test_mixed_reads_while_writing(tmp_path, size):
    triples, clients, requests_total = SIZES[size]
    clients = int(os.environ.get("CLAIMGRAPH_SOAK_CLIENTS", clients))
    summary = run_load(tmp_path, triples=triples, clients=clients, requests_total=requests_total)
    print(json.dumps(summary, indent=1))
    assert summary["warmup_errors"] == 0
    assert summary["errors"] == 0, summary["error_samples"]
    assert summary["inconsistent"] == 0, summary["inconsistent_samples"]
    assert summary["writes"] > 0 and summary["by_kind"]["doc-count"]["n"] > 0
    assert abs(summary["rss_change"]) <= 0.10, summary
