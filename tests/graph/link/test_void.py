"""The VoID description of a dump: size, classes, graphs, linksets, licence, dumps."""

from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, VOID

from claimgraph.graph.link.client import SparqlClient
from claimgraph.graph.link.linker import DEFAULT_LINKSET, link_store
from claimgraph.graph.link.void import DATASET, void_description, write_void


def test_void_describes_the_dump(seed_store, seed_graph, endpoint, tmp_path):
    link_store(seed_store, SparqlClient(endpoint.url))
    g = void_description(seed_store, dumps=["https://example.org/dump.nq.gz"],
                         license="https://creativecommons.org/licenses/by/4.0/",
                         sparql_endpoint="https://example.org/sparql")
    assert (DATASET, DCTERMS.license, URIRef("https://creativecommons.org/licenses/by/4.0/")) in g
    assert (DATASET, VOID.dataDump, URIRef("https://example.org/dump.nq.gz")) in g
    assert (DATASET, VOID.sparqlEndpoint, URIRef("https://example.org/sparql")) in g
    assert int(g.value(DATASET, VOID.triples)) == seed_store.count()
    document = URIRef(seed_graph[0])
    assert int(g.value(document, VOID.triples)) == seed_store.count(seed_graph[0])
    assert (DEFAULT_LINKSET, RDF.type, VOID.Linkset) in g
    assert (DEFAULT_LINKSET, VOID.objectsTarget, None) in g
    cities = [p for p in g.objects(DATASET, VOID.classPartition)
              if g.value(p, VOID["class"]) == URIRef("https://w3id.org/claimgraph/ontology#City")]
    assert g.value(cities[0], VOID.entities) == Literal(8)
    path = write_void(tmp_path / "void.ttl", g)
    assert len(Graph().parse(path, format="turtle")) == len(g)
