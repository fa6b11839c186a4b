"""The Python facade: ``claimgraph.Graph``."""

from __future__ import annotations

import pytest

import claimgraph
from claimgraph import Graph
from claimgraph.queries import ParameterError, run


def test_graph_query_search_sparql(seed):
    graph = Graph.open(seed)
    deadlines = graph.query("deadlines", location="Pokrovsk")
    assert deadlines[0]["count"] == 16
    assert graph.search("kupyansk")[0]["label"] == "Kupiansk"
    result = graph.sparql("ASK { ?s <https://w3id.org/claimgraph/ontology#speaker> ?o }")
    assert result.boolean is True
    with pytest.raises(ParameterError):
        graph.query("deadlines")
    assert run(seed, "deadlines", location="Pokrovsk") == deadlines


def test_graph_by_url_and_context_manager(seed, monkeypatch):
    from tests.queries.helpers import serve_url
    with Graph.open(serve_url(seed, "seed", monkeypatch)) as graph:
        assert graph.query("roles", actor="Putin")[0]["title"] == "President of Russia"


def test_version_is_kept():
    assert claimgraph.__version__ == "0.1.0"
