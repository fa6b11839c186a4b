"""Fixtures for the server tests: an app over a memory store holding data/fixture.trig, and
``web_store``, a memory store holding the seed annotation, for the page tests."""

from __future__ import annotations

import socket
import threading
from pathlib import Path

import pyoxigraph as ox
import pytest

from claimgraph.graph import store as store_module

DATA = Path(__file__).parent / "data"
DOC_A = "https://w3id.org/claimgraph/id/document/doc-a"
DOC_B = "https://w3id.org/claimgraph/id/document/doc-b"
TOKEN = "test-token-0123456789"


def load_fixture(store) -> None:
    """Put each graph of fixture.trig into ``store`` through the Store interface."""
    from claimgraph.graph.backends.terms import to_rdflib

    by_graph: dict[str, list] = {}
    for quad in ox.parse(path=str(DATA / "fixture.trig"), format=ox.RdfFormat.TRIG):
        by_graph.setdefault(quad.graph_name.value, []).append(
            (to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    for graph_iri, triples in by_graph.items():
        store.replace_graph(graph_iri, triples)


@pytest.fixture
def store():
    store = store_module.open_store("memory:")
    load_fixture(store)
    return store


@pytest.fixture
def app_config():
    """Override in a test module to change settings."""
    return {}


@pytest.fixture
def app(store, app_config):
    from claimgraph.server.app import create_app

    application = create_app({"STORE": store, "TESTING": True, "QUERY_TIMEOUT": 10,
                              "UPDATE_TOKEN": TOKEN, **app_config})
    yield application
    application.extensions["claimgraph.sparql"].close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def live_server(app):
    """The app served by a threaded werkzeug server on 127.0.0.1; yields its base URL."""
    from werkzeug.serving import make_server

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = make_server("127.0.0.1", port, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{port}"
    server.shutdown()
    thread.join(5)


@pytest.fixture(scope="session")
def web_store():
    """A memory store loaded with the seed annotation (shared: the page tests only read)."""
    from tests.server.webapp import seeded_store

    return seeded_store()
