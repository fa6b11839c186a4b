"""Fixtures for the network tests: the seed and the synthetic graph in memory stores."""

from __future__ import annotations

import pytest
from network_store import load_seed, load_synthetic

from claimgraph.graph.store import open_store


@pytest.fixture(scope="session")
def seed_store():
    """The seed article in an in-memory store (read-only use)."""
    store = open_store("memory:")
    load_seed(store)
    yield store
    store.close()


@pytest.fixture(scope="session")
def synthetic_store():
    """The hand-checked synthetic graph in an in-memory store (read-only use)."""
    store = open_store("memory:")
    load_synthetic(store)
    yield store
    store.close()
