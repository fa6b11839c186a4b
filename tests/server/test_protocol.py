"""The SPARQL 1.1 Protocol, following the cases of the W3C protocol test suite (in our words).

Positive cases: a query by GET, by POST form and by POST body; the dataset given by
default-graph-uri / named-graph-uri, overriding FROM in the query; every result format for every
query form, chosen by Accept or format=. Negative cases: each malformed request gets its 4xx.
"""

from __future__ import annotations

import csv
import io
import json

import pyoxigraph as ox
import pytest
from rdflib import Graph

from tests.server.conftest import DOC_A, DOC_B, TOKEN

FORM = "application/x-www-form-urlencoded"
COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
SPEAKERS = """PREFIX prov: <http://www.w3.org/ns/prov#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT DISTINCT ?name WHERE { ?c prov:wasAttributedTo ?who . ?who rdfs:label ?name } ORDER BY ?name"""


def names(response) -> list[str]:
    assert response.status_code == 200, response.get_data(as_text=True)
    data = response.get_json(force=True)
    return [b["name"]["value"] for b in data["results"]["bindings"]]


def count(response) -> int:
    assert response.status_code == 200, response.get_data(as_text=True)
    return int(response.get_json(force=True)["results"]["bindings"][0]["n"]["value"])


def test_query_get(client):
    assert names(client.get("/sparql", query_string={"query": SPEAKERS})) == \
        ["Mykola Malomuzh", "Vladimir Putin"]


def test_query_post_form(client):
    assert names(client.post("/sparql", data={"query": SPEAKERS})) == \
        ["Mykola Malomuzh", "Vladimir Putin"]


def test_query_post_direct(client):
    response = client.post("/sparql", data=SPEAKERS.encode(),
                           content_type="application/sparql-query")
    assert names(response) == ["Mykola Malomuzh", "Vladimir Putin"]


def test_query_post_direct_with_charset(client):
    response = client.post("/sparql", data=SPEAKERS.encode(),
                           content_type="application/sparql-query; charset=UTF-8")
    assert response.status_code == 200


def test_default_graph_is_union_of_named_graphs(client):
    both = count(client.get("/sparql", query_string={"query": COUNT}))
    only_a = count(client.get("/sparql", query_string={"query": COUNT,
                                                       "default-graph-uri": DOC_A}))
    only_b = count(client.get("/sparql", query_string={"query": COUNT,
                                                       "default-graph-uri": DOC_B}))
    assert 0 < only_a < both and 0 < only_b < both
    a_and_b = count(client.get("/sparql", query_string=[("query", COUNT),
                                                        ("default-graph-uri", DOC_A),
                                                        ("default-graph-uri", DOC_B)]))
    # Putin's type and label are in both graphs: a merge counts them once, a bag twice.
    assert only_a + only_b - 3 <= a_and_b <= only_a + only_b


def test_named_graph_uri_post_form(client):
    query = "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
    response = client.post("/sparql", data={"query": query, "named-graph-uri": DOC_B})
    rows = response.get_json()["results"]["bindings"]
    assert [row["g"]["value"] for row in rows] == [DOC_B]


def test_dataset_on_url_with_direct_post(client):
    response = client.post(f"/sparql?default-graph-uri={DOC_A}", data=COUNT.encode(),
                           content_type="application/sparql-query")
    assert count(response) == count(client.get("/sparql", query_string={
        "query": COUNT, "default-graph-uri": DOC_A}))


def test_protocol_dataset_overrides_from(client):
    query = f"SELECT (COUNT(*) AS ?n) FROM <{DOC_B}> WHERE {{ ?s ?p ?o }}"
    from_b = count(client.get("/sparql", query_string={"query": query}))
    overridden = count(client.get("/sparql", query_string={"query": query,
                                                           "default-graph-uri": DOC_A}))
    only_a = count(client.get("/sparql", query_string={"query": COUNT,
                                                       "default-graph-uri": DOC_A}))
    assert overridden == only_a != from_b


RESULT_TYPES = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
}


@pytest.mark.parametrize("mimetype", sorted(RESULT_TYPES))
def test_select_every_format(client, mimetype):
    response = client.get("/sparql", query_string={"query": SPEAKERS},
                          headers={"Accept": mimetype})
    assert response.status_code == 200
    assert response.mimetype == mimetype
    if mimetype == "text/csv":     # lossy: Oxigraph will not parse it back; the csv module will
        values = sorted(row["name"] for row in csv.DictReader(io.StringIO(response.data.decode())))
    else:
        parsed = ox.parse_query_results(response.data, RESULT_TYPES[mimetype])
        values = sorted(str(solution["name"].value) for solution in parsed)
    assert values == ["Mykola Malomuzh", "Vladimir Putin"]


@pytest.mark.parametrize("mimetype", sorted(RESULT_TYPES))
def test_ask_every_format(client, mimetype):
    response = client.get("/sparql", query_string={"query": "ASK { ?s ?p ?o }"},
                          headers={"Accept": mimetype})
    assert response.status_code == 200 and response.mimetype == mimetype
    if mimetype in ("text/csv", "text/tab-separated-values"):
        assert response.get_data(as_text=True).split()[-1] == "true"
    else:
        assert bool(ox.parse_query_results(response.data, RESULT_TYPES[mimetype])) is True


GRAPH_TYPES = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/n-quads": "nquads", "application/trig": "trig",
               "application/ld+json": "json-ld", "application/rdf+xml": "xml"}


@pytest.mark.parametrize("form", ["CONSTRUCT", "DESCRIBE"])
@pytest.mark.parametrize("mimetype", sorted(GRAPH_TYPES))
def test_graph_forms_every_format(client, form, mimetype):
    person = "https://w3id.org/claimgraph/id/person/mykola-malomuzh"
    query = (f"CONSTRUCT {{ <{person}> ?p ?o }} WHERE {{ <{person}> ?p ?o }}"
             if form == "CONSTRUCT" else f"DESCRIBE <{person}>")
    response = client.get("/sparql", query_string={"query": query}, headers={"Accept": mimetype})
    assert response.status_code == 200 and response.mimetype == mimetype
    graph = Graph().parse(data=response.data, format=GRAPH_TYPES[mimetype])
    assert len(graph) >= 5


@pytest.mark.parametrize("name,mimetype", [
    ("json", "application/sparql-results+json"), ("xml", "application/sparql-results+xml"),
    ("csv", "text/csv"), ("tsv", "text/tab-separated-values"),
    ("text/csv", "text/csv")])
def test_format_parameter_select(client, name, mimetype):
    response = client.get("/sparql", query_string={"query": SPEAKERS, "format": name},
                          headers={"Accept": "text/html"})
    assert response.status_code == 200 and response.mimetype == mimetype


@pytest.mark.parametrize("name,mimetype", [
    ("json", "application/ld+json"), ("xml", "application/rdf+xml"), ("ttl", "text/turtle"),
    ("nt", "application/n-triples")])
def test_format_parameter_construct(client, name, mimetype):
    response = client.get("/sparql", query_string={
        "query": "CONSTRUCT WHERE { ?s a ?o }", "output": name})
    assert response.status_code == 200 and response.mimetype == mimetype


def test_csv_and_tsv_escaping(client):
    query = "PREFIX schema: <http://schema.org/> SELECT ?t ?c WHERE { ?s schema:text ?t " \
            "OPTIONAL { ?s <https://w3id.org/claimgraph/ontology#count> ?c } } ORDER BY ?t"
    text = client.get("/sparql", query_string={"query": query, "format": "csv"}).get_data(
        as_text=True)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["t", "c"]
    assert rows[1] == ['Pokrovsk has been captured, says "the Kremlin",\tagain.', "16"]
    assert rows[2][1] == ""          # unbound: empty field
    tsv = client.get("/sparql", query_string={"query": query, "format": "tsv"}).get_data(
        as_text=True).splitlines()
    assert tsv[0] == "?t\t?c"
    assert tsv[1] == ('"Pokrovsk has been captured, says \\"the Kremlin\\",\\tagain."@en\t'
                      '"16"^^<http://www.w3.org/2001/XMLSchema#integer>')


def test_vary_and_no_accept_defaults_to_json(client):
    response = client.get("/sparql", query_string={"query": SPEAKERS})
    assert response.mimetype == "application/sparql-results+json"
    assert "Accept" in response.headers.get("Vary", "")


def test_accept_q_values_choose(client):
    response = client.get("/sparql", query_string={"query": SPEAKERS}, headers={
        "Accept": "application/sparql-results+json;q=0.5, text/csv;q=0.9, */*;q=0.1"})
    assert response.mimetype == "text/csv"


def test_a_type_range_prefers_formats_of_their_own_type_to_aliases(client):
    # text/* admits text/csv and text/tab-separated-values as themselves, SPARQL XML only
    # through its alias text/xml: the answer's type must be one the client accepts
    response = client.get("/sparql", query_string={"query": SPEAKERS},
                          headers={"Accept": "text/*"})
    assert response.mimetype == "text/csv"


def test_a_format_type_written_with_an_unencoded_plus_is_understood(client):
    response = client.get("/sparql?format=application/sparql-results+xml&query=ASK%7B%7D")
    assert response.status_code == 200
    assert response.mimetype == "application/sparql-results+xml"


BROWSERS = {
    "chromium": "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
                "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7",
    "firefox": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8",
    "html only": "text/html",
}
# What SPARQL clients send for a SELECT, and other Accept headers that are not a browser's.
CLIENTS = {
    "no Accept": None,
    "curl, requests": "*/*",
    "Jena": "application/sparql-results+json, application/sparql-results+xml;q=0.9, "
            "text/tab-separated-values;q=0.7, text/csv;q=0.5, application/json;q=0.2, "
            "application/xml;q=0.2, */*;q=0.1",
    "SPARQLWrapper": "application/sparql-results+json,application/json,text/javascript,"
                     "application/javascript",
    "rdflib SPARQLStore": "application/sparql-results+xml",
    "YASGUI": "application/sparql-results+json,*/*;q=0.9",
    "html tied with a result type": "text/html, application/sparql-results+json",
    "html below the rest": "text/html;q=0.5, */*",
    "xml above html (old WebKit)": "application/xml,application/xhtml+xml,text/html;q=0.9,"
                                   "text/plain;q=0.8,image/png,*/*;q=0.5",
}


@pytest.mark.parametrize("accept", list(BROWSERS.values()), ids=list(BROWSERS))
def test_browser_opening_a_query_url_gets_the_editor(client, accept):
    response = client.get("/sparql", query_string={"query": SPEAKERS},
                          headers={"Accept": accept})
    assert response.status_code == 200 and response.mimetype == "text/html"
    assert b'id="yasgui"' in response.data     # sparql.js reads the query from the URL
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize("accept", list(CLIENTS.values()), ids=list(CLIENTS))
def test_sparql_clients_get_results(client, accept):
    headers = {"Accept": accept} if accept else {}
    response = client.get("/sparql", query_string={"query": SPEAKERS}, headers=headers)
    assert response.status_code == 200 and response.mimetype in RESULT_TYPES
    construct = client.get("/sparql", query_string={"query": "CONSTRUCT WHERE { ?s a ?o }"},
                           headers=headers)
    assert b'id="yasgui"' not in construct.data     # a graph, or 406 for results-only clients


def test_browser_posting_a_query_gets_results(client):
    response = client.post("/sparql", data={"query": SPEAKERS},
                           headers={"Accept": BROWSERS["firefox"]})
    assert response.mimetype == "application/sparql-results+xml"


def test_editor_href_keeps_long_queries_out_of_the_request_line(app):
    from claimgraph.server.sparql import EDITOR_URL_MAX, editor_href

    with app.test_request_context():
        short, long = editor_href(SPEAKERS), editor_href(SPEAKERS + "#" * EDITOR_URL_MAX)
    assert short.startswith("/sparql?query=PREFIX%20prov%3A%20")
    assert long.startswith("/sparql#query=PREFIX%20prov%3A%20") and "?" not in long
    assert EDITOR_URL_MAX + len("GET  HTTP/1.1") < 8190    # gunicorn's limit_request_line


def test_update_via_update_endpoint_form_and_direct(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    update = "INSERT DATA { GRAPH <http://example.org/g1> { <http://ex/a> <http://ex/b> 1 } }"
    assert client.post("/update", data={"update": update}, headers=auth).status_code == 204
    update2 = "INSERT DATA { GRAPH <http://example.org/g1> { <http://ex/a> <http://ex/b> 2 } }"
    assert client.post("/update", data=update2.encode(), headers=auth,
                       content_type="application/sparql-update").status_code == 204
    query = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH <http://example.org/g1> { ?s ?p ?o } }"
    assert count(client.get("/sparql", query_string={"query": query})) == 2


def test_update_with_base(client):
    auth = {"Authorization": f"Bearer {TOKEN}"}
    update = "BASE <http://example.org/base/> INSERT DATA { GRAPH <g> { <a> <b> <c> } }"
    assert client.post("/update", data={"update": update}, headers=auth).status_code == 204
    ask = "ASK { GRAPH <http://example.org/base/g> { <http://example.org/base/a> ?p ?o } }"
    assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is True


def _error(response, status):
    assert response.status_code == status, response.get_data(as_text=True)
    body = json.loads(response.data)
    assert set(body) == {"error"} and body["error"]["status"] == status
    return body["error"]["detail"]


NEGATIVE = [
    ("query by PUT", lambda c: c.put("/sparql", query_string={"query": COUNT}), 405),
    ("two queries", lambda c: c.get("/sparql", query_string=[("query", COUNT),
                                                            ("query", COUNT)]), 400),
    ("wrong media type", lambda c: c.post("/sparql", data=COUNT, content_type="text/plain"), 415),
    ("form without type", lambda c: c.post("/sparql", data=f"query={COUNT}",
                                           content_type=""), 415),
    ("direct non-UTF-8", lambda c: c.post("/sparql", data=COUNT.encode("latin-1"),
                                          content_type="application/sparql-query; "
                                                       "charset=ISO-8859-1"), 415),
    ("syntax error", lambda c: c.get("/sparql", query_string={"query": "SELECT * WHERE {"}), 400),
    ("update via GET", lambda c: c.get("/update", query_string={
        "update": "CLEAR ALL"}), 405),
    ("update on /sparql", lambda c: c.post("/sparql", data={"update": "CLEAR ALL"}), 400),
    ("update text as query", lambda c: c.get("/sparql", query_string={"query": "CLEAR ALL"}),
     400),
    ("two updates", lambda c: c.post("/update", data="update=CLEAR+ALL&update=CLEAR+ALL",
                                     content_type=FORM, headers={"Authorization": f"Bearer {TOKEN}"}), 400),
    ("update wrong type", lambda c: c.post("/update", data="CLEAR ALL", content_type="text/plain",
                                           headers={"Authorization": f"Bearer {TOKEN}"}), 415),
    ("update syntax", lambda c: c.post("/update", data={"update": "INSERT DATA {"},
                                       headers={"Authorization": f"Bearer {TOKEN}"}), 400),
    ("query on /update", lambda c: c.post("/update", data={"update": COUNT},
                                          headers={"Authorization": f"Bearer {TOKEN}"}), 400),
    ("using-graph-uri", lambda c: c.post("/update", data={"update": "CLEAR ALL",
                                                          "using-graph-uri": DOC_A},
                                         headers={"Authorization": f"Bearer {TOKEN}"}), 400),
    ("unacceptable", lambda c: c.get("/sparql", query_string={"query": COUNT},
                                     headers={"Accept": "image/png"}), 406),
    ("unknown format", lambda c: c.get("/sparql", query_string={"query": COUNT,
                                                                "format": "pdf"}), 400),
]


@pytest.mark.parametrize("name,call,status", NEGATIVE, ids=[n for n, _, _ in NEGATIVE])
def test_negative(client, name, call, status):
    _error(call(client), status)


def test_method_not_allowed_names_allowed_methods(client):
    response = client.delete("/sparql")
    assert response.status_code == 405
    assert {"GET", "POST"} <= {m.strip() for m in response.headers["Allow"].split(",")}


def test_head_answers_as_get_without_a_body(client):
    for query_string in ({"query": COUNT}, {}, {"query": "CONSTRUCT WHERE { ?s ?p ?o }"}):
        got = client.get("/sparql", query_string=query_string)
        head = client.head("/sparql", query_string=query_string)
        assert head.status_code == got.status_code == 200, query_string
        assert head.content_type == got.content_type and head.data == b""


AUTH = {"Authorization": f"Bearer {TOKEN}"}
CAFE = "SELECT (\"caf%s\" AS ?x) {}"
INSERT_CAFE = "INSERT DATA { GRAPH <http://example.org/enc> { <http://a> <http://b> \"caf%s\" } }"


def _cafe(response) -> str:
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_json()["results"]["bindings"][0]["x"]["value"]


def test_parameters_are_percent_encoded_utf8(client):
    """%C3%A9 is é; %E9 (Latin-1) and %ED%A0%80 (a surrogate) are not UTF-8: 400, never the
    escape kept as text."""
    encoded = (CAFE % "%C3%A9").replace(" ", "%20")
    assert _cafe(client.get("/sparql?query=" + encoded)) == "café"
    assert _cafe(client.post("/sparql", data="query=" + encoded, content_type=FORM)) == "café"
    for bad in ("%E9", "%ED%A0%80"):
        encoded = (CAFE % bad).replace(" ", "%20")
        for response in (client.get("/sparql?query=" + encoded),
                         client.post("/sparql", data="query=" + encoded, content_type=FORM),
                         client.post("/sparql", data=f"query={COUNT}&default-graph-uri=http://"
                                                     f"a/{bad}", content_type=FORM)):
            assert "not valid UTF-8" in _error(response, 400)
        update = (INSERT_CAFE % bad).replace(" ", "%20")
        assert "not valid UTF-8" in _error(
            client.post("/update", data="update=" + update, content_type=FORM, headers=AUTH), 400)
        assert "not valid UTF-8" in _error(
            client.post("/update?using-graph-uri=" + bad, data=b"CLEAR ALL", headers=AUTH,
                        content_type="application/sparql-update"), 400)
    ask = "ASK { GRAPH <http://example.org/enc> { ?s ?p ?o } }"
    assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is False


def test_a_form_in_another_charset_is_415(client):
    update = (INSERT_CAFE % "%E9").replace(" ", "%20")
    detail = _error(client.post("/update", data="update=" + update, headers=AUTH,
                                content_type=f"{FORM}; charset=iso-8859-1"), 415)
    assert "must be UTF-8, not iso-8859-1" in detail
    _error(client.post("/sparql", data=f"query={COUNT}", content_type=f"{FORM}; charset=latin-1"),
           415)
    assert count(client.post("/sparql", data=f"query={COUNT}",
                             content_type=f"{FORM}; charset=UTF-8")) > 0
