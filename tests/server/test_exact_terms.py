"""Graph answers carry the store's terms exactly: CONSTRUCT and DESCRIBE on /sparql, Graph Store
GETs and the RDF documents of /id/ pages, in every graph format, from an Oxigraph store and from
a remote one (``sparql:``).

rdflib's writers, which wrote these answers before, rewrote literals on the way out:
``"01"^^xsd:integer`` as ``1``, ``"1.50"^^xsd:decimal`` as ``1.5``, the ill-typed
``"true "^^xsd:boolean`` as ``false``, ``"...T12:00:00Z"^^xsd:dateTime`` as ``...+00:00``. Each
answer is parsed with pyoxigraph and its terms compared with what pyoxigraph's own store answers
(Oxigraph itself stores a valid ``"01"^^xsd:integer`` as ``"1"``: the store's terms are the
reference, not the text sent in); blank nodes, whose labels are fresh in every answer, are
compared by the graphs' shape (rdflib.compare.isomorphic), where lexical forms do not matter.
"""

from __future__ import annotations

import json
import urllib.parse
import urllib.request
from collections import Counter

import pyoxigraph as ox
import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

from claimgraph.graph.backends.terms import FORMATS as OX_FORMATS, to_rdflib
from claimgraph.server.formats import formats_for
from tests.server.conftest import TOKEN

# the comparisons make the ill-typed "true "^^xsd:boolean an rdflib term, which warns
pytestmark = pytest.mark.filterwarnings("ignore:Parsing weird boolean")
AUTH = {"Authorization": f"Bearer {TOKEN}"}
XSD = "http://www.w3.org/2001/XMLSchema#"
ID = "https://w3id.org/claimgraph/id/"
CG = "https://w3id.org/claimgraph/ontology#"
G = "http://example.org/graphs/exact"
S = ID + "person/odd"
GRAPH_TYPES = [fmt.mimetype for fmt in formats_for("graph")]

# Stored, these keep lexical forms rdflib rewrites (Oxigraph canonicalizes "01"^^xsd:integer).
STORED = f"""@prefix xsd: <{XSD}> .
<{S}> <{CG}label> "01"^^xsd:integer , "1.50"^^xsd:decimal , "true "^^xsd:boolean ,
        " 1"^^xsd:integer , "2025-06-01T12:00:00Z"^^xsd:dateTime , "chat"@fr-BE ;
    <{CG}part> [ <{CG}label> "blank" ] .
"""
STORED_FORMS = {"true ", " 1", "2025-06-01T12:00:00Z"}
# In a CONSTRUCT template, even valid literals keep the form the query gives them.
CONSTRUCT = f"""PREFIX xsd: <{XSD}>
CONSTRUCT {{ <{S}> <{CG}label> "01"^^xsd:integer , "1.50"^^xsd:decimal , "true "^^xsd:boolean ,
                 "chat"@fr-BE ;
             <{CG}part> _:b . _:b <{CG}label> "blank" }} WHERE {{}}"""
TEMPLATE_FORMS = {"01", "1.50", "true "}


def answer_triples(body: bytes, mimetype: str) -> list[ox.Triple]:
    return [quad.triple for quad in ox.parse(body, format=OX_FORMATS[mimetype])]


def shape(triples) -> Counter:
    """The triples with every blank node as one marker: the terms compared exactly."""
    def term(t):
        return "_:" if isinstance(t, ox.BlankNode) else t
    return Counter((term(t.subject), t.predicate, term(t.object)) for t in triples)


def as_rdflib(triples) -> Graph:
    graph = Graph()
    for t in triples:
        graph.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
    return graph


def assert_same_terms(got, expected, forms: set[str]) -> None:
    assert shape(got) == shape(expected)
    assert isomorphic(as_rdflib(got), as_rdflib(expected))     # the blank nodes' structure
    values = {t.object.value for t in got if isinstance(t.object, ox.Literal)}
    assert forms <= values, values


def reference_store() -> ox.Store:
    store = ox.Store()
    store.load(STORED.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(G))
    return store


def stored_in(store) -> None:
    store._store.load(STORED.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(G))


@pytest.mark.parametrize("mimetype", GRAPH_TYPES)
def test_construct_keeps_the_literals_of_its_template(client, mimetype):
    response = client.get("/sparql", query_string={"query": CONSTRUCT},
                          headers={"Accept": mimetype})
    assert response.status_code == 200 and response.mimetype == mimetype
    expected = list(ox.Store().query(CONSTRUCT))
    assert_same_terms(answer_triples(response.data, mimetype), expected, TEMPLATE_FORMS)


@pytest.mark.parametrize("query", [
    f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}",
    f"DESCRIBE <{S}>"])
@pytest.mark.parametrize("mimetype", GRAPH_TYPES)
def test_construct_and_describe_give_the_stored_terms(client, store, query, mimetype):
    stored_in(store)
    response = client.post("/sparql", data={"query": query}, headers={"Accept": mimetype})
    assert response.status_code == 200, response.get_data(as_text=True)
    expected = list(reference_store().query(query, use_default_graph_as_union=True))
    assert len(expected) >= 7
    assert_same_terms(answer_triples(response.data, mimetype), expected, STORED_FORMS)


@pytest.mark.parametrize("mimetype", GRAPH_TYPES)
def test_graph_store_get_after_put_gives_the_stored_terms(client, store, mimetype):
    put = client.put(f"/rdf-graph-store?graph={G}", data=STORED.encode(), headers=AUTH,
                     content_type="text/turtle")
    assert put.status_code == 201
    response = client.get("/rdf-graph-store", query_string={"graph": G},
                          headers={"Accept": mimetype})
    assert response.status_code == 200 and response.mimetype == mimetype
    held = [q.triple for q in store._store.quads_for_pattern(None, None, None, ox.NamedNode(G))]
    assert len(held) == 8
    assert_same_terms(answer_triples(response.data, mimetype), held, STORED_FORMS)


@pytest.mark.parametrize("suffix,mimetype", [("ttl", "text/turtle"), ("nt", "application/n-triples"),
                                             ("jsonld", "application/ld+json"),
                                             ("rdf", "application/rdf+xml")])
def test_resource_documents_give_the_stored_terms(client, store, suffix, mimetype):
    stored_in(store)
    response = client.get(f"/id/person/odd.{suffix}")
    assert response.status_code == 200 and response.mimetype == mimetype
    own = [q.triple for q in store._store.quads_for_pattern(ox.NamedNode(S), None, None, None)]
    got = answer_triples(response.data, mimetype)
    assert shape(got) == shape(own)
    assert STORED_FORMS <= {t.object.value for t in got if isinstance(t.object, ox.Literal)}
    if suffix == "jsonld":      # compacted with the site's prefixes, as before
        document = json.loads(response.data)
        assert document["@context"]["cg"] == CG and "cg:label" in document["@graph"][0]


def test_an_infinite_double_is_json_ld_like_any_literal(client):
    query = f'CONSTRUCT {{ <http://a> <http://ex.org/p> "INF"^^<{XSD}double> }} WHERE {{}}'
    response = client.get("/sparql", query_string={"query": query},
                          headers={"Accept": "application/ld+json"})
    assert response.status_code == 200

    def refuse(name: str) -> None:
        raise ValueError(name)
    json.loads(response.data, parse_constant=refuse)    # JSON, not JavaScript's Infinity
    (triple,) = answer_triples(response.data, "application/ld+json")
    assert triple.object == ox.Literal("INF", datatype=ox.NamedNode(XSD + "double"))


def test_turtle_names_with_prefixes_only_what_parsers_read(client):
    # IRIs under id: and dbr: go on with "/" and "(": as prefixed names they would need escapes
    # (id:person\/x) that rdflib's parser cannot read, so those are written in full.
    query = (f"CONSTRUCT {{ <{S}> <{CG}about> <http://dbpedia.org/resource/Kyiv_(city)> , "
             f"<http://www.wikidata.org/entity/Q1899> }} WHERE {{}}")
    response = client.get("/sparql", query_string={"query": query, "format": "turtle"})
    text = response.get_data(as_text=True)
    assert "cg:about" in text and "wd:Q1899" in text and "\\" not in text
    turtle = Graph().parse(data=response.data, format="turtle")
    nt = client.get("/sparql", query_string={"query": query, "format": "nt"}).data
    assert isomorphic(turtle, Graph().parse(data=nt, format="nt")) and len(turtle) == 2


def test_a_live_server_sends_the_terms_as_they_are(live_server):
    for mimetype in ("text/turtle", "application/n-triples"):
        request = urllib.request.Request(
            live_server + "/sparql?" + urllib.parse.urlencode({"query": CONSTRUCT}),
            headers={"Accept": mimetype})
        with urllib.request.urlopen(request, timeout=30) as response:
            assert response.headers.get_content_type() == mimetype
            body = response.read()
        expected = list(ox.Store().query(CONSTRUCT))
        assert_same_terms(answer_triples(body, mimetype), expected, TEMPLATE_FORMS)


@pytest.fixture
def remote_app():
    """The app over a ``sparql:`` store: a SPARQL protocol server holding the STORED graph."""
    from claimgraph.server.app import create_app
    from tests.graph.sparql_protocol_server import SparqlProtocolServer

    server = SparqlProtocolServer()
    server.store.load(STORED.encode(), format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode(G))
    app = create_app({"STORE": f"sparql:{server.url};timeout=20", "TESTING": True,
                      "QUERY_TIMEOUT": 20})
    yield app, server.store
    app.extensions["claimgraph.sparql"].close()
    server.stop()


@pytest.mark.parametrize("mimetype", ["text/turtle", "application/n-triples", "application/rdf+xml"])
def test_a_remote_stores_terms_pass_through_unchanged(remote_app, mimetype):
    app, remote = remote_app
    query = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{G}> {{ ?s ?p ?o }} }}"
    response = app.test_client().get("/sparql", query_string={"query": query},
                                     headers={"Accept": mimetype})
    assert response.status_code == 200, response.get_data(as_text=True)
    expected = list(remote.query(query, use_default_graph_as_union=True))
    assert_same_terms(answer_triples(response.data, mimetype), expected, STORED_FORMS)


def test_a_remote_stores_select_answers_pass_through_unchanged(remote_app):
    app, _ = remote_app
    query = f"SELECT ?o WHERE {{ <{S}> <{CG}label> ?o }}"
    response = app.test_client().get("/sparql", query_string={"query": query},
                                     headers={"Accept": "application/sparql-results+json"})
    values = {b["o"]["value"] for b in response.get_json()["results"]["bindings"]}
    assert STORED_FORMS <= values
