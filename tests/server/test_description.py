"""Service description (W3C SPARQL 1.1 Service Description tests, our words) and VoID."""

from __future__ import annotations

import pytest
from rdflib import Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
VOID = Namespace("http://rdfs.org/ns/void#")


@pytest.mark.parametrize("mimetype,fmt", [("text/turtle", "turtle"),
                                          ("application/rdf+xml", "xml"),
                                          ("application/ld+json", "json-ld")])
def test_service_description_has_endpoint_triple(client, mimetype, fmt):
    response = client.get("/sparql", headers={"Accept": mimetype})
    assert response.status_code == 200 and response.mimetype == mimetype
    graph = Graph().parse(data=response.data, format=fmt)
    services = list(graph.subjects(RDF.type, SD.Service))
    assert len(services) == 1
    assert (services[0], SD.endpoint, URIRef("http://localhost/sparql")) in graph
    assert (services[0], SD.supportedLanguage, SD.SPARQL11Query) in graph
    assert (services[0], SD.resultFormat,
            URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph


def test_browser_gets_query_page(client):
    response = client.get("/sparql", headers={
        "Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"})
    assert response.mimetype == "text/html"
    assert b'id="yasgui"' in response.data and b'data-endpoint="/sparql"' in response.data


def test_void(client):
    response = client.get("/.well-known/void", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    graph = Graph().parse(data=response.data, format="turtle")
    dataset = URIRef("http://localhost/.well-known/void")
    value = lambda prop: graph.value(dataset, prop)  # noqa: E731
    triples = int(client.get("/sparql", query_string={
        "query": "SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } }"}).get_json()[
        "results"]["bindings"][0]["n"]["value"])
    assert value(VOID.triples) == Literal(triples, datatype=XSD.integer)
    assert value(VOID.documents) == Literal(2, datatype=XSD.integer)
    assert int(value(VOID.classes)) == 7
    assert int(value(VOID.entities)) >= 8
    assert value(VOID.sparqlEndpoint) == URIRef("http://localhost/sparql")
    assert URIRef("http://xmlns.com/foaf/0.1/") in set(graph.objects(dataset, VOID.vocabulary))
    examples = set(graph.objects(dataset, VOID.exampleResource))
    assert URIRef("https://w3id.org/claimgraph/id/person/mykola-malomuzh") in examples
    subsets = set(graph.objects(dataset, VOID.subset))
    assert URIRef("https://w3id.org/claimgraph/id/document/doc-a") in subsets
    linkset = URIRef("http://localhost/.well-known/void#wikidata-links")
    assert graph.value(linkset, VOID.linkPredicate) == URIRef("http://www.w3.org/2002/07/owl#sameAs")
    assert int(graph.value(linkset, VOID.triples)) == 2
