"""`claimgraph export --format rdfxml` refuses a graph that XML 1.0 cannot carry (a NUL or
another control character in a literal) before writing a byte, naming the term and the formats
that can carry it (finding 4 of s17-h3); the server's RDF/XML answers name the term too."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from claimgraph.cli import cli

ODD = '<http://example.org/a> <http://example.org/p> "a\\u0000b" .\n'


@pytest.fixture
def store_url(tmp_path):
    url = f"oxigraph:{tmp_path / 'store'}"
    source = tmp_path / "odd.nt"
    source.write_text(ODD + '<http://example.org/a> <http://example.org/q> "fine" .\n')
    loaded = CliRunner().invoke(cli, ["--store", url, "load", "--no-ledger", str(source)])
    assert loaded.exit_code == 0, loaded.output
    return url


@pytest.mark.parametrize("graph", [False, True], ids=["merged", "one-graph"])
def test_rdfxml_export_refuses_a_literal_xml_cannot_carry(store_url, tmp_path, graph):
    runner = CliRunner()
    args = ["--store", store_url, "export", "--format", "rdfxml"]
    if graph:
        args += ["--graph", (tmp_path / "odd.nt").resolve().as_uri()]
    result = runner.invoke(cli, args)
    assert result.exit_code == 1
    assert result.stdout_bytes == b""   # nothing half-written
    assert 'U+0000 in "a\\u0000b"' in result.stderr
    assert "--format turtle, ntriples, nquads, trig, jsonld" in result.stderr


def test_rdfxml_export_of_a_writable_graph_is_well_formed(tmp_path):
    url = f"oxigraph:{tmp_path / 'plain'}"
    source = tmp_path / "plain.nt"
    source.write_text('<http://example.org/a> <http://example.org/q> "fine\\tand\\nok" .\n')
    runner = CliRunner()
    assert runner.invoke(cli, ["--store", url, "load", "--no-ledger", str(source)]).exit_code == 0
    result = runner.invoke(cli, ["--store", url, "export", "--format", "rdfxml"])
    assert result.exit_code == 0
    assert isomorphic(Graph().parse(data=result.stdout_bytes, format="xml"),
                      Graph().parse(source, format="nt"))


def test_the_servers_rdfxml_answers_name_the_term(tmp_path):
    from claimgraph.graph.store import open_store
    from claimgraph.server.app import create_app

    store = open_store("memory:")
    subject = "https://w3id.org/claimgraph/id/person/odd"
    store.update(f'INSERT DATA {{ GRAPH <http://example.org/g> {{ <{subject}> '
                 '<https://w3id.org/claimgraph/ontology#label> "a\\u0001b" } }')
    client = create_app({"STORE": store, "TESTING": True}).test_client()
    answers = [client.get("/id/person/odd.rdf"),
               client.get("/rdf-graph-store", query_string={"graph": "http://example.org/g"},
                          headers={"Accept": "application/rdf+xml"}),
               client.get("/sparql", query_string={"query": f"DESCRIBE <{subject}>"},
                          headers={"Accept": "application/rdf+xml"})]
    for response in answers:
        assert response.status_code == 406, response.data[:300]
        detail = (response.get_json()["error"]["detail"] if response.is_json
                  else response.get_data(as_text=True))
        assert 'U+0001 in "a\\u0001b"' in detail, detail
