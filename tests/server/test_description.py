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
    services = _services(graph)
    query = services["http://localhost/sparql"]
    assert set(graph.objects(query, SD.supportedLanguage)) == {SD.SPARQL11Query}
    assert (query, SD.resultFormat,
            URIRef("http://www.w3.org/ns/formats/SPARQL_Results_JSON")) in graph


def _services(graph: Graph) -> dict[str, object]:
    """Each sd:Service of ``graph`` by its one sd:endpoint."""
    found = {}
    for service in graph.subjects(RDF.type, SD.Service):
        (endpoint,) = graph.objects(service, SD.endpoint)
        found[str(endpoint)] = service
    return found


def _description(client) -> Graph:
    response = client.get("/sparql", headers={"Accept": "text/turtle"})
    assert response.status_code == 200
    return Graph().parse(data=response.data, format="turtle")


def test_updates_are_a_service_of_their_own(client):
    graph = _description(client)
    services = _services(graph)
    assert set(services) == {"http://localhost/sparql", "http://localhost/update"}
    updates = services["http://localhost/update"]
    assert set(graph.objects(updates, SD.supportedLanguage)) == {SD.SPARQL11Update}
    assert (updates, SD.inputFormat, URIRef("http://www.w3.org/ns/formats/Turtle")) in graph
    query = services["http://localhost/sparql"]
    assert (query, SD.supportedLanguage, SD.SPARQL11Update) not in graph
    assert (query, SD.feature, SD.UnionDefaultGraph) in graph
    assert (query, SD.feature, SD.BasicFederatedQuery) not in graph   # SERVICE is refused


@pytest.mark.parametrize("app_config", [{"UPDATE_TOKEN": None}])
def test_a_read_only_server_describes_no_update_service(client):
    assert set(_services(_description(client))) == {"http://localhost/sparql"}


@pytest.mark.parametrize("app_config", [{"SERVICE_ALLOWLIST": ["https://query.wikidata.org/"]}])
def test_federation_is_described_when_something_is_allow_listed(client):
    graph = _description(client)
    assert (_services(graph)["http://localhost/sparql"], SD.feature,
            SD.BasicFederatedQuery) in graph


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
