"""`claimgraph enrich` and the `link`/`enrich` commands, against the live local endpoint."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDFS

from claimgraph.cli import cli
from claimgraph.graph.link.client import SparqlClient
from claimgraph.graph.link.enrich import DEFAULT_ENRICHMENT, GEO, GN, SCHEMA, enrich_store
from claimgraph.graph.link.linker import DEFAULT_LINKSET, link_store
from claimgraph.graph.link.model import ID, WD


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
