"""Fixtures for the network tests: the seed and the synthetic graph in Oxigraph stores."""

from __future__ import annotations

import pytest
from network_store import OxiStore, load_seed, load_synthetic


@pytest.fixture(scope="session")
def seed_store() -> OxiStore:
    """The seed article in an in-memory store (read-only use)."""
    store = OxiStore()
    load_seed(store)
    return store


@pytest.fixture(scope="session")
def synthetic_store() -> OxiStore:
    """The hand-checked synthetic graph in an in-memory store (read-only use)."""
    store = OxiStore()
    load_synthetic(store)
    return store
