"""A table of bad requests: each gets its 4xx (never a 500) in the one error shape, no traceback."""

from __future__ import annotations

import json

import pytest

from tests.server.conftest import DOC_A, TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
Q = "ASK { ?s ?p ?o }"
FORM = "application/x-www-form-urlencoded"

# (name, method, path, kwargs for the test client, expected status)
BAD = [
    ("empty query", "GET", "/sparql", {"query_string": {"query": ""}}, 400),
    ("blank query", "GET", "/sparql", {"query_string": {"query": "   "}}, 400),
    ("unclosed brace", "GET", "/sparql", {"query_string": {"query": "SELECT * {"}}, 400),
    ("garbage", "GET", "/sparql", {"query_string": {"query": "%%%\x01"}}, 400),
    ("nul byte", "GET", "/sparql", {"query_string": {"query": "ASK {\x00}"}}, 400),
    ("unknown prefix", "GET", "/sparql", {"query_string": {"query": "SELECT * { ?s x:p ?o }"}},
     400),
    ("undefined prefix in SERVICE", "GET", "/sparql",
     {"query_string": {"query": "SELECT * { SERVICE x:s { ?s ?p ?o } }"}}, 400),
    ("unterminated string", "GET", "/sparql",
     {"query_string": {"query": 'SELECT * { ?s ?p "abc }'}}, 400),
    ("bad IRI", "GET", "/sparql", {"query_string": {"query": "SELECT * { <a b> ?p ?o }"}}, 400),
    ("two queries", "GET", "/sparql", {"query_string": [("query", Q), ("query", Q)]}, 400),
    ("two formats", "GET", "/sparql", {"query_string": [("query", Q), ("format", "json"),
                                                        ("format", "xml")]}, 400),
    ("format and output conflict", "GET", "/sparql",
     {"query_string": {"query": Q, "format": "json", "output": "csv"}}, 400),
    ("unknown format", "GET", "/sparql", {"query_string": {"query": Q, "format": "yaml"}}, 400),
    ("graph format for select", "GET", "/sparql",
     {"query_string": {"query": "SELECT * {?s ?p ?o}", "format": "turtle"}}, 400),
    ("results format for construct", "GET", "/sparql",
     {"query_string": {"query": "CONSTRUCT WHERE {?s ?p ?o}", "format": "csv"}}, 400),
    ("not acceptable select", "GET", "/sparql",
     {"query_string": {"query": Q}, "headers": {"Accept": "text/turtle"}}, 406),
    ("not acceptable construct", "GET", "/sparql",
     {"query_string": {"query": "CONSTRUCT WHERE {?s ?p ?o}"},
      "headers": {"Accept": "text/csv"}}, 406),
    ("not acceptable description", "GET", "/sparql", {"headers": {"Accept": "image/png"}}, 406),
    ("not a query, nothing acceptable", "GET", "/sparql",
     {"query_string": {"query": "garbage"}, "headers": {"Accept": "image/png"}}, 400),
    ("relative default-graph-uri", "GET", "/sparql",
     {"query_string": {"query": Q, "default-graph-uri": "relative"}}, 400),
    ("file named-graph-uri", "GET", "/sparql",
     {"query_string": {"query": Q, "named-graph-uri": "file:///etc/passwd"}}, 400),
    ("update by GET on /sparql", "GET", "/sparql", {"query_string": {"update": "CLEAR ALL"}}, 400),
    ("update form on /sparql", "POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 400),
    ("update body on /sparql", "POST", "/sparql",
     {"data": b"CLEAR ALL", "content_type": "application/sparql-update"}, 400),
    ("update text as query", "GET", "/sparql", {"query_string": {"query": "DROP ALL"}}, 400),
    ("POST form without query", "POST", "/sparql", {"data": {"q": Q}}, 400),
    ("query in URL and form", "POST", "/sparql?query=ASK%7B%7D", {"data": {"query": Q}}, 400),
    ("query in URL and body", "POST", "/sparql?query=ASK%7B%7D",
     {"data": Q.encode(), "content_type": "application/sparql-query"}, 400),
    ("POST text/plain", "POST", "/sparql", {"data": Q, "content_type": "text/plain"}, 415),
    ("POST JSON", "POST", "/sparql", {"json": {"query": Q}}, 415),
    ("POST no content type", "POST", "/sparql", {"data": Q.encode(), "content_type": ""}, 415),
    ("POST latin-1 body", "POST", "/sparql",
     {"data": Q.encode(), "content_type": "application/sparql-query; charset=latin-1"}, 415),
    ("POST invalid UTF-8", "POST", "/sparql",
     {"data": b"ASK { \xff\xfe }", "content_type": "application/sparql-query"}, 400),
    ("PUT /sparql", "PUT", "/sparql", {"data": Q}, 405),
    ("DELETE /sparql", "DELETE", "/sparql", {}, 405),
    ("PATCH /sparql", "PATCH", "/sparql", {}, 405),
    ("GET /update", "GET", "/update", {}, 405),
    ("update without token", "POST", "/update", {"data": {"update": "CLEAR ALL"}}, 401),
    ("update wrong token", "POST", "/update",
     {"data": {"update": "CLEAR ALL"}, "headers": {"Authorization": "Bearer nope"}}, 403),
    ("update empty bearer", "POST", "/update",
     {"data": {"update": "CLEAR ALL"}, "headers": {"Authorization": "Bearer "}}, 401),
    ("update no field", "POST", "/update", {"data": {"x": "y"}, "headers": AUTH}, 400),
    ("update bad syntax", "POST", "/update", {"data": {"update": "INSERT {"}, "headers": AUTH},
     400),
    ("update is a query", "POST", "/update", {"data": {"update": Q}, "headers": AUTH}, 400),
    ("update with query field", "POST", "/update",
     {"data": {"query": Q, "update": "CLEAR ALL"}, "headers": AUTH}, 400),
    ("update LOAD file", "POST", "/update",
     {"data": {"update": "LOAD <file:///etc/shadow>"}, "headers": AUTH}, 403),
    ("update LOAD http", "POST", "/update",
     {"data": {"update": "LOAD <http://127.0.0.1:1/x.ttl>"}, "headers": AUTH}, 403),
    ("update USING file", "POST", "/update",
     {"data": {"update": "DELETE {?s ?p ?o} USING <file:///x> WHERE {?s ?p ?o}"},
      "headers": AUTH}, 400),
    ("update text/plain", "POST", "/update",
     {"data": "CLEAR ALL", "content_type": "text/plain", "headers": AUTH}, 415),
    ("gsp no graph", "GET", "/rdf-graph-store", {}, 400),
    ("gsp graph and default", "GET", f"/rdf-graph-store?graph={DOC_A}&default", {}, 400),
    ("gsp two graphs", "GET", f"/rdf-graph-store?graph={DOC_A}&graph={DOC_A}", {}, 400),
    ("gsp bad graph IRI", "GET", "/rdf-graph-store?graph=%3Cx%3E", {}, 400),
    ("gsp missing graph", "GET", "/rdf-graph-store?graph=http://example.org/missing", {}, 404),
    ("gsp unacceptable", "GET", f"/rdf-graph-store?graph={DOC_A}",
     {"headers": {"Accept": "text/csv"}}, 406),
    ("gsp PATCH", "PATCH", f"/rdf-graph-store?graph={DOC_A}", {}, 405),
    ("gsp PUT no content type", "PUT", f"/rdf-graph-store?graph={DOC_A}",
     {"data": b"<a> <b> <c> .", "headers": AUTH}, 415),
    ("gsp PUT bad turtle", "PUT", f"/rdf-graph-store?graph={DOC_A}",
     {"data": b"<a> <b>", "content_type": "text/turtle", "headers": AUTH}, 400),
    ("gsp PUT quads", "PUT", f"/rdf-graph-store?graph={DOC_A}",
     {"data": b"<http://a> <http://b> <http://c> <http://g> .",
      "content_type": "application/n-quads", "headers": AUTH}, 415),
    ("gsp DELETE default", "DELETE", "/rdf-graph-store?default", {"headers": AUTH}, 405),
    ("gsp DELETE missing", "DELETE", "/rdf-graph-store?graph=http://example.org/missing",
     {"headers": AUTH}, 404),
    ("gsp write no token", "DELETE", f"/rdf-graph-store?graph={DOC_A}", {}, 401),
    ("IPv6 bracket in default-graph-uri", "GET", "/sparql",
     {"query_string": {"query": Q, "default-graph-uri": "http://[::1"}}, 400),
    ("IPv6 bracket in named-graph-uri", "GET", "/sparql",
     {"query_string": {"query": Q, "named-graph-uri": "http://[x"}}, 400),
    ("IPv6 bracket in FROM", "GET", "/sparql",
     {"query_string": {"query": "ASK FROM <http://[::1> {}"}}, 400),
    ("IPv6 bracket in BASE", "GET", "/sparql",
     {"query_string": {"query": "BASE <http://[::1> SELECT * FROM <x> {}"}}, 400),
    ("gsp IPv6 bracket in graph", "GET", "/rdf-graph-store?graph=http%3A%2F%2F%5B%3A%3A1", {},
     400),
    ("gsp closing bracket in graph", "GET", "/rdf-graph-store?graph=https%3A%2F%2F%5D", {}, 400),
    ("flat UNION chain", "POST", "/sparql",
     {"data": "SELECT * WHERE { " + "{} UNION " * 10_000 + "{} }",
      "content_type": "application/sparql-query"}, 400),
    ("flat MINUS chain", "POST", "/sparql",
     {"data": "SELECT * WHERE { " + "MINUS { } " * 9_000 + "}",
      "content_type": "application/sparql-query"}, 400),
    ("flat OPTIONAL chain", "POST", "/sparql",
     {"data": "SELECT * WHERE { " + "OPTIONAL { ?a ?b ?c } " * 3_000 + "}",
      "content_type": "application/sparql-query"}, 400),
    ("flat UNION chain in an update", "POST", "/update",
     {"data": "DELETE { ?s ?p ?o } WHERE { " + "{} UNION " * 10_000 + "{ ?s ?p ?o } }",
      "content_type": "application/sparql-update", "headers": AUTH}, 400),
    ("RDF/XML of a predicate with no local name", "GET", "/sparql",
     {"query_string": {"query": 'CONSTRUCT { <http://a> <http://ex.org/1> "x" } WHERE {}'},
      "headers": {"Accept": "application/rdf+xml"}}, 406),
    ("RDF/XML of a control character", "GET", "/sparql",
     {"query_string": {"query": 'CONSTRUCT { <http://a> <http://ex.org/p> "a\\u0001b" } '
                                'WHERE {}'}, "headers": {"Accept": "application/rdf+xml"}}, 406),
    ("SPARQL XML of a control character", "GET", "/sparql",
     {"query_string": {"query": 'SELECT ?x WHERE { BIND("a\\u0001b" AS ?x) }'},
      "headers": {"Accept": "application/sparql-results+xml"}}, 406),
    # (an "INF"^^xsd:double, which rdflib wrote into JSON-LD as JSON's Infinity, was refused
    # here; it is now written as the literal it is: test_exact_terms.py)
    ("triple term in a query", "GET", "/sparql",
     {"query_string": {"query": "SELECT * WHERE { BIND(<<( <http://a> <http://b> <http://c> )>> "
                                "AS ?t) }"}}, 400),
    ("triple term in an update", "POST", "/update",
     {"data": b"INSERT DATA { GRAPH <http://ex.org/x> { <http://a> <http://b> "
              b"<<( <http://a> <http://b> <http://c> )>> } }",
      "content_type": "application/sparql-update", "headers": AUTH}, 400),
    ("update DROP of a missing graph", "POST", "/update",
     {"data": b"DROP GRAPH <http://example.org/nope/>",
      "content_type": "application/sparql-update", "headers": AUTH}, 404),
    ("update CREATE of an existing graph", "POST", "/update",
     {"data": f"CREATE GRAPH <{DOC_A}>".encode(), "content_type": "application/sparql-update",
      "headers": AUTH}, 409),
    ("gsp DELETE of an invalid IRI", "DELETE", "/rdf-graph-store?graph=http%3A%2F%2Fex.org%2F%25zz",
     {"headers": AUTH}, 400),
    ("gsp GET of a port that is not a number", "GET", "/rdf-graph-store?graph=http%3A%2F%2Fex.org%3Aabc%2F",
     {}, 400),
    ("void unknown format", "GET", "/.well-known/void", {"query_string": {"format": "pdf"}}, 400),
    ("void POST", "POST", "/.well-known/void", {}, 405),
    ("unknown path", "GET", "/no/such/page", {}, 404),
    ("path traversal", "GET", "/static/../../etc/passwd", {}, 404),
]


@pytest.mark.parametrize("name,method,path,kwargs,status", BAD, ids=[b[0] for b in BAD])
def test_bad_request(client, name, method, path, kwargs, status):
    response = client.open(path, method=method, **kwargs)
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = json.loads(response.data)
    assert list(body) == ["error"]
    error = body["error"]
    assert set(error) == {"status", "title", "detail"}
    assert error["status"] == status and error["title"] and error["detail"]
    assert "Traceback" not in response.get_data(as_text=True)


def test_table_is_large_enough():
    assert len(BAD) >= 40


def test_not_a_query_is_a_400_with_the_parsers_message_whatever_the_accept(client):
    for accept in ("image/png", "text/turtle", "application/sparql-results+json"):
        response = client.post("/sparql", data={"query": "garbage"}, headers={"Accept": accept})
        assert response.status_code == 400, accept
        assert "malformed query: error at 1:" in response.get_data(as_text=True)


def test_browser_gets_the_sites_error_page_and_plain_client_gets_text(client):
    # A download link (format=) of a malformed query, followed in a browser.
    html = client.get("/sparql", query_string={"query": "SELECT", "format": "csv"},
                      headers={"Accept": "text/html,*/*;q=0.8"})
    assert html.status_code == 400 and html.mimetype == "text/html"
    page = html.get_data(as_text=True)
    assert '<header class="topbar">' in page and 'class="card error-page"' in page
    assert "400 · Bad Request" in page and "malformed query: error at 1:" in page
    missing = client.get("/no/such/page", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and 'class="card error-page"' in missing.get_data(
        as_text=True)
    plain = client.get("/rdf-graph-store", headers={"Accept": "text/plain"})
    assert plain.status_code == 400 and plain.mimetype == "text/plain"
    assert plain.get_data(as_text=True).startswith("400 Bad Request: ")
