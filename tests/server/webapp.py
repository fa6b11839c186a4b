"""The app the page tests run: the real create_app over a memory store holding the seed."""

from __future__ import annotations

from pathlib import Path

from flask import Flask

from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
from claimgraph.graph.store import Store


def seeded_store() -> Store:
    """A memory store holding the bundled seed annotation(s)."""
    from claimgraph.graph.store import open_store

    store = open_store("memory:")
    for path in bundled_annotations():
        graph_iri, graph = annotation_to_graph(Path(path))
        store.replace_graph(graph_iri, graph)
    return store


def make_app(store: Store) -> Flask:
    """The real application over ``store``."""
    from claimgraph.server.app import create_app

    return create_app({"STORE": store, "TESTING": True})
