"""targets with an actor counts the claims and statements of that actor's places only.

The seed (Putin's operation targets six places) plus another state's operation that targets
PLACES places, each with its statements and a claim, against the same store without that
operation: the answer for Putin is the same, and so, within a generous factor, is its time. A
query that counted every targeted place before keeping Putin's (as targets did) does PLACES
places' work for six, and took 13-17 times as long here (with the fix: 0.9-1.0).
"""

from __future__ import annotations

import statistics
import time

from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import FOAF, RDF, RDFS

from claimgraph.graph.ledger import refresh
from claimgraph.queries import QueryRunner
from tests.queries.oxistore import store_with

CG = Namespace("https://w3id.org/claimgraph/ontology#")
ID = "https://w3id.org/claimgraph/id/"
PLACES, STATEMENTS = 2000, 3
GENEROUS = 5
RUNS = 7


def elsewhere(with_operation: bool) -> Graph:
    """Another state's world: PLACES places with statements and a capture claim each, and (if
    ``with_operation``) that state's operation targeting all of them."""
    graph = Graph()
    state, operation = URIRef(ID + "country/testland"), URIRef(ID + "operation/test-push")
    # with the superclasses that loading materializes (the resolver finds actors by foaf:Agent)
    graph.add((state, RDF.type, CG.State))
    graph.add((state, RDF.type, FOAF.Agent))
    graph.add((state, RDFS.label, Literal("Testland", lang="en")))
    if with_operation:
        graph.add((operation, RDF.type, CG.MilitaryOperation))
        graph.add((operation, RDFS.label, Literal("Test push", lang="en")))
        graph.add((operation, CG.conductedBy, state))
    for n in range(PLACES):
        place, claim = URIRef(f"{ID}city/test-{n}"), URIRef(f"{ID}claim/test-{n}")
        graph.add((place, RDF.type, CG.City))
        graph.add((place, RDF.type, CG.Location))
        graph.add((place, RDFS.label, Literal(f"Test {n}", lang="en")))
        graph.add((claim, RDF.type, CG.ControlClaim))
        graph.add((claim, CG.claimedLocation, place))
        for k in range(STATEMENTS):
            graph.add((URIRef(f"{ID}statement/test-{n}-{k}"), CG.about, place))
        if with_operation:
            graph.add((operation, CG.targets, place))
    return graph


def median_time(runner: QueryRunner, params: dict[str, str]) -> float:
    runner.execute("targets", params)  # warm-up
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        runner.execute("targets", params)
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def test_targets_of_an_actor_skips_the_places_of_other_operations(seed_graph):
    runners = {}
    for with_operation in (False, True):
        store = store_with(seed_graph, ("https://example.org/graph/elsewhere",
                                        elsewhere(with_operation)))
        refresh(store)
        runners[with_operation] = QueryRunner(store)
    params = {"actor": "Putin"}
    answer = runners[True].run("targets", **params)
    assert len(answer) == 6 and answer == runners[False].run("targets", **params)
    assert len(runners[True].run("targets", actor="Testland")) == PLACES
    alone, beside = (median_time(runners[w], params) for w in (False, True))
    assert beside <= GENEROUS * alone, (
        f"targets actor=Putin: {beside * 1000:.1f} ms beside another operation's {PLACES} "
        f"places, {alone * 1000:.1f} ms without them")
