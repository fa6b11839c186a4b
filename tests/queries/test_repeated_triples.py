"""A triple held by two named graphs changes no answer.

Articles restate the same facts (an entity's label and types, a claim's place, a statement's
speaker and text), each in its own named graph, and queries read the union of the graphs. The
embedded store's union gives such a triple once per graph that holds it (as Virtuoso's does;
rdflib's gives it once), so a query that joins patterns without DISTINCT or grouping repeats
its rows, or its list items, once per copy. Here every catalog query, with its example and
other parameters, in pages and whole, must give the same rows (as a multiset) on a store with a
second graph that repeats some of the first one's triples as on the store without it; and the
claim ledger derived from both must be the same graph.
"""

from __future__ import annotations

import collections
import datetime

import pytest
from rdflib import Graph, Namespace
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, RDFS, SKOS

from claimgraph.graph.ledger import LEDGER_GRAPH, refresh
from claimgraph.graph.store import Store
from claimgraph.queries import Catalog, QueryRunner
from tests.queries.oxistore import store_with

CG = Namespace("https://w3id.org/claimgraph/ontology#")
SCHEMA = Namespace("http://schema.org/")
RESTATING = "https://example.org/graph/restating-article"
# What a second article restates: entity and claim facts, and (as a copy of the article loaded
# under a second graph would) statements' speaker, text, source, kind, about and dates.
RESTATED = {RDFS.label, SKOS.prefLabel, SKOS.altLabel, RDF.type, CG.locatedIn, CG.about,
            CG.speaker, CG.text, CG.source, CG.kind, CG.dateSaid, CG.dateReported,
            CG.claimedLocation, CG.claimedParty, CG.asserts, CG.assertedBy, CG.status,
            CG.controlType, CG.setBy, CG.objective, CG.deadlineCount, CG.failedCount,
            CG.disputes, CG.disputedBy, CG.reports, CG.conductedBy, CG.targets, CG.memberOf,
            CG.holdsRole, CG.roleIn, CG.roleTitle, CG.roleHolder, CG.party, CG.isDirectQuote,
            CG.headline, SCHEMA.name}
AS_OF = datetime.date(2032, 1, 1)  # after the synthetic world's deadlines, so that some expire
NOW = datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc)
CATALOG = Catalog.load()
# Parameters that name things in each world, beside the catalog's examples (which are the seed's)
PARAMS = {
    "seed": {"actor": ["Putin", "Malomuzh", "Russia"], "location": ["Pokrovsk", "Donetsk Oblast"],
             "entity": ["Putin", "Pokrovsk"], "claim": ["Capture of Pokrovsk by Russia"],
             "negotiation": ["Russia–United States peace talks"],
             "operation": ["Russian offensive on six frontline axes"],
             "statement": ["not-actually-happening"], "kind": ["assessment"]},
    "synthetic": {"actor": ["Oskar Dremel", "Ilsa Varnholt", "Norland"],
                  "location": ["Vester Oblast", "Kelda"], "entity": ["Oskar Dremel", "Brenvik"],
                  "negotiation": ["Lake Orun talks"], "operation": ["Spring offensive"],
                  "statement": ["dremel-took-brenvik"], "kind": ["claim"]},
}
ENDS = {"seed": ("Malomuzh", "Putin"), "synthetic": ("Ilsa Varnholt", "Oskar Dremel")}


def restating(graph: Graph) -> Graph:
    """The facts of ``graph`` that a second article restates (RESTATED), for a graph of its own."""
    restated = Graph()
    for triple in graph:
        if triple[1] in RESTATED:
            restated.add(triple)
    return restated


def derived(graphs: list[tuple[str, Graph]]) -> Store:
    """A store with ``graphs`` and its ledger, derived on a fixed day and time (the changes'
    recording times are compared)."""
    store = store_with(*graphs)
    refresh(store, as_of=AS_OF, now=NOW)
    return store


@pytest.fixture(scope="module", params=["seed", "synthetic"])
def worlds(request, seed_graph, tmp_path_factory) -> tuple[str, Store, Store]:
    """(world, its store, its store with a second graph restating the first graph's facts)."""
    if request.param == "seed":
        graphs = [seed_graph]
    else:
        from tests.queries.synthetic import synthetic_graphs
        graphs = synthetic_graphs(tmp_path_factory.mktemp("synthetic"))
    once, twice = derived(graphs), derived(graphs + [(RESTATING, restating(graphs[0][1]))])
    # the premise: the union repeats a triple per graph (else this test would prove nothing)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s <%s> ?o }" % RDFS.label
    assert twice.query(count).rows[0]["n"].toPython() \
        > once.query(count).rows[0]["n"].toPython()
    return request.param, once, twice


def variants(world: str, name: str) -> list[dict[str, str]]:
    """The query's parameter sets: its example (the seed's), none or only the required ones,
    each optional one alone, and each of those whole (limit=0) and in small pages."""
    query = CATALOG.get(name)
    values = PARAMS[world]
    if name == "path":
        start, end = ENDS[world]
        found = [{"from": start, "to": end}]
    else:
        required = {p.name: values[p.name][0] for p in query.params if p.required}
        found = [required]
        for p in query.params:
            if not p.required:
                found += [{**required, p.name: v} for v in values.get(p.name, [])]
        if query.param("min_statements"):
            found.append({**required, "min_statements": "1"})
    if world == "seed":
        found.insert(0, dict(query.example))
    if query.param("limit"):
        found += [{**params, **page} for params in list(found)
                  for page in ({"limit": "0"}, {"limit": "2"}, {"limit": "2", "offset": "1"})]
    unique = {tuple(sorted(params.items())): params for params in found}
    return list(unique.values())


def rows(store: Store, name: str, params: dict[str, str]) -> collections.Counter:
    result = QueryRunner(store, CATALOG).execute(name, params).result
    return collections.Counter(tuple(row.get(v) for v in result.variables) for row in result.rows)


@pytest.mark.parametrize("name", CATALOG.names())
def test_query_answers_the_same_with_a_restating_graph(worlds, name):
    world, once, twice = worlds
    for params in variants(world, name):
        expected = rows(once, name, params)
        assert rows(twice, name, params) == expected, (name, params)


def test_at_least_one_variant_has_rows(worlds):
    """The comparison above is not made on empty answers only."""
    world, once, _ = worlds
    for name in CATALOG.names():
        assert any(rows(once, name, params) for params in variants(world, name)), name


def test_ledger_derived_the_same_with_a_restating_graph(worlds):
    _, once, twice = worlds
    ledger = once.triples(LEDGER_GRAPH)
    assert len(ledger) > 100
    assert isomorphic(twice.triples(LEDGER_GRAPH), ledger)
