"""The claim ledger pages and their JSON twins: a claim's ledger, the claims about a place or an
entity, every claim, the scoreboard, and the ledger on entity and home pages (seed and synthetic)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from claimgraph.graph import ledger
from claimgraph.graph.annotation import annotation_to_graph
from claimgraph.graph.store import open_store
from tests.graph.test_ledger import ARTICLES, AS_OF, NOW

ID = "https://w3id.org/claimgraph/id/"
HTML = {"Accept": "text/html"}
POKROVSK_CAPTURE = "Capture of Pokrovsk by Russia"
MALOMUZH = ID + "person/mykola-malomuzh"


def _client(store):
    from tests.server.webapp import make_app
    app = make_app(store)
    return app, app.test_client()


@pytest.fixture(scope="module")
def client():
    from tests.server.webapp import seeded_store
    store = seeded_store()
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    app, test_client = _client(store)
    yield test_client
    app.extensions["claimgraph.sparql"].close()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory):
    folder: Path = tmp_path_factory.mktemp("articles")
    store = open_store("memory:")
    for name, text in ARTICLES.items():
        path = folder / f"{name}.yaml"
        path.write_text(text, encoding="utf-8")
        graph_iri, graph = annotation_to_graph(path)
        store.replace_graph(graph_iri, graph)
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    app, test_client = _client(store)
    yield test_client
    app.extensions["claimgraph.sparql"].close()


def get_json(client, url: str) -> dict:
    response = client.get(url)
    assert response.status_code == 200, response.data[:500]
    assert response.mimetype == "application/json"
    return response.get_json()


def claim_link(client, location: str, label: str) -> str:
    about = get_json(client, f"/ledger/location.json?location={location}")
    return next(c["ledger"] for c in about["claims"] if c["claim"]["label"] == label)


def test_pokrovsk_capture_is_refuted_with_malomuzhs_statement(client):
    link = claim_link(client, "Pokrovsk", POKROVSK_CAPTURE)
    assert re.fullmatch(r"/ledger/claim/[0-9a-f]+", link)
    page = get_json(client, link + ".json")
    assert page["claim"]["label"] == POKROVSK_CAPTURE and page["status"] == "refuted"
    refuting = [c for c in page["history"] if c["status"] == "refuted"]
    assert refuting and {c["speaker"]["iri"] for c in refuting} == {MALOMUZH}
    assert all(c["evidence"]["href"].startswith("/id/statement/") for c in refuting)
    assert page["history"][0]["status"] == "unverified"
    assert page["history"][0]["speaker"]["label"] == "Vladimir Putin"
    against = page["evidence"]["sides"]["against"]
    assert {e["speaker"]["iri"] for e in against} == {MALOMUZH}
    assert any("not actually happening" in e["text"] for e in against)
    supporting = page["evidence"]["sides"]["for"]
    assert [e["speaker"]["label"] for e in supporting] == ["Vladimir Putin"]
    assert page["facts"]["locations"][0]["label"] == "Pokrovsk"
    html = client.get(link, headers=HTML).get_data(as_text=True)
    assert 'class="badge status status-refuted"' in html
    for change in refuting:
        assert f'href="{change["evidence"]["href"]}"' in html
    assert 'type="application/atom+xml"' in html and "/feeds/changes.atom?entity=" in html


def test_deadlines_are_expired_by_malomuzh(client):
    link = claim_link(client, "Pokrovsk", "Deadline for taking Pokrovsk set by Vladimir Putin "
                                          "(16 times)")
    page = get_json(client, link + ".json")
    assert page["status"] == "expired"
    assert page["facts"]["deadlineCount"] == "16"
    expired = [c for c in page["history"] if c["status"] == "expired"]
    assert [c["speaker"]["iri"] for c in expired] == [MALOMUZH]


def test_the_claims_entity_page_links_to_its_ledger(client):
    link = claim_link(client, "Pokrovsk", POKROVSK_CAPTURE)
    path = link.replace("/ledger/claim/", "/id/claim/")
    entity = get_json(client, path + ".json")
    assert entity["ledger"] == {"kind": "claim", "status": "refuted", "ledger": link}
    html = client.get(path + ".html").get_data(as_text=True)
    assert f'href="{link}"' in html


def test_every_page_gives_a_claim_the_ledgers_status(client):
    """The question page, the graph and timeline views give the ledger's current status, as the
    ledger pages do; the claim's own page shows the annotation's status too, labelled as such."""
    rows = get_json(client, "/q/claims-about-location.json?location=Pokrovsk")["results"]
    assert {r["claim_label"]: r["status"] for r in rows}[POKROVSK_CAPTURE] == "refuted"
    for view in ("/graph.json?entity=/id/city/pokrovsk", "/timeline.json?entity=/id/city/pokrovsk"):
        data = get_json(client, view)
        items = data["nodes"] if "nodes" in data else data["dated"] + data["undated"]
        assert {i["label"]: i["status"] for i in items if i.get("status")}[POKROVSK_CAPTURE] \
            == "refuted", view
    path = claim_link(client, "Pokrovsk", POKROVSK_CAPTURE).replace("/ledger/", "/id/")
    props = {p["property"]["label"]: [v.get("label") for v in p["values"]]
             for p in get_json(client, path + ".json")["properties"]}
    assert props["current status (claim ledger)"] == ["refuted"]
    assert props["annotated status"] == ["disputed"]
    assert "status" not in props


@pytest.mark.parametrize("which", ["client", "synthetic"])
def test_the_api_lists_each_history_as_the_claims_page_does(request, which):
    """/api/queries/claim-status (what `claimgraph ask claim-status` and `ledger why` run) and
    the claim's ledger page list its changes in one order, undated (seed) or dated."""
    client = request.getfixturevalue(which)
    histories: dict[str, dict[tuple, None]] = {}
    for params in ("limit=0", "limit=100"):
        rows = get_json(client, f"/api/queries/claim-status?{params}")["results"]
        listed: dict[str, dict[tuple, None]] = {}
        for row in rows:   # a row repeats when a triple it reads is in several articles' graphs
            listed.setdefault(row["claim"], {})[
                (row["status"], row["changed_at"], row["rule"], row["evidence"])] = None
        histories = histories or listed
        assert listed == histories, params
    assert len(histories) >= 5
    for claim, history in histories.items():
        page = get_json(client, claim.replace(ID + "claim/", "/ledger/claim/") + ".json")
        shown = [(c["status"], c["changed_at"], c["rule"],
                  c["evidence"]["iri"] if c["evidence"] else None) for c in page["history"]]
        assert shown == list(history), claim
        assert shown[-1][0] == page["status"]


def test_location_ledger_and_the_location_page(client):
    about = get_json(client, "/ledger/location.json?location=Pokrovsk")
    status = {c["claim"]["label"]: c["status"] for c in about["claims"]}
    assert status[POKROVSK_CAPTURE] == "refuted"
    assert status["Deadline for taking Pokrovsk set by Vladimir Putin (16 times)"] == "expired"
    assert all(c["history"] for c in about["claims"])
    assert about["counts"]["refuted"] == sum(1 for s in status.values() if s == "refuted")
    # each claim says where it is, as the all-claims ledger (/ledger.json) says it
    where = {c["claim"]["label"]: [p["label"] for p in c["locations"]] for c in about["claims"]}
    assert where[POKROVSK_CAPTURE] == ["Pokrovsk"] and all(where.values())
    html = client.get("/ledger/location?location=Pokrovsk", headers=HTML).get_data(as_text=True)
    assert "Claims about" in html and POKROVSK_CAPTURE in html
    page = get_json(client, "/id/city/pokrovsk.json")
    assert page["ledger"]["kind"] == "about"
    assert page["ledger"]["ledger"].startswith("/ledger/location?location=")
    assert POKROVSK_CAPTURE in {c["claim"]["label"] for c in page["ledger"]["claims"]}
    assert "Claims in the ledger" in client.get("/id/city/pokrovsk.html").get_data(as_text=True)


def test_entity_ledger_of_a_speaker(client):
    about = get_json(client, "/ledger/about.json?entity=Vladimir Putin")
    claims = {c["claim"]["label"]: c["relations"] for c in about["claims"]}
    assert "claimant" in claims[POKROVSK_CAPTURE]
    assert "setter" in claims["Deadline for taking Pokrovsk set by Vladimir Putin (16 times)"]


def test_ledger_index_lists_every_claim(client):
    page = get_json(client, "/ledger.json")
    assert len(page["claims"]) == sum(page["counts"].values()) >= 5
    assert client.get("/ledger", headers=HTML).status_code == 200


def test_scoreboard_putin_two_refuted_one_expired(client):
    board = get_json(client, "/scoreboard.json")
    putin = next(s for s in board["speakers"] if s["speaker"]["label"] == "Vladimir Putin")
    assert putin["counts"] == {"confirmed": 0, "refuted": 2, "expired": 1, "disputed": 0,
                               "open": 0}
    assert {c["label"] for c in putin["claims"]["refuted"]} == {
        POKROVSK_CAPTURE, "Capture of Myrnohrad by Russia"}
    for speaker in board["speakers"]:
        for column, n in speaker["counts"].items():
            assert len(speaker["claims"][column]) == n, (speaker["speaker"]["label"], column)
            assert all(c["ledger"].startswith("/ledger/claim/") for c in speaker["claims"][column])
    assert board["speakers"][0]["speaker"]["label"] == "Vladimir Putin"
    html = client.get("/scoreboard", headers=HTML).get_data(as_text=True)
    for claim in putin["claims"]["refuted"] + putin["claims"]["expired"]:
        assert f'href="{claim["ledger"]}"' in html
    accept = client.get("/scoreboard", headers={"Accept": "application/json"})
    assert accept.mimetype == "application/json" and accept.get_json() == board


def test_nav_home_and_feed_links(client):
    html = client.get("/", headers=HTML).get_data(as_text=True)
    assert 'href="/scoreboard"' in html and 'href="/ledger"' in html
    assert '<link rel="alternate" type="application/atom+xml"' in html
    home = get_json(client, "/index.json")
    assert home["ledger"]["refuted"] >= 2 and home["ledger"]["expired"] >= 1
    # every named graph, as `claimgraph graphs` lists them; the ledger graph is not a source
    assert home["graphs"] == 2 and home["documents"] == 1


def test_errors(client):
    assert client.get("/ledger/claim/0000000000000000.json").status_code == 404
    assert client.get("/ledger/claim/..%2Fperson.json").status_code == 404
    unknown = client.get("/ledger/location.json?location=Pokrovskx")
    assert unknown.status_code == 404
    assert unknown.get_json()["error"]["status"] == 404
    assert "nothing is known about 'Pokrovskx'" in unknown.get_json()["error"]["detail"]
    assert client.get("/ledger/location.json").status_code == 400
    ambiguous = client.get("/ledger/about?entity=Russ", headers=HTML)
    assert ambiguous.status_code == 400 and "did you mean" in ambiguous.get_data(as_text=True)


def test_synthetic_claim_history_is_dated_and_on_the_timeline(synthetic):
    link = claim_link(synthetic, "Testville", "Capture of Testville by Russia")
    page = get_json(synthetic, link + ".json")
    assert [(c["status"], c["changed_at"]) for c in page["history"]] == [
        ("unverified", "2025-01-10"), ("unverified", "2025-01-20"), ("unverified", "2025-02-05"),
        ("disputed", "2025-02-05"), ("refuted", "2025-03-01")]
    refuted = page["history"][-1]
    assert refuted["speaker"]["label"] == "Jane Reporter"
    assert refuted["rule"] == "refuted-by-reported-control" and refuted["recorded_at"]
    dated = page["timeline"]["dated"]
    assert [(i["start"], i["category_label"]) for i in dated] == [
        (c["changed_at"], c["status"]) for c in page["history"]]
    assert page["evidence"]["statements"] == 3
    # a2 repeats a1 word for word (a copy, counted once); a3 restates it in other words
    assert page["evidence"]["copies"] == 1 and page["evidence"]["distinct_assertions"] == 2
    assert page["evidence"]["restatements"] == 1
    prediction = claim_link(synthetic, "Otherville", "Prediction about Otherville by Russia")
    assert get_json(synthetic, prediction + ".json")["status"] == "confirmed"


def test_paged_question_links_its_next_page(client):
    # actor-network lists the links that the ledger refresh derives
    whole = client.get("/q/actor-network.json?limit=0").get_json()["results"]
    assert len(whole) > 5
    html = client.get("/q/actor-network?limit=5").get_data(as_text=True)
    assert 'href="/q/actor-network?limit=5&amp;offset=5" rel="next"' in html
    page = client.get("/q/actor-network.json?limit=5&offset=5").get_json()["results"]
    assert page == whole[5:10]
    last = client.get(f"/q/actor-network?limit=5&offset={len(whole)}").get_data(as_text=True)
    assert 'rel="next"' not in last and "No answers." in last


def test_the_ledger_index_says_where_each_claim_is(client):
    index = get_json(client, "/ledger.json")
    where = {c["claim"]["label"]: [p["label"] for p in c["locations"]] for c in index["claims"]}
    assert where[POKROVSK_CAPTURE] == ["Pokrovsk"]
    assert all(where[label] for label in where if label.startswith("Capture of"))
    html = client.get("/ledger", headers=HTML).get_data(as_text=True)
    row = next(r for r in html.split("<tr>") if POKROVSK_CAPTURE in r)
    assert re.search(r'<td><a href="/id/city/pokrovsk"[^>]*>Pokrovsk</a></td></tr>', row), row


def test_the_neighbourhood_graph_leaves_out_the_ledgers_bookkeeping(client):
    graph = get_json(client, "/graph.json?entity=/id/person/vladimir-putin")
    ids = {n["id"] for n in graph["nodes"]}
    assert not [i for i in ids if i.startswith(ID + "ledger/")]
    assert ID + "city/pokrovsk" in ids or any(i.startswith(ID + "statement/") for i in ids)
    assert {n["category"] for n in graph["nodes"]} >= {"person", "statement", "claim"}


def test_the_graph_view_leaves_out_the_watches_as_the_ledger(tmp_path):
    # the watch on Pokrovsk was drawn as a node "id:watch/…" beside the city
    from claimgraph.graph.ledger.watch import add_watch
    from tests.server.webapp import seeded_store

    store = seeded_store()
    ledger.refresh(store, as_of=AS_OF, now=NOW)
    watch = add_watch(store, ID + "city/pokrovsk")
    app, client = _client(store)
    try:
        for url in ("/graph.json?entity=Pokrovsk", "/graph.json?entity=Pokrovsk&hops=2"):
            ids = {n["id"] for n in get_json(client, url)["nodes"]}
            assert ID + "city/pokrovsk" in ids and watch not in ids
            assert not [i for i in ids if i.startswith((ID + "ledger/", ID + "watch/"))]
        # the entity page still describes the watch, as it does every resource linked to it
        assert watch in client.get("/id/city/pokrovsk.json").get_data(as_text=True)
    finally:
        app.extensions["claimgraph.sparql"].close()


LISTING_NODES = {   # a property of each listing node, and the class its rdfs:domain gives it
    "linkSource": "Actor link", "pairStatement": "Contradiction pair",
    "disputeActor": "Dispute entry", "tallyStatus": "Claim tally"}


@pytest.mark.parametrize(("prop", "label"), sorted(LISTING_NODES.items()))
def test_a_listing_node_page_shows_the_class_its_properties_imply(client, prop, label):
    """The ledger's listing nodes carry no rdf:type (it would grow the ledger by a tenth): the
    page shows the class of its properties' rdfs:domain and says where it comes from."""
    from tests.server.webapp import seeded_store
    store = seeded_store()
    try:
        ledger.refresh(store, as_of=AS_OF, now=NOW)
        node = str(store.query(f"SELECT ?n WHERE {{ ?n <https://w3id.org/claimgraph/ontology#{prop}> ?o }} "
                               "ORDER BY ?n LIMIT 1").rows[0]["n"])
    finally:
        store.close()
    path = "/id/" + node[len(ID):]
    data = get_json(client, path + ".json")
    assert [t["label"] for t in data["types"]] == [label]
    assert data["types_from_domain"] is True
    page = client.get(path + ".html").get_data(as_text=True)
    assert label in page and "by its properties' domain" in page


def test_a_typed_resource_shows_its_own_types_only(client):
    data = get_json(client, "/id/person/vladimir-putin.json")
    assert [t["label"] for t in data["types"]] == ["Person"]
    assert data["types_from_domain"] is False
