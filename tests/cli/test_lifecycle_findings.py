"""Defects of the data lifecycle found by the s17-h3 adversarial test (/tmp/s17/findings-h3.md).

Each test states the documented behaviour and is marked xfail(strict=True) with its finding's
number while the defect stands: the mark makes the suite say so once it is fixed, and the fix
removes it (findings 1, 2, 3 and 9: branch s17-h7; 4, 5, 6 and 7 fixed on main).
"""

from __future__ import annotations

import json
import threading
import xml.parsers.expat
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph.store import open_store

SEED_GRAPH = "https://w3id.org/claimgraph/id/document/tsn-2972918-malomuzh-six-axes"
LEDGER_GRAPH = "https://w3id.org/claimgraph/id/ledger"


def run(store_url: str, *args: str):
    return CliRunner().invoke(cli, ["--store", store_url, *args], catch_exceptions=False)


@pytest.fixture
def seeded(tmp_path) -> str:
    url = f"oxigraph:{tmp_path / 'store'}"
    assert run(url, "load", "--example").exit_code == 0
    return url


class _NoRows(BaseHTTPRequestHandler):
    """A SPARQL endpoint on 127.0.0.1 that answers every query with no rows."""

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        if length:
            self.rfile.read(length)
        body = json.dumps({"head": {"vars": []}, "results": {"bindings": []}}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/sparql-results+json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = _answer

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def endpoint():
    server = HTTPServer(("127.0.0.1", 0), _NoRows)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/sparql"
    server.shutdown()
    server.server_close()


def test_link_refuses_to_write_a_document_graph(seeded, endpoint):
    result = run(seeded, "link", "--endpoint", endpoint, "--graph", SEED_GRAPH)
    with open_store(seeded, read_only=True) as store:
        assert store.count(SEED_GRAPH) == 1359, result.output
    assert result.exit_code == 2
    assert result.output.startswith("error: --graph: ") and result.output.count("\n") == 1
    assert f"claimgraph drop {SEED_GRAPH}" in result.output


def test_link_refuses_to_write_the_ledger_graph(seeded, endpoint):
    with open_store(seeded, read_only=True) as store:
        before = store.count(LEDGER_GRAPH)
    result = run(seeded, "link", "--endpoint", endpoint, "--graph", LEDGER_GRAPH)
    with open_store(seeded, read_only=True) as store:
        assert store.count(LEDGER_GRAPH) == before, result.output
    assert result.exit_code == 2
    assert result.output.startswith("error: --graph: ") and "claim ledger" in result.output


class _Counting(_NoRows):
    """The endpoint of no rows, counting the requests it answers."""

    requests = 0

    def _answer(self) -> None:
        type(self).requests += 1
        super()._answer()

    do_GET = do_POST = _answer


@pytest.mark.parametrize("command, graph", [
    ("link", "https://w3id.org/claimgraph/id/watches"),
    ("link", "urn:claimgraph:staging:mine"),
    ("enrich", SEED_GRAPH),
    ("enrich", LEDGER_GRAPH),
    ("enrich", "https://w3id.org/claimgraph/id/linkset/wikidata"),   # link's output
])
def test_link_and_enrich_refuse_a_graph_that_is_not_theirs_before_any_request(
        seeded, endpoint, command, graph):
    assert run(seeded, "link", "--endpoint", endpoint).exit_code == 0   # a linkset to follow
    with open_store(seeded, read_only=True) as store:
        before = {name: store.count(name) for name in store.graphs()}
    _Counting.requests = 0
    server = HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        counting = f"http://127.0.0.1:{server.server_address[1]}/sparql"
        result = run(seeded, command, "--endpoint", counting, "--graph", graph)
    finally:
        server.shutdown()
        server.server_close()
    assert result.exit_code == 2, result.output
    assert result.output.startswith(f"error: --graph: <{graph}>")
    assert _Counting.requests == 0
    with open_store(seeded, read_only=True) as store:
        assert {name: store.count(name) for name in store.graphs()} == before


def test_link_replaces_its_own_linkset_and_writes_a_new_graph(seeded, endpoint):
    mine = "http://example.org/my-links"
    for _ in range(2):   # the second run replaces what the first wrote
        result = run(seeded, "link", "--endpoint", endpoint, "--graph", mine)
        assert result.exit_code == 0, result.output
    with open_store(seeded, read_only=True) as store:
        assert store.count(SEED_GRAPH) == 1359 and mine in store.graphs()


def test_a_file_naming_a_staging_graph_is_refused_not_lost(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    data = tmp_path / "staging.nq"
    data.write_text('<http://ex/a> <http://ex/p> "staged" <urn:claimgraph:staging:mine> .\n')
    result = run(url, "load", "--no-ledger", str(data))
    if result.exit_code == 0:   # reported as loaded: then it must be there
        with open_store(url, read_only=True) as store:
            assert "urn:claimgraph:staging:mine" in store.graphs()
    else:
        assert "urn:claimgraph:staging:" in result.output


def test_rdfxml_export_is_well_formed_xml(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    data = tmp_path / "nul.nt"
    data.write_text('<http://ex/a> <http://ex/p> "a\\u0000b" .\n')
    assert run(url, "load", "--no-ledger", str(data)).exit_code == 0
    result = CliRunner().invoke(cli, ["--store", url, "export", "--format", "rdfxml"],
                                catch_exceptions=False)
    if result.exit_code == 0:   # exported: then it must parse as XML
        xml.parsers.expat.ParserCreate().Parse(result.stdout_bytes, True)


@pytest.mark.parametrize("command", [["query", "--graph", "not an iri", "ASK {}"],
                                     ["export", "--graph", "not an iri"]])
def test_a_graph_option_that_is_not_an_iri_is_a_usage_error(seeded, command):
    result = run(seeded, *command)
    assert result.exit_code == 2, result.output
    assert "--graph" in result.output


def test_load_if_empty_loads_into_a_store_whose_documents_were_all_dropped(seeded):
    assert run(seeded, "drop", SEED_GRAPH).exit_code == 0
    assert run(seeded, "load", "--example", "--if-empty").exit_code == 0
    with open_store(seeded, read_only=True) as store:
        assert SEED_GRAPH in store.graphs()


def test_a_refused_streamed_file_leaves_the_ledger_as_it_was(seeded, tmp_path, monkeypatch):
    from claimgraph.graph import ledger, load

    monkeypatch.setattr(load, "STREAM_BYTES", 1)   # stream even a small file, as a big one
    bad = tmp_path / "bad.nq"
    bad.write_text('<http://ex/a> <http://ex/p> "x" <http://ex/g> .\n'
                   '<http://ex/a> <http://ex/p> "unterminated .\n')
    assert run(seeded, "load", str(bad)).exit_code == 1
    with open_store(seeded, read_only=True) as store:
        assert ledger.stale_since(store) is None


def _claim_status_rows(url: str) -> list[dict]:
    result = CliRunner().invoke(cli, ["--store", url, "ask", "claim-status", "--format", "json"],
                                catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("fmt, suffix", [("turtle", "ttl"), ("ntriples", "nt"),
                                         ("rdfxml", "rdf")])
def test_a_turtle_export_loaded_into_a_fresh_store_answers_as_the_original(seeded, tmp_path,
                                                                           fmt, suffix):
    export = CliRunner().invoke(cli, ["--store", seeded, "export", "--format", fmt],
                                catch_exceptions=False)
    assert export.exit_code == 0
    assert f"left out <{LEDGER_GRAPH}>" in export.stderr
    dump = tmp_path / f"dump.{suffix}"
    dump.write_bytes(export.stdout_bytes)
    fresh = f"oxigraph:{tmp_path / 'fresh'}"
    loaded = run(fresh, "load", str(dump))
    assert loaded.exit_code == 0, loaded.output
    assert len(_claim_status_rows(fresh)) == len(_claim_status_rows(seeded)) == 13


def test_a_file_stating_the_ledgers_terms_is_refused_naming_line_and_property(seeded,
                                                                              tmp_path):
    forged = tmp_path / "forged.ttl"
    forged.write_text("@prefix cg: <https://w3id.org/claimgraph/ontology#> .\n"
                      "<http://ex/a> <http://ex/p> \"fine\" .\n"
                      "<https://w3id.org/claimgraph/id/claim/21fcfeeba9045dac>\n"
                      "    cg:currentStatus cg:confirmed .\n")
    statuses = {row["current_status"] for row in _claim_status_rows(seeded)
                if row["claim"].endswith("21fcfeeba9045dac")}
    result = run(seeded, "load", str(forged))
    assert result.exit_code == 1
    assert f"{forged}:4: refused: it states property cg:currentStatus" in result.output
    assert {row["current_status"] for row in _claim_status_rows(seeded)
            if row["claim"].endswith("21fcfeeba9045dac")} == statuses == {"refuted"}


@pytest.mark.parametrize("seed_first", [False, True])   # native bulk load / streamed
def test_a_streamed_file_stating_the_ledgers_terms_is_refused(tmp_path, monkeypatch,
                                                              seed_first):
    from claimgraph.graph import load

    url = f"oxigraph:{tmp_path / 'store'}"
    if seed_first:
        assert run(url, "load", "--example", "--no-ledger").exit_code == 0
    monkeypatch.setattr(load, "STREAM_BYTES", 1)   # stream even a small file, as a big one
    forged = tmp_path / "forged.nq"
    forged.write_text('<http://ex/a> <http://ex/p> "x" <http://ex/g> .\n'
                      "<http://ex/c> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> "
                      "<https://w3id.org/claimgraph/ontology#StatusChange> <http://ex/g> .\n")
    result = run(url, "load", "--no-ledger", str(forged))
    assert result.exit_code == 1
    assert f"{forged}:2: refused: it states a node of class cg:StatusChange" in result.output
    with open_store(url, read_only=True) as store:
        assert "http://ex/g" not in store.graphs()


def test_a_dump_restored_without_the_ledger_refresh_is_the_dump(seeded, tmp_path):
    """Finding 9: the reserved graphs of a dump are restored as dumped, not materialized."""
    from rdflib import Dataset
    from rdflib.compare import isomorphic

    dump = CliRunner().invoke(cli, ["--store", seeded, "export"], catch_exceptions=False)
    assert dump.exit_code == 0
    (tmp_path / "dump.nq").write_bytes(dump.stdout_bytes)
    restored = f"oxigraph:{tmp_path / 'restored'}"
    assert run(restored, "load", "--no-ledger", "--allow-reserved-graphs",
               str(tmp_path / "dump.nq")).exit_code == 0
    back = CliRunner().invoke(cli, ["--store", restored, "export"], catch_exceptions=False)
    before, after = Dataset(), Dataset()
    before.parse(data=dump.stdout_bytes, format="nquads")
    after.parse(data=back.stdout_bytes, format="nquads")
    for name in (LEDGER_GRAPH, SEED_GRAPH):
        assert isomorphic(before.graph(name), after.graph(name)), name
