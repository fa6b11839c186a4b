"""The resolver's name cache follows the store's data version, not a COUNT per lookup."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from claimgraph.graph.store import open_store
from claimgraph.queries.params import ParameterError
from claimgraph.queries.runner import QueryRunner

FOAF_AGENT = URIRef("http://xmlns.com/foaf/0.1/Agent")
GRAPH = "https://w3id.org/claimgraph/id/document/freshness"


def agent(slug: str, label: str) -> list:
    iri = URIRef(f"https://w3id.org/claimgraph/id/person/{slug}")
    return [(iri, RDF.type, FOAF_AGENT), (iri, RDFS.label, Literal(label))]


def test_every_write_changes_the_version_and_reads_do_not():
    store = open_store("memory:")
    first = store.data_version()
    store.query("SELECT * WHERE { ?s ?p ?o }")
    assert store.data_version() == first
    store.replace_graph(GRAPH, agent("a", "Anna Alpha"))
    second = store.data_version()
    assert second != first
    store.update("INSERT DATA { GRAPH <urn:x> { <urn:a> <urn:b> <urn:c> } }")
    assert store.data_version() != second


def test_names_written_after_the_first_lookup_resolve(monkeypatch):
    store = open_store("memory:")
    store.replace_graph(GRAPH, agent("a", "Anna Alpha"))
    runner = QueryRunner(store)
    assert str(runner.resolver.resolve("actor", "actor", "Anna Alpha")).endswith("/a")
    monkeypatch.setattr(type(store), "count", lambda *a, **k: pytest.fail("count() per lookup"))
    assert str(runner.resolver.resolve("actor", "actor", "anna alpha")).endswith("/a")
    store.replace_graph(GRAPH, agent("a", "Anna Alpha") + agent("b", "Boris Beta"))
    assert str(runner.resolver.resolve("actor", "actor", "Boris Beta")).endswith("/b")
    store.replace_graph(GRAPH, agent("b", "Boris Beta"))
    with pytest.raises(ParameterError):
        runner.resolver.resolve("actor", "actor", "Anna Alpha")

