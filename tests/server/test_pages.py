"""Linked-data pages: dereferencing minted IRIs with content negotiation, the JSON twins, the
404 page, and what the entity, statement and document pages show (on the seed graph)."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import unquote, urlsplit

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from claimgraph.server.pages import vendor_installed

ID = "https://w3id.org/claimgraph/id/"
CG = "https://w3id.org/claimgraph/ontology#"
PUTIN = ID + "person/vladimir-putin"
RDF_TYPES = [("text/turtle", "ttl", "turtle"), ("application/ld+json", "jsonld", "json-ld"),
             ("application/n-triples", "nt", "nt"), ("application/rdf+xml", "rdf", "xml")]


@pytest.fixture
def app(web_store):
    """The page tests read the seed graph (this overrides the fixture-data app of conftest)."""
    from tests.server.webapp import make_app

    application = make_app(web_store)
    yield application
    application.extensions["claimgraph.sparql"].close()


@pytest.fixture
def client(app):
    return app.test_client()


def _expected(web_store, iri: str) -> Graph:
    """The entity's triples straight from the store (its own and its #parts)."""
    result = web_store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o . "
        f"FILTER(?s = <{iri}> || STRSTARTS(STR(?s), \"{iri}#\")) }}")
    return result.graph


@pytest.mark.parametrize("media,suffix,fmt", RDF_TYPES)
def test_accept_gives_303_to_the_rdf_document(client, web_store, media, suffix, fmt):
    response = client.get("/id/person/vladimir-putin", headers={"Accept": media})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(f"/id/person/vladimir-putin.{suffix}")
    assert "Accept" in response.headers["Vary"]
    document = client.get(response.headers["Location"])
    assert document.status_code == 200
    assert document.mimetype == media
    graph = Graph().parse(data=document.data, format=fmt)
    assert (URIRef(PUTIN), URIRef(CG + "wikidata"), Literal("Q7747")) in graph
    assert isomorphic(graph, _expected(web_store, PUTIN))
    assert f'<{PUTIN}>; rel="describes"' in document.headers["Link"]


@pytest.mark.parametrize("media,suffix,fmt", RDF_TYPES)
def test_suffix_gives_the_format_directly(client, media, suffix, fmt):
    response = client.get(f"/id/city/pokrovsk.{suffix}")
    assert response.status_code == 200 and response.mimetype == media
    graph = Graph().parse(data=response.data, format=fmt)
    assert any(str(o).startswith("POINT(37.17706 48.28014") for o in graph.objects())


def test_browsers_get_html(client):
    accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    response = client.get("/id/person/vladimir-putin", headers={"Accept": accept})
    assert response.status_code == 303
    assert response.headers["Location"].endswith(".html")
    page = client.get(response.headers["Location"], headers={"Accept": accept})
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "<h1>Vladimir Putin</h1>" in page.get_data(as_text=True)


def test_no_accept_and_wildcard_get_html(client):
    for headers in ({}, {"Accept": "*/*"}):
        response = client.get("/id/city/pokrovsk", headers=headers)
        assert response.headers["Location"].endswith("/id/city/pokrovsk.html")


def test_quality_values_decide(client):
    response = client.get("/id/city/pokrovsk",
                          headers={"Accept": "text/html;q=0.5, application/n-triples"})
    assert response.headers["Location"].endswith(".nt")


def test_unacceptable_type_is_406(client):
    response = client.get("/id/city/pokrovsk", headers={"Accept": "image/png"})
    assert response.status_code == 406
    body = response.get_json()
    assert body["error"]["status"] == 406 and "text/turtle" in body["error"]["detail"]


def test_json_twin_of_an_entity_page(client):
    by_suffix = client.get("/id/person/vladimir-putin.json")
    assert by_suffix.status_code == 200 and by_suffix.mimetype == "application/json"
    data = by_suffix.get_json()
    assert data["label"] == "Vladimir Putin"
    assert [t["label"] for t in data["types"]] == ["Person"]
    assert {"site": "Wikidata", "iri": "http://www.wikidata.org/entity/Q7747",
            "id": "Q7747", "href": "http://www.wikidata.org/entity/Q7747"} in data["external"]
    negotiated = client.get("/id/person/vladimir-putin", headers={"Accept": "application/json"})
    assert negotiated.headers["Location"].endswith(".json")


@pytest.mark.parametrize("path", ["/id/person/nobody-at-all", "/id/person/nobody-at-all.ttl",
                                  "/id/person/nobody-at-all.html", "/id/../etc/passwd",
                                  "/id/city/pokrovsk%3E%20%7B"])
def test_unknown_iri_is_404(client, path):
    html = client.get(path, headers={"Accept": "text/html"})
    assert html.status_code == 404
    if path.endswith(".ttl"):
        assert html.get_json()["error"]["status"] == 404
    else:
        assert html.mimetype == "text/html" and "Nothing here" in html.get_data(as_text=True)
    machine = client.get(path, headers={"Accept": "application/json"})
    assert machine.status_code == 404
    if not path.endswith(".html"):  # a suffix names the format, whatever Accept says
        assert machine.get_json()["error"]["title"] == "Not Found"


def test_entity_page_labels_properties_and_lists_statements(client):
    data = client.get("/id/person/mykola-malomuzh.json").get_json()
    props = {p["property"]["label"]: p for p in data["properties"]}
    assert "holds role" in props and "member of" in props
    assert props["member of"]["values"][0]["label"] == "Ukraine"
    assert data["statements_by"]["total"] >= 6
    texts = " ".join(s["text"] for s in data["statements_by"]["items"])
    assert "16 times" in texts
    # entailed interchange copies are kept apart from the annotated properties
    assert all(not p["property"]["iri"].startswith("http://schema.org/")
               for p in data["properties"])


def test_statements_are_paged(app, web_store):
    from claimgraph.server.web.describe import entity_data
    with app.test_request_context():
        first = entity_data(ID + "person/mykola-malomuzh", page_by=1, page_size=4)
        second = entity_data(ID + "person/mykola-malomuzh", page_by=2, page_size=4)
    assert first["statements_by"]["pages"] >= 3
    assert len(first["statements_by"]["items"]) == 4
    assert not {s["iri"] for s in first["statements_by"]["items"]} & \
        {s["iri"] for s in second["statements_by"]["items"]}


def _statement_path(client, text: str) -> str:
    data = client.get("/id/city/pokrovsk.json").get_json()
    item = next(s for s in data["statements_about"]["items"] if s["text"].startswith(text))
    return item["href"]


def test_statement_page_stance_and_highlighted_span(client):
    path = _statement_path(client, "he has already announced the capture")
    data = client.get(path + ".json").get_json()
    st = data["statement"]
    assert st["speaker"]["label"] == "Vladimir Putin"
    assert st["kind"]["label"] == "announcement"
    stance = {g["key"]: [i["label"] for i in g["items"]] for g in st["stance"]}
    assert any(label.startswith("“Putin is trying") for label in stance["disputedBy"])
    marked = [seg for seg in st["segments"] if seg["span"]]
    assert len(marked) == 1
    assert marked[0]["text"] == "he has already announced the capture of Pokrovsk and Myrnohrad"
    html = client.get(path + ".html").get_data(as_text=True)
    assert 'class="span current' in html


def test_document_page_marks_every_statement(client):
    data = client.get("/id/document/tsn-2972918-malomuzh-six-axes.json").get_json()
    marked = {seg["span"]["iri"] for seg in data["segments"] if seg["span"]}
    assert len(marked) == 16
    assert "".join(seg["text"] for seg in data["segments"]) == data["full_text"]


def test_home_and_its_twin(client):
    page = client.get("/", headers={"Accept": "text/html"})
    assert page.status_code == 200 and "Who said what" in page.get_data(as_text=True)
    data = client.get("/index.json").get_json()
    assert data["documents"] == 1 and data["triples"] > 1000
    assert data["graphs"] == 1   # every named graph, as `claimgraph graphs` (no ledger here)
    counts = {c["class"]["label"]: c["n"] for c in data["counts"]}
    assert counts["Statement"] == 16
    assert data["sources"][0]["statements"] == 16


def test_views_and_their_twins(client):
    graph = client.get("/graph.json?entity=/id/city/pokrovsk").get_json()
    labels = {n["label"] for n in graph["nodes"]}
    assert "Pokrovsk" in labels and "Donetsk Oblast" in labels
    assert all(e["source"] in {n["id"] for n in graph["nodes"]} for e in graph["edges"])
    timeline = client.get("/timeline.json?entity=/id/person/mykola-malomuzh").get_json()
    assert [i["start"] for i in timeline["dated"]] == ["2005-04"]
    assert len(timeline["undated"]) >= 6
    page = client.get("/timeline?entity=/id/person/mykola-malomuzh").get_data(as_text=True)
    assert 'id="timeline-data"' in page
    with client.application.app_context():
        installed = vendor_installed()
    assert ("vendor/d3.min.js" in page and "timeline.js" in page) == installed
    places = client.get("/map.json").get_json()["places"]
    pokrovsk = next(p for p in places if p["label"] == "Pokrovsk")
    assert (pokrovsk["lat"], pokrovsk["long"]) == (48.28014, 37.17706)
    assert pokrovsk["claims"] == 2


def test_bad_view_arguments_are_400(client):
    for url in ("/timeline", "/graph?entity=Pokrovsk&hops=many", "/graph?entity=Russ"):
        response = client.get(url, headers={"Accept": "application/json"})
        assert response.status_code == 400, url
        assert response.get_json()["error"]["status"] == 400
    hops = client.get("/graph.json?entity=Pokrovsk&hops=x").get_json()["error"]
    assert hops["detail"] == "parameter 'hops': expected 1 or 2, got 'x'"
    assert hops["parameter"] == "hops"          # the API's bad-parameter shape


@pytest.mark.parametrize("url", [
    "/q/statements-by?actor=Malomuzh&limit=99999999999999999999999",
    "/q/statements-by?actor=Malomuzh&offset=99999999999999999999999",
    "/graph?query=statements-by&actor=Malomuzh&limit=99999999999999999999999",
    "/api/queries/statements-by?actor=Malomuzh&offset=99999999999999999999999",
    "/api/queries/locations?limit=99999999999999999999999"])
def test_out_of_range_integers_are_refused_before_the_query(client, url):
    pytest.importorskip("claimgraph.queries.runner")
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 400
    detail = response.get_json()["error"]["detail"]
    assert "99999999999999999999999 is out of range: expected at most 1,000,000,000,000" in detail
    assert response.get_json()["error"]["parameter"] in ("limit", "offset")
    assert "malformed query" not in detail


def test_ontology_page_and_turtle(client):
    html = client.get("/ontology").get_data(as_text=True)
    assert 'id="Statement"' in html and 'id="disputedBy"' in html
    ttl = client.get("/ontology.ttl")
    assert ttl.mimetype == "text/turtle"
    assert len(Graph().parse(data=ttl.data, format="turtle")) > 300


def test_config_page_hides_secrets(app):
    app.config["UPDATE_TOKEN"] = "s3cret-token"
    data = app.test_client().get("/-/config.json").get_json()["data"]
    assert data["UPDATE_TOKEN"] == "(set)"
    assert "s3cret-token" not in json.dumps(data)


def test_catalog_question_pages(client):
    pytest.importorskip("claimgraph.queries.runner")
    data = client.get("/q/targets.json?actor=Putin").get_json()
    assert data["query"] == "targets" and data["params"]["actor"] == ID + "person/vladimir-putin"
    html = client.get("/q/targets?actor=Putin").get_data(as_text=True)
    for city in ("Pokrovsk", "Myrnohrad", "Kostiantynivka", "Kupiansk", "Vovchansk", "Huliaipole"):
        assert city in html
    assert 'href="/id/city/pokrovsk"' in html
    assert client.get("/q/no-such-question", headers={"Accept": "application/json"}) \
        .status_code == 404
    hostile = client.get("/q/targets?actor=%7D%20%3B%20DROP%20ALL",
                         headers={"Accept": "application/json"})
    assert hostile.status_code == 400 and hostile.get_json()["error"]["status"] == 400
    home = client.get("/index.json").get_json()
    assert any(q["name"] == "targets" and q["href"].startswith("/q/targets")
               for q in home["questions"])


def test_graph_of_a_catalog_query_and_editor_examples(client):
    pytest.importorskip("claimgraph.queries.runner")
    graph = client.get("/graph.json?query=targets&actor=Putin").get_json()
    labels = {n["label"] for n in graph["nodes"]}
    assert {"Pokrovsk", "Huliaipole"} <= labels and graph["edges"]
    examples = client.get("/-/examples.json").get_json()["examples"]
    assert any(e["name"] == "targets" and "SELECT" in e["query"] for e in examples)


def test_a_description_rdf_xml_cannot_carry_is_a_406_and_turtle_still_works():
    from claimgraph.graph.store import open_store
    from tests.server.webapp import make_app

    store = open_store("memory:")
    store.update(f'INSERT DATA {{ GRAPH <{ID}document/odd> {{ <{ID}person/odd> '
                 f'<http://example.org/1> "a predicate with no local name" }} }}')
    app = make_app(store)
    try:
        client = app.test_client()
        refused = client.get("/id/person/odd.rdf")
        assert refused.status_code == 406 and refused.mimetype == "application/json"
        assert "Turtle" in json.loads(refused.data)["error"]["detail"]
        assert client.get("/id/person/odd.ttl").status_code == 200
    finally:
        app.extensions["claimgraph.sparql"].close()


@pytest.mark.parametrize("name,entity,expected", [
    ("statements-about", "Pokrovsk", ID + "city/pokrovsk"),
    ("external-links", "Putin", ID + "person/vladimir-putin"),
    ("timeline", "Pokrovsk", ID + "city/pokrovsk")])
def test_graph_of_a_question_keeps_its_entity_parameter(client, name, entity, expected):
    pytest.importorskip("claimgraph.queries.runner")
    graph = client.get(f"/graph.json?query={name}&entity={entity}")
    assert graph.status_code == 200, graph.get_json()
    data = graph.get_json()
    assert data["source"]["params"]["entity"] == expected
    answer = client.get(f"/q/{name}.json?entity={entity}").get_json()
    named = {str(v) for row in answer["results"] for v in row.values()}
    assert {n["id"] for n in data["nodes"]} <= named | {expected}


def test_every_graph_link_of_the_home_page_answers(client):
    pytest.importorskip("claimgraph.queries.runner")
    questions = client.get("/index.json").get_json()["questions"]
    assert len(questions) >= 19
    for q in questions:
        response = client.get(q["graph_href"], headers={"Accept": "application/json"})
        assert response.status_code == 200, (q["graph_href"], response.get_json())


POKROVSK = ID + "city/pokrovsk"


@pytest.mark.parametrize("given", ["Pokrovsk", "pokrovsk", "/id/city/pokrovsk", POKROVSK,
                                   "id:city/pokrovsk", "city/pokrovsk"])
def test_every_view_reads_an_entity_the_same_way(client, given):
    pytest.importorskip("claimgraph.queries.runner")
    graph = client.get("/graph.json", query_string={"entity": given}).get_json()
    assert graph["source"]["entities"] == [POKROVSK]
    timeline = client.get("/timeline.json", query_string={"entity": given}).get_json()
    assert timeline["entity"]["iri"] == POKROVSK
    for page in ("/ledger/about.json", "/ledger/location.json"):
        param = "location" if "location" in page else "entity"
        about = client.get(page, query_string={param: given})
        assert about.status_code == 200, (page, about.get_json())
        assert about.get_json()["subject"]["iri"] == POKROVSK


@pytest.mark.parametrize("url", ["/graph?entity=Nowhereville", "/graph?entity=/id/person/nobody",
                                 "/graph?entity=" + ID + "person/nobody",
                                 "/timeline?entity=unknown", "/timeline?entity=/id/person/nobody",
                                 "/ledger/about?entity=/id/person/nobody",
                                 "/ledger/location?location=Nowhereville",
                                 "/search?q=Nowhereville"])
def test_an_unknown_entity_is_a_404(client, url):
    pytest.importorskip("claimgraph.queries.runner")
    for accept in ("application/json", "text/html"):
        response = client.get(url, headers={"Accept": accept})
        assert response.status_code == 404, (url, accept)
        assert "nothing is known about" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/graph?entity=Moscow", "/timeline?entity=Moscow",
                                 "/ledger/about?entity=Moscow",
                                 "/ledger/location?location=Moscow"])
def test_a_name_that_is_one_entitys_label_and_anothers_alias_is_a_400(client, url):
    # "Moscow" is the city's label and Russia's alias: the views said 404 "nothing is known"
    pytest.importorskip("claimgraph.queries.runner")
    for accept in ("application/json", "text/html"):
        response = client.get(url, headers={"Accept": accept})
        assert response.status_code == 400, (url, accept)
        text = response.get_data(as_text=True)
        assert "names more than one" in text and "Moscow, Russia" in text, text
        assert "nothing is known" not in text


@pytest.mark.parametrize("q,page", [("Pokrovsk", "/id/city/pokrovsk"),
                                    ("Vladimir Putin", "/id/person/vladimir-putin"),
                                    ("/id/person/mykola-malomuzh", "/id/person/mykola-malomuzh"),
                                    ("wd:Q7747", "/id/person/vladimir-putin")])
def test_the_search_form_leads_to_the_entity_named(client, q, page):
    pytest.importorskip("claimgraph.queries.runner")
    response = client.get("/search", query_string={"q": q}, headers={"Accept": "text/html"})
    assert response.status_code == 303 and response.headers["Location"] == page
    twin = client.get("/search.json", query_string={"q": q}).get_json()
    assert twin["entity"] == ID + page[len("/id/"):]


def test_the_search_form_lists_the_matches_of_an_ambiguous_name(client):
    pytest.importorskip("claimgraph.queries.runner")
    html = client.get("/search?q=Russ", headers={"Accept": "text/html"})
    assert html.status_code == 200
    assert 'href="/id/country/russia"' in html.get_data(as_text=True)
    home = client.get("/", headers={"Accept": "text/html"}).get_data(as_text=True)
    assert 'action="/search"' in home and 'name="q"' in home


def test_the_graph_form_shows_the_parameters_of_the_question_shown(client):
    pytest.importorskip("claimgraph.queries.runner")
    html = client.get("/graph?query=statements-by&actor=Putin&limit=5",
                      headers={"Accept": "text/html"}).get_data(as_text=True)
    assert '<input name="actor" value="Putin"' in html
    assert '<input name="limit" value="5"' in html and '<input name="kind" value=""' in html
    assert html.count(" required>") == 1
    around = client.get("/graph?entity=Pokrovsk", headers={"Accept": "text/html"})
    assert '<input name="entity" value="Pokrovsk"' in around.get_data(as_text=True)


@pytest.mark.parametrize("url,parameter,detail", [
    ("/q/roles?actor=Malomuzh&actor=Putin", "actor", "parameter 'actor' is given 2 times"),
    ("/q/roles?actor=Putin&format=csv&format=json", "format",
     "parameter 'format' is given 2 times"),
    ("/q/roles?actor=Putin&format=xml", "format",
     "parameter 'format': expected html, json, csv or sparql-json, got 'xml'"),
    ("/q/roles.json?actor=Putin&format=csv", "format",
     "parameter 'format': the .json URL gives json, not csv"),
    ("/q/roles?actor=Putin&bogus=1", "bogus",
     "parameter 'bogus': is not a parameter of 'roles' (its parameters: actor)"),
    # the graph view reads its own parameters and a question's as the question pages do
    ("/graph?query=statements-by&actor=Malomuzh&actor=Putin", "actor",
     "parameter 'actor' is given 2 times"),
    ("/graph?query=statements-by&query=roles&actor=Putin", "query",
     "parameter 'query' is given 2 times"),
    ("/graph?query=statements-about&entity=Pokrovsk&entity=Kupiansk", "entity",
     "parameter 'entity' is given 2 times"),       # the question's parameter, not the focus
    ("/graph?entity=Pokrovsk&hops=1&hops=2", "hops", "parameter 'hops' is given 2 times"),
    ("/graph?entity=Pokrovsk&format=json&format=html", "format",
     "parameter 'format' is given 2 times"),
    ("/graph?entity=Pokrovsk&format=xml", "format",
     "parameter 'format': expected html or json, got 'xml'"),
    ("/graph.json?entity=Pokrovsk&format=html", "format",
     "parameter 'format': the .json URL gives json, not html")])
def test_question_pages_and_the_graph_view_refuse_parameters_as_the_api_does(client, url,
                                                                               parameter, detail):
    pytest.importorskip("claimgraph.queries.runner")
    response = client.get(url, headers={"Accept": "application/json"})
    assert response.status_code == 400, url
    assert response.get_json()["error"] == {"status": 400, "title": "Bad Request",
                                            "detail": detail, "parameter": parameter}
    page = client.get(url, headers={"Accept": "text/html"})
    assert page.status_code == 400
    assert page.mimetype == ("application/json" if ".json?" in url else "text/html")


def test_the_graph_view_gives_its_twin_by_format_and_draws_several_entities(client):
    pytest.importorskip("claimgraph.queries.runner")
    args = "entity=Pokrovsk&entity=Kupiansk"
    twin = client.get(f"/graph.json?{args}").get_json()
    assert twin["source"]["entities"] == [POKROVSK, ID + "city/kupiansk"]
    for accept in ("text/html", "application/json"):
        response = client.get(f"/graph?{args}&format=json", headers={"Accept": accept})
        assert response.status_code == 200 and response.mimetype == "application/json"
        data = response.get_json()
        assert data["source"] == twin["source"]
        assert {n["id"] for n in data["nodes"]} == {n["id"] for n in twin["nodes"]}
    page = client.get(f"/graph?{args}&format=html", headers={"Accept": "application/json"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    # its JSON link leaves format= out, which the .json URL would refuse
    assert f'href="/graph.json?{args.replace("&", "&amp;")}"' in page.get_data(as_text=True)


def test_question_pages_give_the_apis_formats_by_format_or_accept(client):
    pytest.importorskip("claimgraph.queries.runner")
    args = "actor=Malomuzh&limit=2"
    api_csv = client.get(f"/api/queries/statements-by?{args}&format=csv")
    for response in (client.get(f"/q/statements-by?{args}&format=csv"),
                     client.get(f"/q/statements-by?{args}", headers={"Accept": "text/csv"})):
        assert response.status_code == 200 and response.mimetype == "text/csv"
        assert response.data == api_csv.data
        assert response.headers["Link"].startswith("<http://localhost/q/statements-by?")
    assert "format=csv" in client.get(f"/q/statements-by?{args}&format=csv").headers["Link"]
    api_srj = client.get(f"/api/queries/statements-by?{args}&format=sparql-json").get_json()
    srj = client.get(f"/q/statements-by?{args}&format=sparql-json")
    assert srj.mimetype == "application/sparql-results+json" and srj.get_json() == api_srj
    twin = client.get(f"/q/statements-by.json?{args}").get_json()
    for response in (client.get(f"/q/statements-by?{args}&format=json"),
                     client.get(f"/q/statements-by?{args}",
                                headers={"Accept": "application/json"})):
        assert response.get_json()["results"] == twin["results"]
    page = client.get(f"/q/statements-by?{args}&format=html",
                      headers={"Accept": "application/json"})
    assert page.mimetype == "text/html"
    for asked, accept in (("html", "application/json"), ("csv", "text/html")):
        wrong = client.get(f"/q/statements-by?actor=Nobody-at-all&format={asked}",
                           headers={"Accept": accept})        # errors: JSON for machines
        assert wrong.status_code == 400 and wrong.get_json()["error"]["parameter"] == "actor"
    html = client.get(f"/q/statements-by?{args}&format=html").get_data(as_text=True)
    assert f'href="/q/statements-by?{args.replace("&", "&amp;")}&amp;format=csv"' in html
    assert f'href="/q/statements-by.json?{args.replace("&", "&amp;")}"' in html


@pytest.mark.parametrize("url,ending", [
    ("/q/statements-by?actor=javascript:x", "no actor named 'javascript:x'"),
    ("/q/statements-by?actor=Malomuzh&limit=abc", "expected an integer, got 'abc'"),
    ("/graph?query=statements-by&actor=Malomuzh&limit=abc", "expected an integer, got 'abc'"),
    ("/q/no-such-question", "unknown query 'no-such-question'; the catalog has:")])
def test_error_messages_keep_their_quotes(client, url, ending):
    pytest.importorskip("claimgraph.queries.runner")
    detail = client.get(url, headers={"Accept": "application/json"}).get_json()["error"]["detail"]
    assert ending in detail and detail.count("'") % 2 == 0, detail
    html = client.get(url, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert ending.replace("'", "&#39;") in html


@pytest.mark.parametrize("args,rows,next_offset,previous_offset", [
    ("limit=12", 12, None, None),            # exactly every statement: no empty page after it
    ("limit=2&offset=10", 2, None, 8),
    ("limit=11", 11, 11, None),
    ("limit=2&offset=8", 2, 10, 6),
    ("limit=0", 12, None, None)])
def test_question_pages_know_whether_another_page_follows(client, args, rows, next_offset,
                                                          previous_offset):
    pytest.importorskip("claimgraph.queries.runner")
    url = "/q/statements-by?actor=Malomuzh&" + args
    twin = client.get(url.replace("?", ".json?", 1))
    data = twin.get_json()
    assert len(data["results"]) == rows and data["params"]["limit"] == int(args[6:].split("&")[0])
    base = "http://localhost/q/statements-by.json?actor=Malomuzh&limit=" + args[6:].split("&")[0]
    assert data["next_url"] == (f"{base}&offset={next_offset}" if next_offset is not None else None)
    assert data["previous_url"] == (f"{base}&offset={previous_offset}"
                                    if previous_offset is not None else None)
    assert ("rel=\"next\"" in twin.headers.get("Link", "")) == (next_offset is not None)
    html = client.get(url, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert ("Next page" in html) == (next_offset is not None)
    assert ("Previous page" in html) == (previous_offset is not None)
    assert f"{rows} answers" in html


_HREF = re.compile(r'href="([^"]*)"')
_ID = re.compile(r'\bid="([^"]*)"')
_NOT_PAGES = ("/static/", "/api/")
_MACHINE = re.compile(r"\.(json|ttl|jsonld|nt|rdf|csv)$")


def _html_page(client, url: str) -> str | None:
    response = client.get(url, headers={"Accept": "text/html"}, follow_redirects=True)
    if response.status_code != 200 or response.mimetype != "text/html":
        return None
    return response.get_data(as_text=True)


def test_every_in_page_anchor_the_site_links_exists(client):
    """Crawl the seed's pages from the home page; every link to ``page#fragment`` on the site
    must find an element with that id there (hash-IRI parts such as ``…/pokrovsk#geometry``, the
    ontology's terms). ``/sparql#query=…`` is the editor's state, not an anchor."""
    ids: dict[str, set[str]] = {}
    links: set[tuple[str, str, str]] = set()
    todo, seen = ["/"], set()
    while todo and len(seen) < 2000:
        url = todo.pop()
        if url in seen:
            continue
        seen.add(url)
        text = _html_page(client, url)
        if text is None:
            continue
        ids[url] = {html.unescape(i) for i in _ID.findall(text)}
        for found in _HREF.findall(text):
            parts = urlsplit(html.unescape(found))
            path = parts.path or urlsplit(url).path
            if parts.scheme or parts.netloc or not path.startswith("/") \
                    or path.startswith(_NOT_PAGES) or _MACHINE.search(path):
                continue
            target = path + (f"?{parts.query}" if parts.query else "")
            if parts.fragment and not parts.fragment.startswith("query="):
                links.add((url, target, unquote(parts.fragment)))
            todo.append(target)
    assert len(ids) > 50 and len(links) > 500, (len(ids), len(links))
    dead = set()
    for source, target, fragment in links:
        if target not in ids:
            text = _html_page(client, target)
            ids[target] = {html.unescape(i) for i in _ID.findall(text or "")}
        if fragment not in ids[target]:
            dead.add(f"{target}#{fragment} (linked from {source})")
    assert not dead, f"{len(dead)} links to missing anchors: " + "; ".join(sorted(dead)[:20])
