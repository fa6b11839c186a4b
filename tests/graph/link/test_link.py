"""`claimgraph link` logic against a live local endpoint serving the reference extract."""

from __future__ import annotations

from rdflib import URIRef

from claimgraph.graph.link.client import SparqlClient
from claimgraph.graph.link.linker import link_store

from link_helpers import truth


def test_smoke(seed_store, seed_graph, endpoint):
    decisions, graph = link_store(seed_store, SparqlClient(endpoint.url), dry_run=True)
    for d in decisions:
        print(d.entity.iri, d.reason, [(str(s.candidate.item), s.score, s.evidence) for s in d.ranked])
    assert False
