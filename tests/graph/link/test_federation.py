"""Federation: SERVICE to an allow-listed endpoint joins our statements with its facts; SERVICE
to any other endpoint is refused before anything is sent."""

from __future__ import annotations

import socket

import pytest

from claimgraph.server.app import create_app

JOIN = """
PREFIX cg:   <https://w3id.org/claimgraph/ontology#>
PREFIX owl:  <http://www.w3.org/2002/07/owl#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX wdt:  <http://www.wikidata.org/prop/direct/>
SELECT DISTINCT ?city ?population WHERE {
  ?statement cg:about ?place .
  ?place a cg:City ; rdfs:label ?city ; owl:sameAs ?item .
  FILTER(STRSTARTS(STR(?item), "http://www.wikidata.org/entity/"))
  SERVICE <%s> { ?item wdt:P1082 ?population }
} ORDER BY ?city"""


@pytest.fixture
def federating_app(store, seed_graph, endpoint):
    store.replace_graph(*seed_graph)
    app = create_app({"STORE": store, "TESTING": True, "SERVICE_ALLOWLIST": [endpoint.url]})
    yield app
    app.extensions["claimgraph.sparql"].close()


def test_allow_listed_service_joins_wikidata_facts(federating_app, endpoint):
    response = federating_app.test_client().post(
        "/sparql", data={"query": JOIN % endpoint.url},
        headers={"Accept": "application/sparql-results+json"})
    assert response.status_code == 200, response.get_data(as_text=True)
    rows = {b["city"]["value"]: int(b["population"]["value"])
            for b in response.get_json()["results"]["bindings"]}
    assert rows["Pokrovsk"] == 60127 and rows["Kupiansk"] == 26627
    assert set(rows) == {"Pokrovsk", "Myrnohrad", "Kostiantynivka", "Kupiansk", "Vovchansk",
                         "Huliaipole"} | ({"Moscow"} & set(rows))


def test_service_off_the_allow_list_is_refused_and_never_contacted(federating_app):
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen(1)
        listener.settimeout(0.5)
        other = f"http://127.0.0.1:{listener.getsockname()[1]}/sparql"
        response = federating_app.test_client().post(
            "/sparql", data={"query": JOIN % other},
            headers={"Accept": "application/sparql-results+json"})
        assert response.status_code == 403
        assert "SERVICE" in response.get_json()["error"]["detail"]
        with pytest.raises(socket.timeout):
            listener.accept()
