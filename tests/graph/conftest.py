"""Fixtures for the store tests: one ``store`` fixture per backend."""

from __future__ import annotations

import pytest

from claimgraph.graph.store import open_store
from tests.graph.sparql_protocol_server import SparqlProtocolServer


@pytest.fixture(scope="session")
def sparql_server():
    server = SparqlProtocolServer()
    yield server
    server.stop()


@pytest.fixture(params=["memory", "oxigraph", "sparql"])
def store(request, tmp_path):
    """An empty store of each backend: memory:, oxigraph:TMP, sparql: against a local server."""
    if request.param == "memory":
        url = "memory:"
    elif request.param == "oxigraph":
        url = f"oxigraph:{tmp_path / 'store'}"
    else:
        server = request.getfixturevalue("sparql_server")
        server.store.clear()
        url = f"sparql:{server.url};timeout=20"
    opened = open_store(url)
    yield opened
    opened.close()


@pytest.fixture
def small_writes(monkeypatch):
    """Make every backend take its large-write (streamed, staged) path from 5 quads on (and
    never Oxigraph's difference path, which test_store_backends.py tests by itself)."""
    from claimgraph.graph.backends import oxigraph_writes, sparql

    monkeypatch.setattr(oxigraph_writes, "SMALL_WRITE", 5)
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_READ", 0)
    monkeypatch.setattr(oxigraph_writes, "DIFFERENCE_CHANGES", 0)
    monkeypatch.setattr(sparql, "BATCH", 5)
