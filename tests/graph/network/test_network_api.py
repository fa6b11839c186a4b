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


@pytest.mark.parametrize("url, status, parameter, detail", [
    ("/api/graph/export?format=pajek", 400, "format", "parameter 'format': 'pajek' is not one"),
    ("/api/graph/rank?metric=fame", 400, "metric", "parameter 'metric': 'fame' is not one"),
    ("/api/graph/rank?top=zero", 400, "top", "parameter 'top': 'zero' is not an integer"),
    ("/api/graph/stats?from=yesterday", 400, "from", "parameter 'from': 'yesterday' is not a"),
    ("/api/graph/stats?from=2025-03-01&to=2025-02-01", 400, "from",
     "parameter 'from': 2025-03-01 is after the end date 2025-02-01"),
    ("/api/graph/stats?kind=rumour", 400, "kind", "parameter 'kind': 'rumour' is not a"),
    ("/api/graph/stats?projection=neighbourhood&entity=Atlantis", 404, "entity", "Atlantis"),
    ("/api/graph/stats?projection=neighbourhood", 400, "entity", "is required"),
    ("/api/graph/path?start=Malomuzh", 400, "end", "parameter 'end': is required"),
    ("/api/graph/path?start=Malomuzh&end=Nobody", 404, "end", "Nobody"),
    ("/api/graph/path?start=Moscow&end=Putin", 400, "start", "'Moscow' is ambiguous"),
    ("/api/graph/path?start=Malomuzh&end=Washington,+D.C.&projection=actor-location", 404,
     "end", "not a node"),
    ("/api/graph/stats?ego=Pokrovsk", 404, "ego", "not a node of the actors graph"),
    ("/api/graph/stats?projection=neighbourhood&entity=Putin&hops=9", 400, "hops", "hops"),
    ("/api/graph/stats?radius=x", 400, "radius", "parameter 'radius': 'x' is not an integer"),
    ("/api/graph/rank?role=bogus", 400, "role",
     "parameter 'role': 'bogus' is not one of actor, location"),
    ("/api/graph/stats?min_weight=nan", 400, "min_weight",
     "parameter 'min_weight': nan is not a number of 0 or more"),
    ("/api/graph/communities?resolution=nan", 400, "resolution",
     "parameter 'resolution': nan is not a positive number"),
    ("/api/graph/communities?resolution=-1", 400, "resolution",
     "parameter 'resolution': -1.0 is not a positive number"),
    # what the command refuses, the API refused not: these answered the unfiltered network
    ("/api/graph/stats?source=nosuch", 400, "source",
     "parameter 'source': no statement in the store comes from "
     "<https://w3id.org/claimgraph/id/document/nosuch>"),
    ("/api/graph/stats?kinds=denial", 400, "kinds", "unknown parameter 'kinds': "
     "/api/graph/stats takes projection, entity, hops"),
    ("/api/graph/stats?min-weight=2", 400, "min-weight", "unknown parameter 'min-weight'"),
    ("/api/graph/stats?format=json", 400, "format", "unknown parameter 'format'"),
    ("/api/graph/path?source=Malomuzh&target=Putin", 400, "target",
     "unknown parameter 'target'"),
    ("/api/graph/rank?metric=degree&metric=pagerank", 400, "metric",
     "parameter 'metric' is given 2 times"),
])
def test_errors(client, url, status, parameter, detail):
    response = client.get(url)
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["status"] == status and error["title"] and detail in error["detail"], error
    assert error["parameter"] == parameter


def test_kind_and_source_repeat(client):
    both = client.get("/api/graph/stats?kind=denial&kind=claim").get_json()
    assert both["filters"] == client.get("/api/graph/stats?kind=denial,claim").get_json()[
        "filters"] == "kinds=claim,denial"
    source = "tsn-2972918-malomuzh-six-axes"
    response = client.get(f"/api/graph/stats?source={source}&source={source}")
    assert response.status_code == 200 and response.get_json()["nodes"] > 0


PROJECTION = {"projection", "entity", "hops", "from", "to", "kind", "source", "min_weight",
              "ego", "radius"}
OWN = {"stats": set(), "rank": {"metric", "top", "role"},
       "communities": {"method", "seed", "resolution"}, "path": {"start", "end"},
       "export": {"format"}}


def test_openapi_describes_every_endpoint_and_the_endpoints_take_what_it_says(client):
    # /api/openapi.json left /api/graph out, so the fuzz test never called it
    doc = client.get("/api/openapi.json").get_json()
    for endpoint, own in OWN.items():
        operation = doc["paths"][f"/api/graph/{endpoint}"]["get"]
        declared = {p["name"]: p for p in operation["parameters"]}
        assert set(declared) == PROJECTION | own
        assert {n for n, p in declared.items() if p["required"]} == (
            {"start", "end"} if endpoint == "path" else set())
        assert set(operation["responses"]) >= {"200", "400", "404", "503"}
        args = {"start": "Malomuzh", "end": "Pokrovsk"} if endpoint == "path" else {}
        assert client.get(f"/api/graph/{endpoint}", query_string=args).status_code == 200
        refused = client.get(f"/api/graph/{endpoint}", query_string={**args, "bogus": "1"})
        assert refused.status_code == 400 and refused.get_json()["error"]["parameter"] == "bogus"
    from openapi_spec_validator import validate
    validate(doc)


@pytest.mark.parametrize("endpoint", ["stats", "rank", "communities", "export?format=gexf",
                                      "export?format=graphml", "export?format=csv-edges"])
def test_empty_projection_is_not_an_error(client, endpoint):
    # No statement in the seed is a demand: every endpoint answers for the empty graph.
    separator = "&" if "?" in endpoint else "?"
    response = client.get(f"/api/graph/{endpoint}{separator}kind=demand")
    assert response.status_code == 200
