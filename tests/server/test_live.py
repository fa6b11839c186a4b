"""Real clients against live servers on 127.0.0.1: SPARQLWrapper, and ``claimgraph serve``."""

from __future__ import annotations

import http.client
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import requests
from rdflib import Graph, URIRef
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from tests.reliability.live import LiveServer
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


BODY_LIMIT = 4096
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _chunked(base: str, method: str, path: str, body: bytes,
             content_type: str) -> tuple[int, str]:
    """Send ``body`` with Transfer-Encoding: chunked (no Content-Length), in 1,000-byte chunks."""
    url = urlsplit(base)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    try:
        connection.request(method, path, headers={"Content-Type": content_type, **AUTH},
                           body=(body[i:i + 1000] for i in range(0, len(body), 1000)),
                           encode_chunked=True)
        response = connection.getresponse()
        return response.status, response.read().decode()
    finally:
        connection.close()


def _triples(count: int) -> bytes:
    return b"".join(b'<http://example.org/s%05d> <http://example.org/p> "o" .\n' % i
                    for i in range(count))


def check_chunked_bodies_over_the_limit(base: str) -> None:
    """However a body is framed, one over MAX_BODY is a 413 and nothing of it is written."""
    line = len(_triples(1))
    fits = _triples(BODY_LIMIT // line)
    exact = fits + b"#" * (BODY_LIMIT - len(fits) - 1) + b"\n"
    assert len(exact) == BODY_LIMIT
    gsp = "/rdf-graph-store?graph=http://example.org/"
    assert _chunked(base, "PUT", gsp + "exact", exact, "application/n-triples")[0] == 201
    got = requests.get(base + gsp + "exact", headers={"Accept": "application/n-triples"},
                       timeout=10)
    assert len(Graph().parse(data=got.text, format="nt")) == BODY_LIMIT // line

    over = _triples(BODY_LIMIT // line + 3)       # cut at the limit, it parses: 201 before
    status, text = _chunked(base, "PUT", gsp + "over", over, "application/n-triples")
    assert status == 413, text
    assert f"larger than the limit of {BODY_LIMIT} bytes" in text
    assert requests.get(base + gsp + "over", timeout=10).status_code == 404

    query = b"ASK {}" + b" " * BODY_LIMIT
    status, text = _chunked(base, "POST", "/sparql", query, "application/sparql-query")
    assert status == 413 and f"larger than the limit of {BODY_LIMIT} bytes" in text, text
    update = ("update=INSERT+DATA+%7B+GRAPH+%3Chttp%3A%2F%2Fexample.org%2Fform%3E+%7B+%3Chttp"
              "%3A%2F%2Fa%3E+%3Chttp%3A%2F%2Fb%3E+%22" + "x" * BODY_LIMIT + "%22+%7D+%7D")
    status, text = _chunked(base, "POST", "/update", update.encode(),
                            "application/x-www-form-urlencoded")
    assert status == 413, text
    ask = {"query": "ASK { GRAPH <http://example.org/form> { ?s ?p ?o } }"}
    assert requests.get(f"{base}/sparql", params=ask, timeout=10).json()["boolean"] is False


@pytest.mark.parametrize("app_config", [{"MAX_BODY": BODY_LIMIT}])
def test_chunked_bodies_over_the_limit_werkzeug(live_server):
    check_chunked_bodies_over_the_limit(live_server)


@pytest.mark.slow
def test_chunked_bodies_over_the_limit_gunicorn(tmp_path):
    server = LiveServer("memory:", tmp_path / "server.log", token=TOKEN,
                        extra_env={"CLAIMGRAPH_MAX_BODY": str(BODY_LIMIT)})
    try:
        check_chunked_bodies_over_the_limit(server.url)
    finally:
        server.stop()
