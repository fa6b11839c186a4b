"""bench/bare_endpoint.py, the endpoint benchmark's floor: under gunicorn, as bench_endpoint.py
starts it, it answers SPARQL over the union of the data's graphs as a set, as claimgraph's
served copy does, so that both are timed on the same answers."""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest

from bench.bare_endpoint import union_store
from bench.bench_endpoint import bare_command, free_port, stop, wait_ready

REPO = Path(__file__).resolve().parents[2]
DATA = """\
<http://example.org/putin> <http://www.w3.org/2000/01/rdf-schema#label> "Vladimir Putin"@en <http://example.org/doc/1> .
<http://example.org/putin> <http://www.w3.org/2000/01/rdf-schema#label> "Vladimir Putin"@en <http://example.org/doc/2> .
_:said <http://example.org/about> <http://example.org/pokrovsk> <http://example.org/doc/1> .
<http://example.org/pokrovsk> <http://www.w3.org/2000/01/rdf-schema#label> "Pokrovsk"@en <http://example.org/doc/2> .
"""
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    path = tmp_path / "data.nq"
    path.write_text(DATA, encoding="utf-8")
    return path


@pytest.fixture()
def bare(data: Path) -> Iterator[str]:
    port = free_port()
    process = subprocess.Popen(bare_command(data, port, workers=1, threads=2),
                               env={**os.environ, "PYTHONPATH": str(REPO)},
                               stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, timeout=60)
        yield base
    finally:
        stop(process)


def _get(base: str, query: str) -> tuple[int, bytes]:
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=30)
    connection.request("GET", "/sparql?query=" + urllib.parse.quote(query))
    response = connection.getresponse()
    return response.status, response.read()


def test_the_union_holds_each_distinct_triple_once(data: Path) -> None:
    store = union_store(str(data))
    assert len(store) == 3      # the label both documents state is one triple
    assert {q.graph_name for q in store} == {ox.DefaultGraph()}


def test_it_answers_over_the_union_in_sparql_json(bare: str) -> None:
    status, body = _get(bare, COUNT)
    assert status == 200
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "3"


def test_a_post_form_is_answered_as_a_get(bare: str) -> None:
    connection = http.client.HTTPConnection(urllib.parse.urlsplit(bare).netloc, timeout=30)
    form = urllib.parse.urlencode({"query": "ASK { ?s ?p ?o }"})
    connection.request("POST", "/sparql", body=form,
                       headers={"Content-Type": "application/x-www-form-urlencoded"})
    response = connection.getresponse()
    assert response.status == 200
    assert json.loads(response.read()) == {"head": {}, "boolean": True}


def test_a_malformed_query_is_a_400(bare: str) -> None:
    status, _ = _get(bare, "SELECT WHERE {")
    assert status == 400
