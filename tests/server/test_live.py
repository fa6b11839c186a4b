"""Real clients against live servers on 127.0.0.1: SPARQLWrapper, and ``claimgraph serve``."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.server.conftest import TOKEN, load_fixture

PREFIXES = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX schema: <http://schema.org/>
"""
MALOMUZH = "https://w3id.org/claimgraph/id/person/mykola-malomuzh"


def wrapper(url: str, method: str = "GET") -> SPARQLWrapper:
    client = SPARQLWrapper(f"{url}/sparql")
    client.setMethod(method)
    client.setTimeout(30)
    return client


@pytest.mark.parametrize("method", ["GET", "POST"])
def test_sparqlwrapper_select(live_server, method):
    client = wrapper(live_server, method)
    client.setQuery(PREFIXES + "SELECT DISTINCT ?name WHERE { ?c prov:wasAttributedTo ?w . "
                               "?w rdfs:label ?name } ORDER BY ?name")
    client.setReturnFormat(JSON)
    rows = client.query().convert()["results"]["bindings"]
    assert [r["name"]["value"] for r in rows] == ["Mykola Malomuzh", "Vladimir Putin"]
    client.setReturnFormat(CSV)
    assert client.query().convert().decode().splitlines()[1:] == \
        ["Mykola Malomuzh", "Vladimir Putin"]


def test_sparqlwrapper_ask(live_server):
    client = wrapper(live_server)
    client.setQuery(PREFIXES + "ASK { ?c a schema:Claim }")
    client.setReturnFormat(JSON)
    assert client.query().convert()["boolean"] is True
    client.setReturnFormat(XML)
    client.setQuery(PREFIXES + "ASK { ?c a schema:Nothing }")
    document = client.query().convert()
    assert document.getElementsByTagName("boolean")[0].firstChild.data == "false"


def test_sparqlwrapper_construct_and_describe(live_server):
    client = wrapper(live_server)
    client.setQuery(f"CONSTRUCT {{ <{MALOMUZH}> ?p ?o }} WHERE {{ <{MALOMUZH}> ?p ?o }}")
    client.setReturnFormat(TURTLE)
    graph = Graph().parse(data=client.query().convert(), format="turtle")
    assert len(graph) == 5
    client = wrapper(live_server)
    client.setQuery(f"DESCRIBE <{MALOMUZH}>")
    graph = client.query().convert()       # RDF/XML, parsed by SPARQLWrapper into a Graph
    assert isinstance(graph, Graph) and (URIRef(MALOMUZH), None, None) in graph


def test_sparqlwrapper_update_with_token(live_server):
    client = SPARQLWrapper(f"{live_server}/sparql", updateEndpoint=f"{live_server}/update")
    client.setMethod("POST")
    client.addCustomHttpHeader("Authorization", f"Bearer {TOKEN}")
    client.setQuery("INSERT DATA { GRAPH <http://example.org/new> { <http://a> <http://b> 1 } }")
    client.query()
    check = wrapper(live_server)
    check.setQuery("ASK { GRAPH <http://example.org/new> { <http://a> <http://b> 1 } }")
    check.setReturnFormat(JSON)
    assert check.query().convert()["boolean"] is True


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def disk_store(tmp_path):
    from claimgraph.graph.store import open_store

    url = f"oxigraph:{tmp_path / 'store'}"
    with open_store(url) as store:
        load_fixture(store)
    return url


@pytest.mark.slow
def test_claimgraph_serve_under_gunicorn(disk_store):
    port = _free_port()
    env = {**os.environ, "CLAIMGRAPH_UPDATE_TOKEN": TOKEN, "CLAIMGRAPH_QUERY_TIMEOUT": "2"}
    process = subprocess.Popen(
        [sys.executable, "-m", "claimgraph", "--store", disk_store,
         "serve", "--port", str(port), "--workers", "2", "--threads", "2"],
        env=env, stderr=subprocess.PIPE, text=True, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                requests.get(f"{base}/sparql", timeout=1)
                break
            except requests.ConnectionError:
                time.sleep(0.1)
        ask = {"query": "ASK { GRAPH <http://example.org/live> { ?s ?p ?o } }"}
        assert requests.get(f"{base}/sparql", params=ask, timeout=10).json()["boolean"] is False
        write = requests.post(f"{base}/update", headers={"Authorization": f"Bearer {TOKEN}"},
                              data={"update": "INSERT DATA { GRAPH <http://example.org/live> "
                                              "{ <http://a> <http://b> 1 } }"}, timeout=10)
        assert write.status_code == 204
        # Every web worker sees the write (a shared generation counter retires old snapshots).
        for _ in range(8):
            assert requests.get(f"{base}/sparql", params=ask, timeout=10).json()["boolean"]
        slow = requests.get(f"{base}/sparql", timeout=10, params={"query": (
            "SELECT (COUNT(*) AS ?n) { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }")})
        assert slow.status_code == 503
        assert requests.get(f"{base}/sparql", params=ask, timeout=10).status_code == 200
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        _, stderr = process.communicate(timeout=20)
    assert "Listening at: http://127.0.0.1" in stderr
    assert "GET /sparql 200" in stderr and "POST /update 204" in stderr
    assert "query stopped after 2.0 s time limit" in stderr
    assert TOKEN not in stderr
