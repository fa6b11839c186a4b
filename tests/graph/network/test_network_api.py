"""``/api/graph/…`` on a minimal Flask app with the blueprint and the seed store."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from network_store import MALOMUZH, POKROVSK, PUTIN


@pytest.fixture(scope="module")
def app(seed_store):
    from claimgraph.server.app import create_app

    application = create_app({"STORE": seed_store, "TESTING": True, "QUERY_TIMEOUT": 10})
    yield application
    application.extensions["claimgraph.sparql"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def test_stats(client):
    response = client.get("/api/graph/stats?projection=actors&kind=denial")
    assert response.status_code == 200
    assert response.get_json()["nodes"] == 2


def test_rank(client):
    response = client.get("/api/graph/rank?projection=actor-location&metric=strength"
                          "&role=location&top=2")
    assert response.status_code == 200
    body = response.get_json()
    assert body["metric"] == "strength" and len(body["results"]) == 2
    assert body["results"][0]["iri"] == POKROVSK


def test_communities(client):
    body = client.get("/api/graph/communities?method=louvain&seed=3").get_json()
    assert body["seed"] == 3
    assert sum(len(c) for c in body["communities"]) == 9


def test_path(client):
    response = client.get("/api/graph/path", query_string={"start": "Malomuzh", "end": POKROVSK})
    assert response.status_code == 200
    body = response.get_json()
    assert body["length"] == 2
    assert [s["speaker"] for s in body["statements"]] == [MALOMUZH]


@pytest.mark.parametrize("fmt", ["graphml", "gexf", "node-link", "cytoscape", "csv-nodes",
                                 "csv-edges"])
def test_export(client, fmt):
    response = client.get(f"/api/graph/export?format={fmt}")
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    if fmt == "graphml":
        assert nx.read_graphml(io.StringIO(text)).has_edge(MALOMUZH, PUTIN)
    elif fmt == "gexf":
        assert nx.read_gexf(io.BytesIO(text.encode())).has_edge(MALOMUZH, PUTIN)
    elif fmt == "node-link":
        assert nx.node_link_graph(json.loads(text), edges="edges").has_edge(MALOMUZH, PUTIN)
    elif fmt == "cytoscape":
        assert nx.cytoscape_graph(json.loads(text), name="label").has_edge(MALOMUZH, PUTIN)
    else:
        assert text.startswith("Id,Label" if fmt == "csv-nodes" else "Source,Target")


@pytest.mark.parametrize("url, status, detail", [
    ("/api/graph/export?format=pajek", 400, "format"),
    ("/api/graph/rank?metric=fame", 400, "metric"),
    ("/api/graph/rank?top=zero", 400, "top"),
    ("/api/graph/stats?from=yesterday", 400, "date_from"),
    ("/api/graph/stats?projection=neighbourhood&entity=Atlantis", 404, "Atlantis"),
    ("/api/graph/path?start=Malomuzh", 400, "start and end"),
    ("/api/graph/path?start=Malomuzh&end=Nobody", 404, "Nobody"),
    ("/api/graph/path?start=Malomuzh&end=Washington,+D.C.&projection=actor-location", 404,
     "not a node"),
    ("/api/graph/stats?projection=neighbourhood&entity=Putin&hops=9", 400, "hops"),
    ("/api/graph/rank?role=bogus", 400, "role: 'bogus' is not one of actor, location"),
    ("/api/graph/stats?min_weight=nan", 400, "min_weight: nan is not a number of 0 or more"),
    ("/api/graph/communities?resolution=nan", 400, "resolution: nan is not a positive number"),
    ("/api/graph/communities?resolution=-1", 400, "resolution: -1.0 is not a positive number"),
])
def test_errors(client, url, status, detail):
    response = client.get(url)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["status"] == status and error["title"] and detail in error["detail"]


@pytest.mark.parametrize("endpoint", ["stats", "rank", "communities", "export?format=gexf",
                                      "export?format=graphml", "export?format=csv-edges"])
def test_empty_projection_is_not_an_error(client, endpoint):
    # No statement in the seed is a demand: every endpoint answers for the empty graph.
    separator = "&" if "?" in endpoint else "?"
    response = client.get(f"/api/graph/{endpoint}{separator}kind=demand")
    assert response.status_code == 200
