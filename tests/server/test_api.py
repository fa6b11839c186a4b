"""The query API blueprint: catalog, named queries with content negotiation, errors, search,
OpenAPI, served by the real application over the seed store."""

from __future__ import annotations

import csv
import io

import pytest

from tests.queries.oxistore import seed_store

ID = "https://w3id.org/claimgraph/id/"


@pytest.fixture(scope="module")
def app():
    from claimgraph.server.app import create_app

    application = create_app({"STORE": seed_store(), "TESTING": True})
    yield application
    application.extensions["claimgraph.sparql"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def assert_error(response, status: int, parameter: str | None = None):
    assert response.status_code == status
    error = response.get_json()["error"]
    assert error["status"] == status and error["title"] and error["detail"]
    if parameter is not None:
        assert error["parameter"] == parameter
    return error


def test_catalog(client):
    body = client.get("/api/queries").get_json()
    names = [q["name"] for q in body["queries"]]
    assert "statements-by" in names and "path" in names
    deadlines = next(q for q in body["queries"] if q["name"] == "deadlines")
    assert deadlines["params"][0] == {"name": "location", "type": "location", "required": True,
                                      "default": None, "description": deadlines["params"][0][
                                          "description"]}
    assert deadlines["columns"][0] == "deadline"


def test_named_query_json(client):
    response = client.get("/api/queries/deadlines?location=pokrovsk")
    assert response.status_code == 200
    body = response.get_json()
    assert body["query"] == "deadlines"
    assert body["params"] == {"location": ID + "city/pokrovsk"}
    assert [(r["set_by_label"], r["count"], r["outcome"]) for r in body["results"]] == [
        ("Vladimir Putin", 16, "failed")]


def test_named_query_csv_by_accept_and_by_format(client):
    for response in (client.get("/api/queries/targets?actor=Putin",
                                headers={"Accept": "text/csv"}),
                     client.get("/api/queries/targets?actor=Putin&format=csv")):
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        assert len(rows) == 6 and "Kupiansk" in {r["location_label"] for r in rows}
        assert list(rows[0])[:2] == ["operation", "operation_label"]


def test_named_query_sparql_json(client):
    for response in (client.get("/api/queries/external-links?entity=Putin",
                                headers={"Accept": "application/sparql-results+json"}),
                     client.get("/api/queries/external-links?entity=Putin&format=sparql-json")):
        assert response.mimetype == "application/sparql-results+json"
        body = response.get_json()
        assert body["head"]["vars"] == ["entity", "label", "link", "authority"]
        links = [b["link"] for b in body["results"]["bindings"]]
        assert {"type": "uri", "value": "http://www.wikidata.org/entity/Q7747"} in links


def test_bad_parameters_are_400_saying_which_and_why(client):
    error = assert_error(client.get("/api/queries/statements-by"), 400, "actor")
    assert "required" in error["detail"]
    error = assert_error(client.get("/api/queries/statements-by?actor=Pokrovsk"), 400, "actor")
    assert "no actor named" in error["detail"]
    error = assert_error(client.get("/api/queries/deadlines?location=K"), 400, "location")
    assert "ambiguous" in error["detail"] and len(error["candidates"]) > 1
    assert_error(client.get("/api/queries/statements-by?actor=Putin&colour=red"), 400, "colour")
    assert_error(client.get("/api/queries/timeline?from=soon"), 400, "from")
    assert_error(client.get("/api/queries/actor-network?min_weight=x"), 400, "min_weight")
    assert_error(client.get("/api/queries/roles?actor=Putin&actor=Malomuzh"), 400, "actor")
    assert_error(client.get("/api/queries/roles?format=xml"), 400, "format")
    repeated = assert_error(client.get("/api/queries/roles?format=csv&format=json"), 400, "format")
    assert repeated["detail"] == "parameter 'format' is given 2 times"   # was: the first, csv


@pytest.mark.parametrize("value", ['"} ; DROP ALL', "} ; DROP ALL", "<x> } DROP", "a\nb"])
def test_hostile_parameter_is_a_400_not_a_500(client, value):
    response = client.get("/api/queries/statements-by", query_string={"actor": value})
    assert_error(response, 400, "actor")
    assert client.get("/api/queries/statements-by?actor=Malomuzh").status_code == 200


def test_unknown_query_is_404(client):
    error = assert_error(client.get("/api/queries/who-won"), 404)
    assert "statements-by" in error["detail"]


def test_an_error_has_its_statuss_title_on_every_route(client):
    json = {"Accept": "application/json"}
    not_found = [client.get(path, headers=json) for path in (
        "/api/queries/who-won", "/q/who-won", "/no/such/page", "/id/person/nobody-at-all")]
    bad = [client.get(path, headers=json) for path in (
        "/api/search", "/api/queries/roles?actor=Nobody-at-all", "/api/queries/roles?format=pdf",
        "/q/roles?actor=Nobody-at-all", "/api/changes?since=yesterday",
        "/sparql?query=SELECT")]
    assert {(r.status_code, r.get_json()["error"]["title"]) for r in not_found} == \
        {(404, "Not Found")}
    assert {(r.status_code, r.get_json()["error"]["title"]) for r in bad} == \
        {(400, "Bad Request")}


def test_search(client):
    body = client.get("/api/search?q=kupyan").get_json()
    assert body["results"][0]["entity"] == ID + "city/kupiansk"
    assert body["results"][0]["label"] == "Kupiansk"
    ranked = client.get("/api/search?q=russia&limit=3").get_json()["results"]
    assert len(ranked) == 3 and ranked[0]["match"] == "exact"
    assert_error(client.get("/api/search"), 400, "q")
    assert_error(client.get("/api/search?q=x&limit=500"), 400, "limit")
    assert client.get("/api/search?q=%22%7D%20DROP%20ALL").get_json()["results"] == []


def test_openapi_describes_every_query(client, app):
    doc = client.get("/api/openapi.json").get_json()
    assert doc["openapi"].startswith("3.1")
    from claimgraph.queries import Catalog
    for q in Catalog.load().list():
        operation = doc["paths"][f"/api/queries/{q.name}"]["get"]
        declared = {p["name"] for p in operation["parameters"] if "name" in p}
        assert declared == {p.name for p in q.params}
        assert set(operation["responses"]) >= {"200", "400"}
    assert "/api/search" in doc["paths"] and "/api/queries" in doc["paths"]
    from openapi_spec_validator import validate
    validate(doc)


PAGED = """#+ title: Statements, paged
#+ description: Every statement IRI, in order, a page at a time.
#+ param: limit (integer, default 3) — Rows per page (0: all).
#+ param: offset (integer, default 0) — Rows to skip.
#+ columns: statement
#+ example: limit=3
PREFIX cg: <https://w3id.org/claimgraph/ontology#>
SELECT DISTINCT ?statement WHERE { ?statement cg:speaker ?who }
ORDER BY ?statement
#@ limit limit
#@ offset offset
"""


@pytest.fixture
def paged_client():
    """The API with one more catalog query that has limit and offset parameters."""
    from claimgraph.queries.catalog import Catalog, parse_query_file
    from claimgraph.server.app import create_app

    shipped = Catalog.load()
    queries = {q.name: q for q in shipped.list()} | {"paged": parse_query_file("paged", PAGED)}
    application = create_app({"STORE": seed_store(), "TESTING": True})
    application.extensions.setdefault("claimgraph.queries", {})["catalog"] = Catalog(
        queries, {"resolve": shipped.system("resolve")})
    yield application.test_client()
    application.extensions["claimgraph.sparql"].close()


def test_full_pages_link_to_the_next_page_and_the_pages_add_up(paged_client):
    every = paged_client.get("/api/queries/paged?limit=0").get_json()
    assert every["next_url"] is None and len(every["results"]) > 7
    seen, url, pages = [], "/api/queries/paged", 0
    while url:
        response = paged_client.get(url)
        body = response.get_json()
        seen += body["results"]
        url = body["next_url"]
        assert (response.headers.get("Link") is None) == (url is None)
        if url:
            assert response.headers["Link"] == f'<{url}>; rel="next"'
            assert url.startswith("http://localhost/api/queries/paged?")
        pages += 1
    assert seen == every["results"] and pages >= len(every["results"]) // 3
    csv_page = paged_client.get("/api/queries/paged?format=csv&limit=2")
    assert 'offset=2' in csv_page.headers["Link"] and "format=csv" in csv_page.headers["Link"]


def test_queries_without_paging_have_no_next_url(client):
    body = client.get("/api/queries/statements-by?actor=Malomuzh").get_json()
    assert body["next_url"] is None


@pytest.fixture
def hasty_client():
    """A server whose time limit no query can meet."""
    from claimgraph.server.app import create_app

    application = create_app({"STORE": seed_store(), "TESTING": True, "QUERY_TIMEOUT": 1e-9})
    yield application.test_client()
    application.extensions["claimgraph.sparql"].close()


def test_a_listing_of_every_row_stopped_at_the_time_limit_is_told_to_ask_for_pages(hasty_client):
    every = assert_error(hasty_client.get("/api/queries/statements-by?actor=Malomuzh&limit=0"),
                         503)
    assert "time limit" in every["detail"] and "ask for pages" in every["detail"]
    padded = assert_error(hasty_client.get("/api/queries/statements-by?actor=Malomuzh&limit=00"),
                          503)
    assert "ask for pages" in padded["detail"]
    page = assert_error(hasty_client.get("/api/queries/statements-by?actor=Malomuzh&limit=5"),
                        503)
    assert "time limit" in page["detail"] and "pages" not in page["detail"]


@pytest.fixture
def small_answers_client():
    """A server that gives at most 3 results in one answer."""
    from claimgraph.server.app import create_app

    application = create_app({"STORE": seed_store(), "TESTING": True, "MAX_RESULTS": 3})
    yield application.test_client()
    application.extensions["claimgraph.sparql"].close()


def test_a_listing_over_the_result_limit_is_told_to_ask_for_pages(small_answers_client):
    client = small_answers_client
    every = assert_error(client.get("/api/queries/actor-network?limit=0"), 422)
    assert "the limit is 3" in every["detail"] and "ask for pages" in every["detail"].lower()
    assert "Add a LIMIT" not in every["detail"]     # a named query's user cannot add one
    assert client.get("/api/queries/actor-network?limit=3").status_code == 200
    # on /sparql the advice is the query's own LIMIT
    plain = assert_error(client.get("/sparql", query_string={"query": "SELECT * { ?s ?p ?o }"},
                                    headers={"Accept": "application/json"}), 422)
    assert "Add a LIMIT" in plain["detail"]
