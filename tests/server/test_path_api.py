"""The path query through the server: searched whole in a query worker (server/execution.py),
which holds an in-memory store's links between queries and takes a new store after a write."""

from __future__ import annotations

from claimgraph.queries import path
from claimgraph.queries.runner import QueryRunner
from tests.queries.oxistore import seed_store
from tests.server.conftest import TOKEN

CG = "https://w3id.org/claimgraph/ontology#"
EX = "http://example.org/"


def _chain(client, start: str, goal: str) -> list[dict]:
    response = client.get(f"/api/queries/path?from={EX}{start}&to={EX}{goal}")
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]


def _insert(client, triples: str) -> None:
    update = f"PREFIX cg: <{CG}> INSERT DATA {{ GRAPH <{EX}g> {{ {triples} }} }}"
    response = client.post("/update", data={"update": update},
                           headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 204


def test_the_served_answer_is_the_runners():
    from claimgraph.server.app import create_app

    store = seed_store()
    expected = QueryRunner(store, keep_path_index=False).run(
        "path", **{"from": "Malomuzh", "to": "Putin"})
    app = create_app({"STORE": store, "TESTING": True})
    try:
        client = app.test_client()
        for _ in range(2):       # the second from the worker's kept links
            response = client.get("/api/queries/path?from=Malomuzh&to=Putin")
            assert response.status_code == 200
            assert response.get_json()["results"] == expected and expected
    finally:
        app.extensions["claimgraph.sparql"].close()


def test_a_write_is_seen_by_the_next_search(client):
    _insert(client, f"<{EX}a> cg:about <{EX}b> . <{EX}b> cg:about <{EX}c> .")
    assert [row["relation"] for row in _chain(client, "a", "c")] == ["about", "about"]
    _insert(client, f"<{EX}a> cg:disputes <{EX}c> .")
    assert [row["relation"] for row in _chain(client, "a", "c")] == ["disputes"]


def test_a_search_that_gives_up_is_a_400_naming_max_hops(client, monkeypatch):
    monkeypatch.setattr(path, "MAX_VISITED", 2)     # before the worker is forked
    _insert(client, " ".join(f"<{EX}s{i}> cg:speaker <{EX}hub> ." for i in range(5))
            + f" <{EX}s3> cg:about <{EX}x> . <{EX}x> cg:locatedIn <{EX}goal> .")
    response = client.get(f"/api/queries/path?from={EX}hub&to={EX}goal")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["parameter"] == "max_hops" and "gave up" in error["detail"]
