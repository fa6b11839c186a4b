"""Data a hostile RDF file can carry, on the pages: web addresses that are scripts
(``schema:url <javascript:…>``) are refused at load by the shapes and, when a store holds them
anyway (a Graph Store upload, a file streamed without checks), no page links to them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from claimgraph.graph import load as loader
from claimgraph.graph.store import open_store

HOSTILE = Path(__file__).parent / "data" / "script-links.ttl"
GRAPH = "https://w3id.org/claimgraph/id/document/mallory-doc"
PAGES = ["/id/person/mallory.html", "/id/organization/mallory-news.html",
         "/id/document/mallory-doc.html", "/id/statement/mallory-1.html", "/"]
SCRIPT_LINK = re.compile(r"""href\s*=\s*["']?\s*javascript:""", re.IGNORECASE)


def hostile_store():
    """A memory store holding script-links.ttl as written, past the shapes."""
    store = open_store("memory:")
    store.replace_graph(GRAPH, Graph().parse(HOSTILE, format="turtle"))
    return store


@pytest.fixture
def app():
    from tests.server.webapp import make_app

    application = make_app(hostile_store())
    yield application
    application.extensions["claimgraph.sparql"].close()


def test_script_addresses_are_refused_at_load():
    store = open_store("memory:")
    [report] = loader.load_paths(store, [HOSTILE])
    message = str(report.error)
    assert str(HOSTILE) in message
    for resource in ("person/mallory", "organization/mallory-news", "document/mallory-doc"):
        assert re.search(re.escape(resource) + r"[^;]*schema:url is an http\(s\) address", message), \
            (resource, message)
    assert store.count() == 0


@pytest.mark.parametrize("path", PAGES)
def test_no_page_links_a_script_address(client, path):
    page = client.get(path, headers={"Accept": "text/html"})
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert not SCRIPT_LINK.search(html), SCRIPT_LINK.search(html)


def test_the_address_is_shown_as_text_and_the_twins_give_no_href(client):
    html = client.get("/id/person/mallory.html").get_data(as_text=True)
    assert "javascript:document.title=&#39;person-url&#39;" in html
    external = client.get("/id/person/mallory.json").get_json()["external"]
    assert external == [{"site": "Web", "iri": "javascript:document.title='person-url'",
                         "id": "javascript:document.title='person-url'", "href": None}]
    nodes = client.get("/graph.json?entity=/id/statement/mallory-1").get_json()["nodes"]
    about = next(n for n in nodes if n["id"].startswith("javascript:"))
    assert about["href"] is None
    assert all(n["href"] and n["href"].startswith("/") for n in nodes if n is not about)
