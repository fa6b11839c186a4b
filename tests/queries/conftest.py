"""Fixtures of the catalog tests: the seed store, the synthetic store, and ways to ask them
through Python, the CLI and HTTP."""

from __future__ import annotations

import pytest

from tests.queries.helpers import Asker, make_api_app, serve_url
from tests.queries.oxistore import seed_store, store_with
from tests.queries.synthetic import synthetic_graphs


@pytest.fixture(scope="session")
def seed():
    return seed_store()


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory):
    # with its claim ledger derived, as ``claimgraph load`` leaves a store: the whole-graph
    # listings (actor-network, contradictions, ...) read what the ledger refresh derives
    from claimgraph.graph.ledger import refresh

    store = store_with(*synthetic_graphs(tmp_path_factory.mktemp("synthetic")))
    refresh(store)
    return store


@pytest.fixture
def runner():
    from click.testing import CliRunner
    return CliRunner()


@pytest.fixture(params=["python", "cli", "http"])
def ask_seed(request, seed, monkeypatch):
    return Asker(request.param, seed, serve_url(seed, "seed", monkeypatch), make_api_app(seed))


@pytest.fixture(params=["python", "cli", "http"])
def ask_synthetic(request, synthetic, monkeypatch):
    return Asker(request.param, synthetic, serve_url(synthetic, "synthetic", monkeypatch),
                 make_api_app(synthetic))
