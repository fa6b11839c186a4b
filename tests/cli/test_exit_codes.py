"""The exit-code convention of docs/cli.md, over a table of commands: 0 done, 1 failed (one
`error:` line), 2 usage error (click's usage block ending `Error: …`, or the catalog's `error:`
lines). Each row names the words its message must hold."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from claimgraph.cli import cli

UNREACHABLE = "sparql:http://127.0.0.1:1/sparql"  # nothing listens on port 1
NOWHERE = "http://127.0.0.1:1/sparql"

DONE, FAILED, USAGE, CATALOG_USAGE = "done", "failed", "usage", "catalog usage"
CODES = {DONE: 0, FAILED: 1, USAGE: 2, CATALOG_USAGE: 2}

TABLE = [
    (["graphs"], DONE, []),
    (["ask", "claim-status", "-p", "limit=1"], DONE, []),
    (["graph", "stats", "--source", "tsn-2972918-malomuzh-six-axes"], DONE, []),
    (["viz", "Pokrovsk", "--out", "{tmp}/v.dot"], DONE, []),
    (["ledger", "why", "Capture of Pokrovsk"], DONE, []),
    (["enrich", "--endpoint", NOWHERE], DONE, ["links no entity", "nothing written"]),

    (["--store", UNREACHABLE, "graphs"], FAILED, ["cannot reach"]),
    (["drop", "urn:x"], FAILED, ["no graph <urn:x>"]),
    (["export", "--graph", "urn:x"], FAILED, ["no graph <urn:x>"]),
    (["query", "SELECT"], FAILED, ["malformed SPARQL"]),
    (["validate", "{tmp}/missing.yaml"], FAILED, ["missing.yaml: no such file"]),
    (["ontology", "validate", "{tmp}/bad.ttl"], FAILED, ["bad.ttl:1: RDF syntax error"]),

    (["no-such-command"], USAGE, ["No such command"]),
    (["graphs", "--bogus"], USAGE, ["No such option"]),
    (["viz", "Pokrovsk"], USAGE, ["Missing option '--out'"]),
    (["viz", "Nobodyxyz", "--out", "{tmp}/v.dot"], USAGE, ["ENTITY", "nothing is known"]),
    (["viz", "Moscow", "--out", "{tmp}/v.dot"], USAGE,
     ["ENTITY", "names more than one entity", "Moscow, Russia"]),
    (["viz", "--query", "no-such-query", "--out", "{tmp}/v.dot"], USAGE, ["unknown query"]),
    (["viz", "--query", "statements-by", "--out", "{tmp}/v.dot"], USAGE, ["is required"]),
    (["query", "DROP ALL"], USAGE, ["not updates"]),
    (["graph", "rank", "--role", "bogus"], USAGE, ["--role"]),
    (["graph", "stats", "--min-weight", "nan"], USAGE, ["--min-weight", "finite"]),
    (["graph", "communities", "--resolution", "nan"], USAGE, ["--resolution"]),
    (["graph", "communities", "--resolution", "-1"], USAGE, ["--resolution"]),
    (["graph", "stats", "--from", "2025-13-01"], USAGE, ["--from", "is not a date"]),
    (["graph", "stats", "--kind", "rumour"], USAGE, ["--kind", "not a statement kind"]),
    (["graph", "stats", "--source", "nope"], USAGE,
     ["--source", "no statement in the store comes from", "document/nope"]),
    (["graph", "stats", "-p", "neighbourhood"], USAGE, ["needs --entity"]),
    (["graph", "path", "Putin", "Nobodyxyz"], USAGE, ["TARGET", "no entity named 'Nobodyxyz'"]),
    (["graph", "rank", "--ego", "P"], USAGE, ["--ego", "ambiguous"]),
    (["ledger", "why", ""], USAGE, ["CLAIM", "is empty"]),
    (["enrich", "--endpoint", NOWHERE, "--graph", "not an iri"], USAGE, ["--graph"]),
    (["export", "--graph", "notaniri"], USAGE, ["--graph", "expected an absolute IRI"]),
    (["query", "SELECT * WHERE { ?s ?p ?o }", "--graph", "urn:x", "--graph", "notaniri"], USAGE,
     ["--graph", "expected an absolute IRI", "'notaniri'"]),
    (["drop", "notaniri"], USAGE, ["GRAPH", "expected an absolute IRI"]),
    (["link", "--endpoint", "file:///etc/passwd"], USAGE, ["--endpoint", "http(s) URL"]),

    (["ask", "no-such-query"], CATALOG_USAGE, ["unknown query"]),
    (["ask", "statements-by"], CATALOG_USAGE, ["parameter 'actor': is required"]),
    (["query", "statements-by", "-p", "actor=Nobodyxyz"], CATALOG_USAGE, ["no actor named"]),
    (["ledger", "why", "Pokrovsk"], CATALOG_USAGE,
     ["names the location", "not a checkable claim", "claim-status -p location=Pokrovsk"]),
    (["ledger", "why", "Nobodyxyz"], CATALOG_USAGE, ["no checkable claim is named"]),
    (["ledger", "why", "ambiguousxyz"], CATALOG_USAGE, ["no checkable claim is named"]),
    (["watch", "add", "Nobodyxyz"], CATALOG_USAGE, ["no entity named"]),
    (["changes", "--entity", "Nobodyxyz"], CATALOG_USAGE, ["no entity named"]),
    # an option the store shows to be wrong: an `error:` line too, before any request
    (["link", "--endpoint", NOWHERE, "--graph",
      "https://w3id.org/claimgraph/id/document/tsn-2972918-malomuzh-six-axes"], CATALOG_USAGE,
     ["--graph", "would replace", "claimgraph drop"]),
    (["enrich", "--endpoint", NOWHERE, "--graph", "https://w3id.org/claimgraph/id/ledger"],
     CATALOG_USAGE, ["--graph", "claim ledger"]),
]


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory):
    url = f"oxigraph:{tmp_path_factory.mktemp('seed') / 'store'}"
    assert CliRunner().invoke(cli, ["--store", url, "load", "--example"]).exit_code == 0
    return url


@pytest.mark.parametrize("args,kind,words", TABLE, ids=lambda v: " ".join(v)
                         if isinstance(v, list) and v and isinstance(v[0], str) else None)
def test_exit_code_and_message(seed_store, tmp_path, args, kind, words):
    (tmp_path / "bad.ttl").write_text("format: not turtle\n", encoding="utf-8")
    args = [arg.replace("{tmp}", str(tmp_path)) for arg in args]
    if args[0] != "--store":
        args = ["--store", seed_store, *args]
    result = CliRunner().invoke(cli, args, prog_name="claimgraph", catch_exceptions=False)
    stderr = result.stderr
    assert result.exit_code == CODES[kind], stderr
    assert "Traceback" not in stderr
    assert all(word in stderr for word in words), stderr
    if kind == FAILED:
        assert stderr.startswith("error: ") and "Error:" not in stderr, stderr
    elif kind == USAGE:
        assert stderr.startswith("Usage: claimgraph "), stderr
        assert stderr.splitlines()[-1].startswith("Error: "), stderr
    elif kind == CATALOG_USAGE:
        assert stderr.startswith("error: ") and "Error:" not in stderr, stderr
    if kind != DONE:
        assert result.stdout == ""
