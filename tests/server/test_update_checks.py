"""What /update may write: named graphs the Graph Store accepts, and literals the loader accepts.

The default graph is the union of the named graphs (the service description says so, and the
Graph Store refuses writes to ``?default``), so an update that names the store's own default
graph is refused; so is one that writes a graph IRI the Graph Store would refuse, which could
then be neither read nor deleted there. Each refusal is a 400 that says what to write instead,
and leaves the store as it was.
"""

from __future__ import annotations

import json

import pytest

from claimgraph.graph.backends.terms import MAX_LITERAL_CHARS
from tests.server.conftest import TOKEN

AUTH = {"Authorization": f"Bearer {TOKEN}"}
EVERYTHING = "SELECT ?g ?s ?p ?o WHERE { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }"
UNION = "the default graph is the union of the named graphs and cannot be written"
BAD_IRI = "graph IRIs must be absolute http, https, urn or tag IRIs"
WHERE_DEFAULT = "the WHERE clause matches triples outside GRAPH"

REFUSED = [
    ('INSERT DATA { <urn:x:s> <urn:x:p> "o" }', [UNION, "GRAPH <iri> { … }"]),
    ('INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 1 } <urn:x:s> <urn:x:p> 2 }',
     [UNION]),
    ('INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 1 } } ; '
     'INSERT DATA { <urn:x:s> <urn:x:p> 2 }', [UNION]),
    ("INSERT { ?s <urn:x:copy> ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", [UNION, "WITH <iri>"]),
    ("DELETE { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }", [UNION, "WITH <iri>"]),
    ("DELETE WHERE { ?s ?p ?o }", [UNION, "GRAPH ?g { … }"]),
    ('DELETE DATA { <urn:x:s> <urn:x:p> "o" }', [UNION]),
    ("LOAD <http://example.org/data.ttl>", [UNION, "INTO GRAPH <iri>"]),
    ("CLEAR DEFAULT", [UNION, "CLEAR GRAPH <iri>"]),
    ("DROP SILENT DEFAULT", [UNION]),
    ("COPY DEFAULT TO <urn:x:g>", [UNION, "GRAPH <iri> TO GRAPH <iri>"]),
    ("ADD <urn:x:g> TO DEFAULT", [UNION]),
    ('INSERT DATA { GRAPH <file:///etc/x> { <urn:x:s> <urn:x:p> "o" } }',
     ["GRAPH <file:///etc/x>", BAD_IRI]),
    ('PREFIX f: <file:///etc/> INSERT DATA { GRAPH f:x { <urn:x:s> <urn:x:p> "o" } }',
     ["<file:///etc/x>", BAD_IRI]),
    ("INSERT { GRAPH <mailto:a@b.example> { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }",
     ["<mailto:a@b.example>", BAD_IRI]),
    ("WITH <file:///w> INSERT { ?s ?p 1 } WHERE { GRAPH ?g { ?s ?p ?o } }",
     ["WITH <file:///w>", BAD_IRI]),
    ("INSERT { GRAPH <urn:x:g> { ?s <urn:x:copy> ?o } } WHERE { ?s ?p ?o }",
     [WHERE_DEFAULT, "GRAPH ?g { … }", "USING <iri>"]),
    ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
     "OPTIONAL { ?s <urn:x:label> ?l } }", [WHERE_DEFAULT]),
    ("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
     "FILTER EXISTS { ?s a ?type } }", [WHERE_DEFAULT]),
    ("INSERT { GRAPH <urn:x:g> { ?s <urn:x:n> ?n } } WHERE { { SELECT ?s (COUNT(*) AS ?n) "
     "WHERE { ?s ?p ?o } GROUP BY ?s } }", [WHERE_DEFAULT]),
    ("INSERT { GRAPH <urn:x:g> { ?s <urn:x:p> 1 } } WHERE { GRAPH ?g { ?s ?p ?o } "
     "MINUS { ?s <urn:x:p> 1 } }", [WHERE_DEFAULT]),
    ("CREATE GRAPH <file:///c>", ["CREATE GRAPH <file:///c>", BAD_IRI]),
    ("DROP SILENT GRAPH <relative>", ["<relative>", "graph IRIs must be absolute"]),
    ("WITH <file:///w> DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
     ["WITH <file:///w>", BAD_IRI]),
    ('DELETE { GRAPH <file:///d> { ?s ?p ?o } } INSERT { GRAPH <file:///i> { ?s ?p ?o } } '
     'WHERE { GRAPH ?g { ?s ?p ?o } }', ["<file:///i>", BAD_IRI]),
    ("COPY <file:///src> TO <file:///dst>", ["<file:///dst>", BAD_IRI]),
    ("MOVE <urn:x:g> TO <file:///m>", ["<file:///m>", BAD_IRI]),
    ("LOAD <http://example.org/d.ttl> INTO GRAPH <file:///l>", ["<file:///l>", BAD_IRI]),
]


def _everything(client) -> list:
    answer = client.get("/sparql", query_string={"query": EVERYTHING},
                        headers={"Accept": "application/sparql-results+json"})
    assert answer.status_code == 200
    return sorted(json.dumps(row, sort_keys=True)
                  for row in answer.get_json()["results"]["bindings"])


@pytest.mark.parametrize("app_config", [{"LOAD_ALLOWLIST": ["http://example.org/"]}])
@pytest.mark.parametrize("update,words", REFUSED, ids=[u[:60] for u, _ in REFUSED])
def test_an_update_of_the_default_graph_or_of_a_graph_the_store_refuses_is_400(client, update,
                                                                                words):
    before = _everything(client)
    response = client.post("/update", data={"update": update}, headers=AUTH)
    assert response.status_code == 400, response.get_data(as_text=True)
    detail = response.get_json()["error"]["detail"]
    for word in words:
        assert word in detail
    assert _everything(client) == before


ACCEPTED = [
    'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o" } }',
    'PREFIX x: <urn:x:> INSERT DATA { GRAPH x:g { x:s x:p "o" . x:s x:p [ x:q 1 ] } . '
    'GRAPH <https://example.org/h> { x:s x:p 2 } }',
    'BASE <http://example.org/base/> INSERT DATA { GRAPH <g> { <a> <b> "c" } }',
    "WITH <urn:x:g> DELETE { ?s ?p ?o } INSERT { ?s ?p 2 } WHERE { ?s ?p ?o }",
    "DELETE { GRAPH ?g { ?s ?p ?o } } INSERT { GRAPH <tag:example.org,2025:copy> { ?s ?p ?o } } "
    "WHERE { GRAPH ?g { ?s ?p ?o } }",
    'DELETE DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "o" } }',
    "DELETE WHERE { GRAPH ?g { ?s <urn:x:p> ?o } }",
    'INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> "a } # not the end" } }',
    "INSERT DATA { GRAPH <urn:x:g> { <urn:x:s> <urn:x:p> 1 } } ; "
    "COPY <urn:x:g> TO GRAPH <urn:x:h> ; MOVE GRAPH <urn:x:h> TO <urn:x:i> ; "
    "ADD <urn:x:i> TO <urn:x:g>",
    "CREATE SILENT GRAPH <urn:x:new> ; CLEAR SILENT GRAPH <urn:x:new> ; "
    "DROP SILENT GRAPH <urn:x:i>",
    "CLEAR ALL",
    # WHERE clauses that read named graphs only, or the graphs USING names
    "INSERT { GRAPH <urn:x:g> { ?s <urn:x:copy> ?o } } USING <urn:x:g> WHERE { ?s ?p ?o }",
    "INSERT { GRAPH <urn:x:h> { ?s <urn:x:n> ?n } } WHERE { { SELECT ?s (COUNT(*) AS ?n) "
    "WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?s ORDER BY ?s LIMIT 2 } FILTER(?n > 0) "
    "BIND(1 AS ?one) VALUES ?z { 1 2 } VALUES (?y ?w) { (1 2) } "
    "OPTIONAL { GRAPH ?h { ?s ?q ?r } } }",
    'INSERT { GRAPH <urn:x:g> { <urn:x:a> <urn:x:b> ?x } } WHERE { BIND(STR(NOW()) AS ?x) }',
    "DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } "
    "FILTER NOT EXISTS { GRAPH ?g { ?s <urn:x:keep> true } } FILTER regex(STR(?s), \"^urn:\") }",
]


@pytest.mark.parametrize("update", ACCEPTED, ids=[u[:60] for u in ACCEPTED])
def test_updates_of_named_graphs_are_carried_out(client, update):
    response = client.post("/update", data={"update": update}, headers=AUTH)
    assert response.status_code == 204, response.get_data(as_text=True)
    ask = "ASK { ?s ?p ?o FILTER NOT EXISTS { GRAPH ?g { ?s ?p ?o } } }"
    assert client.get("/sparql", query_string={"query": ask}).get_json()["boolean"] is False


@pytest.mark.parametrize("app_config", [{"MAX_QUERY_LENGTH": 3 * MAX_LITERAL_CHARS}])
def test_an_update_literal_over_the_loader_limit_is_refused(client):
    def insert(literal: str) -> str:
        return f'INSERT DATA {{ GRAPH <urn:x:big> {{ <urn:x:s> <urn:x:p> "{literal}" }} }}'

    before = _everything(client)
    response = client.post("/update", data={"update": insert("x" * (MAX_LITERAL_CHARS + 1))},
                           headers=AUTH)
    assert response.status_code == 400
    assert response.get_json()["error"]["detail"] == (
        "the update holds a literal of 1,048,577 characters; the limit is 1,048,576 characters "
        "(as for claimgraph load)")
    assert _everything(client) == before
    # escapes count as the characters they stand for
    escaped = "\\u0041" * (MAX_LITERAL_CHARS // 6 + 1) + "x" * (MAX_LITERAL_CHARS // 2)
    assert client.post("/update", data={"update": insert(escaped)},
                       headers=AUTH).status_code == 204


REMOVALS = [
    "DROP GRAPH <{g}>",
    "CLEAR SILENT GRAPH <{g}>",
    "DELETE WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
    "DELETE {{ GRAPH <{g}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH <{g}> {{ ?s ?p ?o }} }}",
    "WITH <{g}> DELETE {{ ?s ?p ?o }} WHERE {{ ?s ?p ?o }}",
    "MOVE <{g}> TO <urn:x:moved>",
]


@pytest.mark.parametrize("update", REMOVALS)
def test_a_graph_the_loader_named_file_can_be_removed(client, store, tmp_path, update):
    # `claimgraph load x.ttl` names the graph file://…, a scheme no update could name
    from claimgraph.graph.load import file_graph_iri, load_paths

    path = tmp_path / "x.ttl"
    path.write_text('<urn:x:s> <urn:x:p> "o" .', encoding="utf-8")
    load_paths(store, [path])
    graph = file_graph_iri(path)
    assert graph in store.graphs()
    response = client.post("/update", data={"update": update.format(g=graph)}, headers=AUTH)
    assert response.status_code == 204, response.get_data(as_text=True)
    assert graph not in store.graphs()
