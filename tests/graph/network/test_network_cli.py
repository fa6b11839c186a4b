"""``claimgraph graph …`` against the seed in an on-disk Oxigraph store."""

from __future__ import annotations

import io
import json

import networkx as nx
import pytest
from click.testing import CliRunner
from network_store import MALOMUZH, POKROVSK, PUTIN, load_seed

from claimgraph.cli import cli
from claimgraph.graph.store import open_store


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    path = tmp_path_factory.mktemp("network-cli") / "store"
    store = open_store(f"oxigraph:{path}")
    load_seed(store)
    store.close()
    return path


@pytest.fixture
def runner():
    return CliRunner()


def invoke(runner, store_dir, *args):
    return runner.invoke(cli, ["--store", f"oxigraph:{store_dir}", "graph", *args])


def test_help(runner, store_dir):
    result = invoke(runner, store_dir, "--help")
    assert result.exit_code == 0
    for command in ("stats", "rank", "communities", "path", "export"):
        assert command in result.output
        assert invoke(runner, store_dir, command, "--help").exit_code == 0


def test_stats_json(runner, store_dir):
    result = invoke(runner, store_dir, "stats", "--json")
    assert result.exit_code == 0, result.output
    stats = json.loads(result.output)
    assert (stats["nodes"], stats["edges"]) == (9, 12)


def test_rank_locations(runner, store_dir):
    result = invoke(runner, store_dir, "rank", "-p", "actor-location", "--metric", "strength",
                    "--role", "location", "--top", "3", "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)[0]["iri"] == POKROVSK


def test_path_by_names(runner, store_dir):
    result = invoke(runner, store_dir, "path", "Malomuzh", "Pokrovsk")
    assert result.exit_code == 0, result.output
    assert result.output.startswith("2 steps:")
    assert "was said by Mykola Malomuzh" in result.output and "is about Pokrovsk" in result.output


def test_communities_repeat(runner, store_dir):
    first = invoke(runner, store_dir, "communities", "--json")
    assert first.exit_code == 0
    assert first.output == invoke(runner, store_dir, "communities", "--json").output
    members = [m["iri"] for c in json.loads(first.output) for m in c]
    assert MALOMUZH in members and PUTIN in members


def test_export_to_file_and_stdout(runner, store_dir, tmp_path):
    target = tmp_path / "actors.graphml"
    result = invoke(runner, store_dir, "export", "--format", "graphml", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert nx.read_graphml(target).has_edge(MALOMUZH, PUTIN)
    gexf = invoke(runner, store_dir, "export", "--format", "gexf", "--ego", "Putin")
    assert nx.read_gexf(io.BytesIO(gexf.output.encode())).has_node(PUTIN)
    result = invoke(runner, store_dir, "export", "--format", "csv", "-o", str(tmp_path / "a"))
    assert result.exit_code == 0
    assert (tmp_path / "a.nodes.csv").exists() and (tmp_path / "a.edges.csv").exists()


@pytest.mark.parametrize("args, message", [
    (("path", "Malomuzh", "Atlantis"), "Invalid value for TARGET: no entity named 'Atlantis'"),
    # the filters' messages named the API's fields (kinds, date_from), not the options
    (("stats", "--kind", "rumour"), "Invalid value for --kind: 'rumour' is not a statement kind"),
    (("stats", "--from", "2025-02-30"), "Invalid value for --from: '2025-02-30' is not a date"),
    (("stats", "--from", "2025-03-01", "--to", "2025-02-01"),
     "Invalid value for --from: 2025-03-01 is after the end date 2025-02-01"),
    (("stats", "-p", "neighbourhood"), "the neighbourhood projection needs --entity"),
    (("export", "--format", "csv"), "--format csv needs --output"),
    # these were taken: an empty ranking, or a NaN filter and resolution that kept everything
    (("rank", "--role", "bogus"), "'bogus' is not one of 'actor', 'location', 'statement'"),
    (("stats", "--min-weight", "nan"), "expected a finite number, got nan"),
    (("communities", "--resolution", "nan"), "expected a finite number, got nan"),
    (("communities", "--resolution", "-1"), "-1.0 is not in the range x>0"),
    # an empty network, exit 0: a misspelt source looked like a finding
    (("stats", "--source", "nope"), "Invalid value for --source: no statement in the store comes "
                                    "from <https://w3id.org/claimgraph/id/document/nope>"),
])
def test_errors_are_clear(runner, store_dir, args, message):
    result = invoke(runner, store_dir, *args)
    assert result.exit_code == 2  # usage errors, all of them (docs/cli.md); some gave 1
    assert message in result.output
    assert "Traceback" not in result.output


def test_path_help_shows_its_own_default(runner, store_dir):
    # it said "Uses the claims projection" beside "[default: actors]"
    text = " ".join(invoke(runner, store_dir, "path", "--help").output.split())
    assert "[default: claims]" in text and "[default: actors]" not in text
