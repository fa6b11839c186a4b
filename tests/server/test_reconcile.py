"""The Reconciliation API at /reconcile: manifest, single and batched (OpenRefine-style) queries
with types, properties and limits, preview and suggest, modelled on the spec's examples."""

from __future__ import annotations

import json

import pytest
from flask import Flask

from claimgraph.server.reconcile import bp


@pytest.fixture
def app(seed_graph):
    from claimgraph.graph.store import open_store

    store = open_store("memory:")
    store.replace_graph(*seed_graph)
    try:
        from claimgraph.server.app import create_app
    except ImportError:  # the server is not merged into this branch yet
        application = Flask("test")
        application.config.update(STORE=store, TESTING=True)
        application.register_blueprint(bp)
        return application
    return create_app({"STORE": store, "TESTING": True})


@pytest.fixture
def client(app):
    return app.test_client()


def _batch(client, queries, method="post"):
    payload = {"queries": json.dumps(queries)}
    response = client.post("/reconcile", data=payload) if method == "post" \
        else client.get("/reconcile", query_string=payload)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()


def test_manifest(client):
    response = client.get("/reconcile")
    m = response.get_json()
    assert "0.2" in m["versions"] and m["name"]
    assert m["identifierSpace"] == "https://w3id.org/claimgraph/id/"
    assert m["schemaSpace"] == "https://w3id.org/claimgraph/ontology#"
    assert "{{id}}" in m["view"]["url"] and "{{id}}" in m["preview"]["url"]
    assert isinstance(m["preview"]["width"], int) and isinstance(m["preview"]["height"], int)
    assert {t["id"] for t in m["defaultTypes"]} >= {"Person", "City"}
    assert m["suggest"]["entity"]["service_path"] == "/reconcile/suggest/entity"


def test_manifest_jsonp(client):
    response = client.get("/reconcile?callback=jsonp123")
    text = response.get_data(as_text=True)
    assert response.mimetype == "application/javascript"
    assert text.startswith("/**/jsonp123(") and text.endswith(");")
    assert json.loads(text[len("/**/jsonp123("):-2])["versions"]
    assert client.get("/reconcile?callback=alert(1)").status_code == 400


def test_single_query_string_and_object(client):
    result = client.get("/reconcile?query=Pokrovsk").get_json()["result"]
    assert result[0]["id"] == "city/pokrovsk" and result[0]["match"] is True
    assert result[0]["score"] == 100 and result[0]["type"] == [{"id": "City", "name": "City"}]
    obj = json.dumps({"query": "Kupyansk", "type": "City", "limit": 1})
    result = client.get("/reconcile", query_string={"query": obj}).get_json()["result"]
    assert [r["id"] for r in result] == ["city/kupiansk"]


def test_openrefine_batch(client):
    # As OpenRefine sends them: a form field holding q0..qN with type and limit.
    out = _batch(client, {
        "q0": {"query": "Kostyantynivka", "type": "City", "limit": 3, "type_strict": "should"},
        "q1": {"query": "Путін", "type": "Person", "limit": 3},
        "q2": {"query": "Hulyaipole", "limit": 3},
        "q3": {"query": "Zaporizhia", "type": "Region"},
        "q4": {"query": "Mykola Malomuzh", "type": "Person"},
        "q5": {"query": "Куп’янськ"},
        "q6": {"query": "nothing like any name here", "type": "City"},
    })
    assert set(out) == {f"q{n}" for n in range(7)}
    first = {k: v["result"][0]["id"] if v["result"] else None for k, v in out.items()}
    assert first == {"q0": "city/kostiantynivka", "q1": "person/vladimir-putin",
                     "q2": "city/huliaipole", "q3": "region/zaporizhzhia-oblast",
                     "q4": "person/mykola-malomuzh", "q5": "city/kupiansk", "q6": None}
    assert all(v["result"][0]["match"] for k, v in out.items() if k != "q6")
    assert _batch(client, {"q0": {"query": "Pokrovsk"}}, method="get")["q0"]["result"][0][
        "id"] == "city/pokrovsk"


def test_types_filter(client):
    out = _batch(client, {"q0": {"query": "Ukraine", "type": "City"},
                          "q1": {"query": "Ukraine", "type": ["State", "Country"]},
                          "q2": {"query": "Kremlin", "type": "Actor"},
                          "q3": {"query": "Kremlin", "type": "Location"}})
    assert out["q0"]["result"] == [] or out["q0"]["result"][0]["id"] != "country/ukraine"
    assert out["q1"]["result"][0]["id"] == "country/ukraine"
    assert out["q2"]["result"][0]["id"] == "organization/kremlin"
    assert all(r["id"] != "organization/kremlin" for r in out["q3"]["result"])


def test_properties_change_the_score(client):
    out = _batch(client, {
        "q0": {"query": "Pokrovsk", "properties": [{"pid": "locatedIn", "v": "Donetsk Oblast"}]},
        "q1": {"query": "Pokrovsk", "properties": [{"pid": "locatedIn", "v": "Kharkiv Oblast"}]},
        "q2": {"query": "Pokrovsk", "properties": [{"pid": "locatedIn",
                                                    "v": {"id": "country/ukraine"}}]},
        "q3": {"query": "Putin", "properties": [{"pid": "wikidata", "v": "Q7747"}]},
        "q4": {"query": "Putin", "properties": [{"pid": "wikidata", "v": "Q1"}]},
    })
    assert out["q0"]["result"][0]["score"] == 100 and out["q0"]["result"][0]["match"]
    assert out["q1"]["result"][0]["score"] == 80 and not out["q1"]["result"][0]["match"]
    assert out["q2"]["result"][0]["score"] == 100
    assert out["q3"]["result"][0]["score"] > out["q4"]["result"][0]["score"]


def test_a_qid_another_entity_holds_contradicts(client):
    """Malomuzh has no Wikidata item; Q7747 is Putin's (owl:sameAs): a row naming Malomuzh with
    Putin's QID contradicts what we know and must not be auto-matched."""
    out = _batch(client, {
        "q0": {"query": "Mykola Malomuzh", "type": "Person",
               "properties": [{"pid": "wikidata", "v": "Q7747"}]},
        "q1": {"query": "Mykola Malomuzh", "type": "Person",
               "properties": [{"pid": "wikidata", "v": "Q999999999"}]},
        "q2": {"query": "Vladimir Putin", "properties": [{"pid": "wikidata", "v": "Q7747"}]},
    })
    top = out["q0"]["result"][0]
    assert top["id"] == "person/mykola-malomuzh" and top["score"] == 80 and not top["match"]
    assert out["q1"]["result"][0]["score"] == 100 and out["q1"]["result"][0]["match"]
    assert out["q2"]["result"][0]["id"] == "person/vladimir-putin"
    assert out["q2"]["result"][0]["match"]


def test_limit(client):
    out = _batch(client, {"q0": {"query": "oblast", "limit": 2}})
    assert len(out["q0"]["result"]) <= 2


@pytest.mark.parametrize("payload,detail", [
    ({"queries": "{not json"}, "not valid JSON"),
    ({"queries": "[1, 2]"}, "non-empty JSON object"),
    ({"queries": json.dumps({"q0": {"type": "City"}})}, "non-empty 'query'"),
    ({"queries": json.dumps({"q0": {"query": "x", "type": "Planet"}})}, "unknown type"),
    ({"queries": json.dumps({"q0": {"query": "x", "limit": 0}})}, "'limit'"),
    ({"queries": json.dumps({"q0": {"query": "x", "properties": [{"pid": "colour"}]}})},
     "pid"),
    ({"queries": json.dumps({f"q{n}": {"query": "x"} for n in range(101)})}, "at most"),
])
def test_bad_queries_are_400_in_the_one_error_shape(client, payload, detail):
    response = client.post("/reconcile", data=payload)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["status"] == 400 and error["title"] and detail in error["detail"]


def test_preview(client):
    response = client.get("/reconcile/preview?id=city/pokrovsk")
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert "Pokrovsk" in text and "Donetsk Oblast" in text and "Q1000446" in text
    missing = client.get("/reconcile/preview?id=<script>")
    assert missing.status_code == 404 and "<script>" not in missing.get_data(as_text=True)[:0]
    assert missing.get_json()["error"]["status"] == 404


def test_suggest(client):
    result = client.get("/reconcile/suggest/entity?prefix=kup").get_json()["result"]
    assert [r["id"] for r in result] == ["city/kupiansk"]
    assert result[0]["notable"] == [{"id": "City", "name": "City"}]
    result = client.get("/reconcile/suggest/entity?prefix=Pok&type=Person").get_json()["result"]
    assert result == []
    types = client.get("/reconcile/suggest/type?prefix=reg").get_json()["result"]
    assert [t["id"] for t in types] == ["Region"]
    props = client.get("/reconcile/suggest/property?prefix=located").get_json()["result"]
    assert [p["id"] for p in props] == ["locatedIn"]
    assert client.get("/reconcile/suggest/entity").status_code == 400
    assert client.get("/reconcile/suggest/planet?prefix=x").status_code == 404
    assert client.get("/reconcile/suggest/entity?prefix=x&limit=x").status_code == 400
