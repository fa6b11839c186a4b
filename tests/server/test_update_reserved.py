"""/update and the Graph Store leave what claimgraph writes itself alone, and mark the ledger stale.

The claim ledger's graph, the watches' graph and staging graphs are written by claimgraph only
(claimgraph.graph.reserved): as ``claimgraph load`` and a Graph Store upload refuse them, an
update may read them but not write to or remove from them, and its insert templates may not name
the ledger's own properties and classes, which outside its graph would make a second ledger.
A write over HTTP changes the data the ledger is derived from without deriving it again, so it
marks the ledger stale (taken back when the write fails), as a load with --no-ledger does.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.compare import isomorphic

from claimgraph.graph.ledger import LEDGER_GRAPH, refresh, stale_since
from claimgraph.graph.ledger.watch import WATCH_GRAPH
from claimgraph.graph.store import STAGING_PREFIX
from tests.server.conftest import TOKEN
from tests.server.test_update_checks import _everything

AUTH = {"Authorization": f"Bearer {TOKEN}"}
CG = "https://w3id.org/claimgraph/ontology#"
RESERVED = "claimgraph writes this graph itself"
LEDGER_TERM = "which only the claim ledger derives"
STAGING = STAGING_PREFIX + "s19"

REFUSED = [
    (f'INSERT DATA {{ GRAPH <{LEDGER_GRAPH}> {{ <urn:x:s> <urn:x:p> "o" }} }}', RESERVED),
    (f'DELETE DATA {{ GRAPH <{LEDGER_GRAPH}> {{ <urn:x:s> <urn:x:p> "o" }} }}', RESERVED),
    (f"DELETE WHERE {{ GRAPH <{LEDGER_GRAPH}> {{ ?s <{CG}currentStatus> ?o }} }}", RESERVED),
    (f"WITH <{LEDGER_GRAPH}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}", RESERVED),
    (f"WITH <{WATCH_GRAPH}> INSERT {{ ?s ?p 1 }} WHERE {{ ?s ?p ?o }}", RESERVED),
    (f"DELETE {{ GRAPH <{LEDGER_GRAPH}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
     RESERVED),
    (f"DROP GRAPH <{LEDGER_GRAPH}>", RESERVED),
    (f"CLEAR SILENT GRAPH <{WATCH_GRAPH}>", RESERVED),
    (f"CREATE GRAPH <{STAGING}>", RESERVED),
    (f"COPY <urn:x:g> TO <{LEDGER_GRAPH}>", RESERVED),
    (f"ADD GRAPH <urn:x:g> TO GRAPH <{WATCH_GRAPH}>", RESERVED),
    (f"MOVE <{LEDGER_GRAPH}> TO <urn:x:g>", RESERVED),
    (f"LOAD <http://example.org/d.ttl> INTO GRAPH <{LEDGER_GRAPH}>", RESERVED),
    (f"INSERT DATA {{ GRAPH <urn:x:g> {{ <urn:x:c> <{CG}currentStatus> <{CG}Confirmed> }} }}",
     "property cg:currentStatus"),
    (f"PREFIX cg: <{CG}> INSERT DATA {{ GRAPH <urn:x:g> {{ <urn:x:c> a cg:StatusChange }} }}",
     "class cg:StatusChange"),
    (f"PREFIX cg: <{CG}> INSERT {{ GRAPH <urn:x:g> {{ ?a cg:restates ?b }} }} "
     "WHERE { GRAPH ?g { ?a <urn:x:p> ?b } }", "property cg:restates"),
    (f"PREFIX cg: <{CG}> DELETE {{ GRAPH ?g {{ ?a <urn:x:p> ?b }} }} "
     "INSERT { GRAPH ?g { ?a cg:currentStatus ?b } } WHERE { GRAPH ?g { ?a <urn:x:p> ?b } }",
     "property cg:currentStatus"),
]

ACCEPTED = [
    f"COPY <{LEDGER_GRAPH}> TO <urn:x:ledger-copy>",
    f"ADD <{WATCH_GRAPH}> TO <urn:x:watches>",
    f"INSERT {{ GRAPH <urn:x:statuses> {{ ?c <urn:x:status> ?s }} }} "
    f"WHERE {{ GRAPH <{LEDGER_GRAPH}> {{ ?c <{CG}currentStatus> ?s }} }}",
    f"INSERT {{ GRAPH <urn:x:statuses> {{ ?c <urn:x:status> ?s }} }} USING <{LEDGER_GRAPH}> "
    f"WHERE {{ ?c <{CG}currentStatus> ?s }}",
    f"PREFIX cg: <{CG}> DELETE WHERE {{ GRAPH ?g {{ ?c cg:currentStatus ?s }} }}",
]


@pytest.fixture
def ledger_store(store):
    """The fixture store with its claim ledger derived."""
    refresh(store)
    return store


@pytest.mark.parametrize("app_config", [{"LOAD_ALLOWLIST": ["http://example.org/"]}])
@pytest.mark.parametrize("update,words", REFUSED, ids=[u[:70] for u, _ in REFUSED])
def test_an_update_of_a_reserved_graph_or_with_a_ledger_term_is_400(ledger_store, client,
                                                                    update, words):
    before = _everything(client)
    response = client.post("/update", data={"update": update}, headers=AUTH)
    assert response.status_code == 400, response.get_data(as_text=True)
    assert words in response.get_json()["error"]["detail"]
    assert _everything(client) == before
    assert stale_since(ledger_store) is None


@pytest.mark.parametrize("update", ACCEPTED, ids=[u[:70] for u in ACCEPTED])
def test_an_update_may_read_the_reserved_graphs(ledger_store, client, update):
    ledger = ledger_store.triples(LEDGER_GRAPH)
    assert len(ledger) > 0
    response = client.post("/update", data={"update": update}, headers=AUTH)
    assert response.status_code == 204, response.get_data(as_text=True)
    after = ledger_store.triples(LEDGER_GRAPH)
    after.remove((None, URIRef(CG + "ledgerStaleSince"), None))  # the update's own mark
    assert isomorphic(after, ledger)


def test_an_update_marks_the_ledger_stale(ledger_store, client):
    assert stale_since(ledger_store) is None
    update = 'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o" } }'
    response = client.post("/update", data={"update": update}, headers=AUTH)
    assert response.status_code == 204
    assert stale_since(ledger_store) is not None


def test_an_update_that_fails_leaves_no_stale_mark(ledger_store, client):
    response = client.post("/update", data={"update": "DROP GRAPH <urn:x:absent>"},
                           headers=AUTH)
    assert response.status_code == 404, response.get_data(as_text=True)
    assert stale_since(ledger_store) is None


@pytest.mark.parametrize("method", ["PUT", "POST"])
def test_a_graph_store_write_marks_the_ledger_stale(ledger_store, client, method):
    response = client.open("/rdf-graph-store", method=method, query_string={"graph": "urn:x:g"},
                           data="<urn:x:s> <urn:x:p> 1 .", content_type="text/turtle",
                           headers=AUTH)
    assert response.status_code == 201, response.get_data(as_text=True)
    assert stale_since(ledger_store) is not None


@pytest.mark.parametrize("graph", [LEDGER_GRAPH, WATCH_GRAPH, STAGING])
def test_the_graph_store_deletes_no_reserved_graph(ledger_store, client, graph):
    response = client.delete("/rdf-graph-store", query_string={"graph": graph}, headers=AUTH)
    assert response.status_code == 400
    assert "claimgraph writes itself" in response.get_json()["error"]["detail"]
    assert LEDGER_GRAPH in ledger_store.graphs()
    assert stale_since(ledger_store) is None
