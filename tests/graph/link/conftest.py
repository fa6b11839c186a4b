"""Fixtures for linking: a live SPARQL endpoint on 127.0.0.1 serving the reference Wikidata
extract plus decoys of our own, and a store holding the seed without its hand-entered links."""

from __future__ import annotations

from typing import Iterator

import pytest

from tests.graph.link.link_helpers import DECOYS, REFERENCE, SparqlTestEndpoint, unlinked_copy


@pytest.fixture(scope="session")
def reference_ttl() -> str:
    if not REFERENCE.is_file():
        pytest.skip(f"the reference extract is not at {REFERENCE} (../shared beside the repo)")
    return REFERENCE.read_text("utf-8")


@pytest.fixture
def endpoint(reference_ttl: str) -> Iterator[SparqlTestEndpoint]:
    """The reference extract plus our decoys, served live on 127.0.0.1."""
    server = SparqlTestEndpoint(reference_ttl, DECOYS)
    yield server
    server.close()


@pytest.fixture
def store():
    from claimgraph.graph.store import open_store

    s = open_store("memory:")
    yield s
    s.close()


@pytest.fixture
def seed_store(store, seed_graph):
    """A store holding the seed article's graph without its links to external datasets."""
    graph_iri, graph = seed_graph
    store.replace_graph(graph_iri, unlinked_copy(graph))
    return store

