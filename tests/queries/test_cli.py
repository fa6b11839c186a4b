"""`claimgraph queries` and `claimgraph ask` (and the shared run_named_query_cli)."""

from __future__ import annotations

import csv
import io
import json

from claimgraph.cli import cli
from claimgraph.queries.cli_support import run_named_query_cli
from tests.queries.helpers import serve_url


def test_queries_lists_titles_and_parameters(runner):
    result = runner.invoke(cli, ["queries"])
    assert result.exit_code == 0
    assert "deadlines" in result.output and "Deadlines set for taking a location" in result.output
    assert "--param location=<location>  (required)" in result.output
    catalog = json.loads(runner.invoke(cli, ["queries", "--format", "json"]).output)
    assert {q["name"] for q in catalog} >= {"path", "timeline", "sources"}
    markdown = runner.invoke(cli, ["queries", "--format", "markdown"]).output
    assert markdown.startswith("# Named queries")


def test_help(runner):
    for args in (["queries", "--help"], ["ask", "--help"]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 0 and "Usage" in result.output


def test_ask_formats(runner, seed, monkeypatch):
    url = serve_url(seed, "seed", monkeypatch)
    base = ["--store", url, "ask", "deadlines", "--param", "location=Pokrovsk"]
    table = runner.invoke(cli, base)
    assert table.exit_code == 0
    lines = table.stdout.splitlines()
    assert lines[0].split()[:3] == ["deadline", "deadline_label", "objective"]
    assert "Vladimir Putin" in table.stdout and lines[-1] == "(1 row)"
    rows = list(csv.DictReader(io.StringIO(runner.invoke(cli, base + ["--format", "csv"]).stdout)))
    assert [(r["set_by_label"], r["count"], r["outcome"]) for r in rows] == [
        ("Vladimir Putin", "16", "failed")]
    records = json.loads(runner.invoke(cli, base + ["--format", "json"]).stdout)
    assert records[0]["count"] == 16


def test_ask_errors_exit_2_with_the_reason_on_stderr(runner, seed, monkeypatch):
    url = serve_url(seed, "seed", monkeypatch)
    unknown = runner.invoke(cli, ["--store", url, "ask", "who-won"])
    assert unknown.exit_code == 2 and "unknown query 'who-won'" in unknown.stderr
    ambiguous = runner.invoke(cli, ["--store", url, "ask", "deadlines", "-p", "location=K"])
    assert ambiguous.exit_code == 2
    assert "ambiguous" in ambiguous.stderr and "candidate: Kupiansk" in ambiguous.stderr
    assert ambiguous.stdout == ""
    malformed = runner.invoke(cli, ["--store", url, "ask", "deadlines", "-p", "Pokrovsk"])
    assert malformed.exit_code == 2 and "key=value" in malformed.stderr
    huge = runner.invoke(cli, ["--store", url, "ask", "statements-by", "-p", "actor=Putin",
                               "-p", "limit=99999999999999999999999"])
    assert huge.exit_code == 2 and "parameter 'limit'" in huge.stderr
    assert "out of range" in huge.stderr and "malformed query" not in huge.stderr
    no_store = runner.invoke(cli, ["--store", "nosuch:thing", "ask", "roles"])
    assert no_store.exit_code == 1 and "unknown store URL" in no_store.stderr


def test_run_named_query_cli_is_shared(seed, monkeypatch, capsys):
    url = serve_url(seed, "seed", monkeypatch)
    assert run_named_query_cli(url, "external-links", ["entity=Putin"], "json") == 0
    links = {r["link"] for r in json.loads(capsys.readouterr().out)}
    assert "http://www.wikidata.org/entity/Q7747" in links
    assert run_named_query_cli(url, "external-links", ["entity=Putin"], "yaml") == 2
    assert run_named_query_cli(url, "statements-by", [], "json") == 2
    assert "'actor': is required" in capsys.readouterr().err
