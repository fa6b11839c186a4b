"""The change feed over HTTP (/api/changes, /feeds/changes.atom): on the seed, and on a synthetic
sequence of articles refreshed at two transaction times (tests/graph/test_ledger.py's ARTICLES)."""

from __future__ import annotations

import datetime
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claimgraph.graph import ledger
from claimgraph.graph.annotation import annotation_to_graph
from claimgraph.graph.ledger.watch import add_watch
from claimgraph.graph.store import open_store
from tests.graph.test_ledger import ARTICLES, AS_OF, NOW

ID = "https://w3id.org/claimgraph/id/"
ATOM = "{http://www.w3.org/2005/Atom}"
LATER = NOW + datetime.timedelta(days=30)
CAPTURE = "Capture of Testville by Russia"
DEADLINE = "Deadline for taking Testville set by Ivan Petrov"
PREDICTION = "Prediction about Otherville by Russia"


def _app(store):
    from tests.server.webapp import make_app
    return make_app(store)


@pytest.fixture
def synthetic(tmp_path: Path):
    """Articles a1-a3 refreshed at NOW, then a4-a5 loaded and refreshed at LATER."""
    store = open_store("memory:")

    def load(names):
        for name in names:
            path = tmp_path / f"{name}.yaml"
            path.write_text(ARTICLES[name], encoding="utf-8")
            graph_iri, graph = annotation_to_graph(path)
            store.replace_graph(graph_iri, graph)

    load(["a1", "a2", "a3"])
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    load(["a4", "a5"])
    ledger.refresh(store, as_of=AS_OF, now=LATER)
    yield store
    store.close()


@pytest.fixture
def client(synthetic):
    app = _app(synthetic)
    yield app.test_client()
    app.extensions["claimgraph.sparql"].close()


@pytest.fixture(scope="module")
def seed_client():
    from tests.queries.oxistore import seed_store
    app = _app(seed_store())
    yield app.test_client()
    app.extensions["claimgraph.sparql"].close()


def changes(client, query: str = "") -> dict:
    response = client.get("/api/changes" + query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


def summary(body: dict) -> set[tuple]:
    return {(c["claim_label"], c["status"], c["changed_at"], c["rule"], c["evidence_text"])
            for c in body["changes"]}


def error(response, parameter: str) -> dict:
    assert response.status_code == 400
    assert response.mimetype == "application/json"
    body = response.get_json()["error"]
    assert body["status"] == 400 and body["title"] and body["detail"]
    assert body["parameter"] == parameter
    return body


def test_every_change_about_a_place_with_its_date_and_evidence(client):
    body = changes(client, "?entity=Testville")
    assert body["entities"] == [ID + "city/testville"] and body["scope"] == "entities"
    got = summary(body)
    assert (CAPTURE, "unverified", "2025-01-10", "first-assertion",
            "Petrov said Russia captured Testville.") in got
    assert (CAPTURE, "disputed", "2025-02-05", "disputed-by-other-speaker",
            "Koval said Petrov's claim is propaganda.") in got
    assert (CAPTURE, "refuted", "2025-03-01", "refuted-by-reported-control",
            "Reporter saw the Ukrainian Army in control of Testville.") in got
    assert (DEADLINE, "expired", "2025-02-01", "past-due",
            "Petrov set a deadline to take Testville by 1 February.") in got
    assert not any("Otherville" in c["claim_label"] for c in body["changes"])
    speakers = {(c["status"], c["speaker_label"]) for c in body["changes"]
                if c["claim_label"] == CAPTURE}
    assert ("refuted", "Jane Reporter") in speakers and ("disputed", "Olha Koval") in speakers


def test_newest_first_by_transaction_time(client):
    recorded = [c["recorded_at"] for c in changes(client)["changes"]]
    assert recorded == sorted(recorded, reverse=True)
    assert recorded[0].startswith(LATER.date().isoformat())
    assert recorded[-1].startswith(NOW.date().isoformat())


def test_since_filters_on_transaction_time_not_valid_time(client):
    everything = summary(changes(client))
    after_first = changes(client, "?since=" + NOW.isoformat().replace("+00:00", "Z"))
    assert after_first["since"] == NOW.isoformat()
    # Only what the second refresh derived from a4 and a5, whatever the dates it is valid from.
    assert {(c[0], c[1], c[2]) for c in summary(after_first)} == {
        (CAPTURE, "refuted", "2025-03-01"),
        (PREDICTION, "confirmed", "2025-04-01"),
        ("Control of Testville by Ukrainian Army", "unverified", "2025-03-01"),
        ("Capture of Otherville by Russia", "unverified", "2025-04-01")}
    assert summary(changes(client, "?since=" + NOW.date().isoformat())) == everything
    assert changes(client, "?since=" + LATER.isoformat())["changes"] == []
    # a date-time without a zone is UTC
    naive = NOW.replace(tzinfo=None).isoformat()
    assert summary(changes(client, "?since=" + naive)) == summary(after_first)


def test_entities_repeat_and_accept_iris_prefixed_names_and_claims(client):
    both = changes(client, "?entity=Testville&entity=id:city/otherville")
    assert set(both["entities"]) == {ID + "city/testville", ID + "city/otherville"}
    labels = {c["claim_label"] for c in both["changes"]}
    assert {CAPTURE, PREDICTION, DEADLINE} <= labels
    capture = next(c["claim"] for c in both["changes"] if c["claim_label"] == CAPTURE)
    one = changes(client, "?entity=" + capture.replace(":", "%3A"))
    assert {c["claim_label"] for c in one["changes"]} == {CAPTURE}
    # one unverified per asserting statement (a1, a2, a3), then disputed and refuted
    assert sorted(c["status"] for c in one["changes"]) == \
        ["disputed", "refuted", "unverified", "unverified", "unverified"]
    setter = changes(client, "?entity=Ivan Petrov")  # set_by and claimed by him
    assert DEADLINE in {c["claim_label"] for c in setter["changes"]}


def test_limit(client):
    assert len(changes(client, "?limit=2")["changes"]) == 2
    assert len(changes(client, "?limit=1000")["changes"]) == len(changes(client)["changes"])


def test_without_entities_the_feed_follows_the_watches(synthetic):
    # The server's query workers see the store as it was when they started: watch first.
    add_watch(synthetic, ID + "city/otherville", now=NOW)
    app = _app(synthetic)
    try:
        body = changes(app.test_client())
        assert body["scope"] == "watched" and body["entities"] == [ID + "city/otherville"]
        assert {x["claim_label"] for x in body["changes"]} == {
            PREDICTION, "Capture of Otherville by Russia"}
    finally:
        app.extensions["claimgraph.sparql"].close()


def test_with_no_watches_and_no_entities_the_feed_has_everything(client, synthetic):
    body = changes(client)
    assert body["scope"] == "all" and body["entities"] == []
    total = synthetic.query("PREFIX cg: <https://w3id.org/claimgraph/ontology#> "
                            "SELECT (COUNT(*) AS ?n) WHERE { ?c a cg:StatusChange }").rows[0]["n"]
    assert len(body["changes"]) == int(total)


def test_atom_feed_is_valid_and_matches_the_json(client):
    response = client.get("/feeds/changes.atom?entity=Testville")
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    root = ET.fromstring(response.data)
    assert root.tag == ATOM + "feed"
    for name in ("title", "id", "updated", "author"):
        assert root.find(ATOM + name) is not None, name
    assert root.find(ATOM + "link").get("rel") == "self"
    entries = root.findall(ATOM + "entry")
    body = changes(client, "?entity=Testville")
    assert [e.findtext(ATOM + "id") for e in entries] == [c["change"] for c in body["changes"]]
    for entry in entries:
        assert entry.findtext(ATOM + "title") and entry.findtext(ATOM + "updated")
        assert entry.find(ATOM + "link").get("href").startswith(ID + "claim/")
    refuted = [e.findtext(ATOM + "summary") for e in entries
               if e.findtext(ATOM + "title") == f"{CAPTURE}: refuted"]
    assert refuted and "Jane Reporter" in refuted[0] and "2025-03-01" in refuted[0]
    later = ET.fromstring(client.get(
        "/feeds/changes.atom?since=" + (LATER + datetime.timedelta(days=1)).date().isoformat()).data)
    assert later.findall(ATOM + "entry") == []


@pytest.mark.parametrize("path", ["/api/changes", "/feeds/changes.atom"])
def test_bad_parameters_are_400_in_the_error_shape(client, path):
    for query, parameter in (("?since=yesterday", "since"), ("?since=", "since"), ("?since=2025-13-01", "since"),
                             ("?limit=0", "limit"), ("?limit=1001", "limit"),
                             ("?limit=ten", "limit"), ("?entity=Nowhereville", "entity"),
                             ("?entity=", "entity"), ("?since=2025-01-01&since=2025-02-01",
                                                      "since"), ("?what=1", "what")):
        error(client.get(path + query), parameter)


def test_an_ambiguous_name_lists_candidates(seed_client):
    body = error(seed_client.get("/api/changes?entity=Russ"), "entity")
    assert "ambiguous" in body["detail"]
    assert ID + "country/russia" in {c["entity"] for c in body["candidates"]}


def test_seed_feed_about_pokrovsk_and_putin(seed_client):
    body = changes(seed_client, "?entity=Pokrovsk")
    refuted = [c for c in body["changes"]
               if c["claim_label"] == "Capture of Pokrovsk by Russia" and c["status"] == "refuted"]
    assert refuted and {c["speaker_label"] for c in refuted} == {"Mykola Malomuzh"}
    putin = changes(seed_client, "?entity=Vladimir Putin")
    assert ("Deadline for taking Pokrovsk set by Vladimir Putin (16 times)", "expired",
            "Mykola Malomuzh") in {(c["claim_label"], c["status"], c["speaker_label"])
                                   for c in putin["changes"]}


def test_openapi_describes_the_feed(seed_client):
    doc = seed_client.get("/api/openapi.json").get_json()
    for path in ("/api/changes", "/feeds/changes.atom"):
        operation = doc["paths"][path]["get"]
        assert {p["name"] for p in operation["parameters"]} == {"since", "entity", "limit"}
        assert set(operation["responses"]) >= {"200", "400"}
    from openapi_spec_validator import validate
    validate(doc)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(since=st.text(max_size=30), entity=st.text(max_size=30), limit=st.text(max_size=6))
def test_no_parameter_makes_the_feed_fail(seed_client, since, entity, limit):
    response = seed_client.get("/api/changes", query_string={"since": since, "entity": entity,
                                                             "limit": limit})
    assert response.status_code in (200, 400), response.data[:300]
    assert response.is_json
