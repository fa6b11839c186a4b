"""`claimgraph enrich` and the `link`/`enrich` commands, against the live local endpoint."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, PROV, RDFS

from claimgraph.cli import cli
from claimgraph.graph.link.client import SparqlClient
from claimgraph.graph.link.enrich import DEFAULT_ENRICHMENT, GEO, GN, SCHEMA, enrich_store
from claimgraph.graph.link.linker import DEFAULT_LINKSET, link_store
from claimgraph.graph.link.model import ID, WD
from tests.graph.link.link_helpers import DECOYS, SparqlTestEndpoint


def test_enrich_copies_chosen_facts_into_their_own_graph(seed_store, seed_graph, endpoint):
    link_store(seed_store, SparqlClient(endpoint.url))
    enrich_store(seed_store, SparqlClient(endpoint.url))
    g = seed_store.triples(str(DEFAULT_ENRICHMENT))
    pokrovsk, huliaipole = ID["city/pokrovsk"], ID["city/huliaipole"]
    geometry = g.value(pokrovsk, GEO.hasGeometry)
    assert str(g.value(geometry, GEO.asWKT)) == "POINT(37.17706 48.28014)"
    assert (geometry, PROV.wasDerivedFrom, WD.Q1000446) in g
    assert g.value(pokrovsk, GN.population).toPython() == 60127
    assert g.value(huliaipole, GN.population).toPython() == 12786  # the 2022 figure, not 2021
    assert (pokrovsk, RDFS.label, Literal("Покровськ", lang="uk")) in g
    assert (pokrovsk, RDFS.label, Literal("Покровск", lang="ru")) in g
    assert (pokrovsk, SCHEMA.containedInPlace, ID["region/donetsk-oblast"]) in g  # mapped back
    assert (DEFAULT_ENRICHMENT, PROV.wasDerivedFrom, WD.Q1000446) in g
    activity = g.value(DEFAULT_ENRICHMENT, PROV.wasGeneratedBy)
    assert (activity, PROV.used, URIRef(endpoint.url)) in g
    # The article's own graph is untouched; the facts can be told apart and dropped.
    article = seed_store.triples(seed_graph[0])
    assert (pokrovsk, GN.population, None) not in article
    assert seed_store.remove_graph(str(DEFAULT_ENRICHMENT))


class DiskStore:
    """The seed (without its links) in an on-disk store that each CLI invocation opens itself."""

    def __init__(self, path, seed_store) -> None:
        from claimgraph.graph.store import open_store

        self.url = f"oxigraph:{path}"
        with open_store(self.url) as store:
            for graph_iri in seed_store.graphs():
                store.replace_graph(graph_iri, seed_store.triples(graph_iri))

    def graphs(self) -> list[str]:
        from claimgraph.graph.store import open_store

        with open_store(self.url) as store:
            return store.graphs()


@pytest.fixture
def cli_store(seed_store, tmp_path):
    return DiskStore(tmp_path / "store", seed_store)


def test_link_dry_run_prints_a_table_and_writes_nothing(cli_store, endpoint):
    result = CliRunner().invoke(
        cli, ["--store", cli_store.url, "link", "--endpoint", endpoint.url, "--dry-run"])
    assert result.exit_code == 0, result.output + result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].split() == ["ENTITY", "CLASS", "CANDIDATE", "LABEL", "SCORE", "DECISION"]
    pokrovsk = [ln for ln in lines if ln.startswith("city/pokrovsk ")][0]
    assert "Q1000446" in pokrovsk and "1.00" in pokrovsk and pokrovsk.endswith("LINK")
    decoy = lines[lines.index(pokrovsk) + 1]
    assert "pokrovsk-dnipropetrovsk" in decoy and "0.30" in decoy
    assert any(ln.startswith("person/mykola-malomuzh") and "no candidate" in ln for ln in lines)
    assert "would link 16 of 25 entities" in result.stderr
    assert str(DEFAULT_LINKSET) not in cli_store.graphs()


def test_link_then_enrich(cli_store, endpoint):
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", cli_store.url, "link", "--endpoint", endpoint.url,
                                 "--min-score", "0.9"])
    assert result.exit_code == 0, result.stderr
    assert f"linked 16 of 25 entities into <{DEFAULT_LINKSET}>" in result.stdout
    result = runner.invoke(cli, ["--store", cli_store.url, "enrich", "--endpoint", endpoint.url])
    assert result.exit_code == 0, result.stderr
    assert str(DEFAULT_ENRICHMENT) in cli_store.graphs()


def test_bad_input_is_a_clear_error(cli_store):
    runner = CliRunner()
    result = runner.invoke(cli, ["--store", cli_store.url, "link", "--min-score", "2"])
    assert result.exit_code == 2 and "--min-score" in result.stderr
    result = runner.invoke(cli, ["--store", cli_store.url, "link",
                                 "--endpoint", "http://127.0.0.1:9/sparql",
                                 "--retries", "0", "--timeout", "1"])
    assert result.exit_code == 1 and "127.0.0.1:9" in result.stderr
    assert "Traceback" not in result.stderr
    result = runner.invoke(cli, ["enrich", "--languages", "uk,r\"u"])
    assert result.exit_code == 2 and "--languages" in result.stderr
    for command in ("link", "enrich"):
        assert runner.invoke(cli, [command, "--help"]).exit_code == 0


@pytest.fixture
def decoy_endpoint():
    """A live endpoint holding our decoys alone (no reference extract needed): it counts the
    requests that reach it."""
    server = SparqlTestEndpoint(DECOYS)
    yield server
    server.close()


def test_enrich_with_an_empty_linkset_writes_nothing(cli_store, decoy_endpoint):
    # it wrote a 9-triple graph of provenance alone, with exit 0 and "wrote 9 triples"
    result = CliRunner().invoke(cli, ["--store", cli_store.url, "enrich",
                                      "--endpoint", decoy_endpoint.url])
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert f"the linkset <{DEFAULT_LINKSET}> links no entity" in result.stderr
    assert "nothing written" in result.stderr
    assert str(DEFAULT_ENRICHMENT) not in cli_store.graphs()
    assert decoy_endpoint.requests == 0


@pytest.mark.parametrize("option,value", [
    ("--graph", "not an iri"), ("--graph", "http://example.org/a b"), ("--linkset", "linkset"),
    ("--endpoint", "file:///etc/passwd"), ("--endpoint", "not a url"),
])
def test_enrich_checks_its_options_before_asking_the_endpoint(cli_store, decoy_endpoint,
                                                              option, value):
    # an invalid --graph was reported by the store after every request had been made
    from claimgraph.graph.store import open_store

    with open_store(cli_store.url) as store:
        store.replace_graph(str(DEFAULT_LINKSET), Graph().add(
            (ID["city/pokrovsk"], OWL.sameAs, WD.Q1000446)))
    args = {"--endpoint": decoy_endpoint.url, option: value}
    result = CliRunner().invoke(cli, ["--store", cli_store.url, "enrich",
                                      *[part for pair in args.items() for part in pair]])
    assert result.exit_code == 2, result.stderr
    assert f"Invalid value for '{option}'" in result.stderr and repr(value) in result.stderr
    assert decoy_endpoint.requests == 0
    assert str(DEFAULT_ENRICHMENT) not in cli_store.graphs()


@pytest.mark.parametrize("command", ["link", "enrich"])
def test_retries_are_reported_by_the_command_that_makes_them(cli_store, command):
    # enrich reported its retries as "claimgraph link: …"
    from claimgraph.graph.store import open_store

    with open_store(cli_store.url) as store:
        store.replace_graph(str(DEFAULT_LINKSET), Graph().add(
            (ID["city/pokrovsk"], OWL.sameAs, WD.Q1000446)))
    result = CliRunner().invoke(cli, ["--store", cli_store.url, command, "--endpoint",
                                      "http://127.0.0.1:9/sparql", "--retries", "1",
                                      "--timeout", "1"])
    assert result.exit_code == 1, result.stderr
    assert f"claimgraph {command}: http://127.0.0.1:9/sparql: request failed" in result.stderr
    assert "retrying in 1 s" in result.stderr
    other = "enrich" if command == "link" else "link"
    assert f"claimgraph {other}:" not in result.stderr


def _dataset(url: str) -> dict[str, Graph]:
    """Every named graph of the store at ``url``, read without writing to it."""
    from claimgraph.graph.store import open_store

    with open_store(url, read_only=True) as store:
        return {name: store.triples(name) for name in store.graphs()}


@pytest.mark.parametrize("fmt,suffix", [("trig", "trig"), ("nquads", "nq"), ("jsonld", "jsonld")])
def test_a_dump_after_link_and_enrich_loads_back_the_same(endpoint, tmp_path, fmt, suffix):
    # the loader's shapes refused the linkset (its software agent had no cg:toolVersion) and the
    # enrichment (a copied country is a schema:containedInPlace that is not a cg:locatedIn)
    from rdflib.compare import isomorphic

    runner = CliRunner()
    source, restored = f"oxigraph:{tmp_path / 'source'}", f"oxigraph:{tmp_path / 'restored'}"
    for args in (["load", "--example"], ["link", "--endpoint", endpoint.url],
                 ["enrich", "--endpoint", endpoint.url], ["watch", "add", "Pokrovsk"]):
        done = runner.invoke(cli, ["--store", source, *args])
        assert done.exit_code == 0, (args, done.stderr)
    dump = tmp_path / f"dump.{suffix}"
    dump.write_bytes(runner.invoke(cli, ["--store", source, "export", "--format", fmt])
                     .stdout_bytes)
    loaded = runner.invoke(cli, ["--store", restored, "load", "--allow-reserved-graphs",
                                 str(dump)])
    assert loaded.exit_code == 0, loaded.stderr
    before, after = _dataset(source), _dataset(restored)
    assert {str(DEFAULT_LINKSET), str(DEFAULT_ENRICHMENT)} <= set(before)
    assert sorted(after) == sorted(before)
    for name, graph in before.items():
        assert isomorphic(after[name], graph), name
