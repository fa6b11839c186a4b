"""The pages give each statement and row once when the seed's facts are restated in a second
named graph (as an article's copy restates them): the JSON twins of the entity, statement,
document, timeline and ledger pages are the same as on the seed alone.

The union of the named graphs gives a triple once per graph that holds it; a page query that
joined restated patterns before removing duplicates listed Malomuzh's 12 statements in a page
of 100 rows (768 unpaged), and did COPIES**k work."""

from __future__ import annotations

from pathlib import Path

import pytest

from claimgraph.graph.annotation import annotation_to_graph, bundled_annotations
from tests.queries.test_repeated_triples import RESTATING, derived, restating

PATHS = ["/id/person/vladimir-putin.json", "/id/person/mykola-malomuzh.json",
         "/id/city/pokrovsk.json", "/id/document/tsn-2972918-malomuzh-six-axes.json",
         "/timeline.json?entity=/id/person/mykola-malomuzh",
         "/timeline.json?entity=/id/city/pokrovsk",
         "/ledger/location.json?location=Pokrovsk", "/ledger/about.json?entity=Vladimir Putin"]


@pytest.fixture(scope="module")
def clients():
    """(a client over the seed, a client over the seed and a graph restating its facts)."""
    from tests.server.webapp import make_app

    graphs = [annotation_to_graph(Path(p)) for p in bundled_annotations()]
    apps = [make_app(derived(graphs)),
            make_app(derived(graphs + [(RESTATING, restating(graphs[0][1]))]))]
    yield [app.test_client() for app in apps]
    for app in apps:
        app.extensions["claimgraph.sparql"].close()


def _json(client, path: str):
    response = client.get(path, headers={"Accept": "application/json"})
    assert response.status_code == 200, (path, response.status_code)
    return response.get_json()


def _canonical(value):
    """The JSON with lists that come from unordered query answers sorted (the properties'
    values, parts, incoming links), and the statement lists kept in their order."""
    if isinstance(value, dict):
        return {k: _canonical(v) for k, v in value.items()}
    if isinstance(value, list):
        items = [_canonical(v) for v in value]
        return sorted(items, key=repr)
    return value


def _statement_paths(client) -> list[str]:
    data = _json(client, "/id/city/pokrovsk.json")
    return [s["href"] + ".json" for s in data["statements_about"]["items"]][:3]


@pytest.mark.parametrize("path", PATHS + ["statements"])
def test_pages_are_the_same_with_the_facts_restated(clients, path):
    once, twice = clients
    paths = _statement_paths(once) if path == "statements" else [path]
    assert paths
    for page in paths:
        a, b = _json(once, page), _json(twice, page)
        for key in ("statements_by", "statements_about"):
            if key in a:
                # the statement lists in their order, each statement once
                assert b[key] == a[key], (page, key)
                iris = [s["iri"] for s in b[key]["items"]]
                assert len(iris) == len(set(iris))
        assert _canonical(b) == _canonical(a), page


def test_malomuzh_lists_each_statement_once(clients):
    _, twice = clients
    data = _json(twice, "/id/person/mykola-malomuzh.json")
    by = data["statements_by"]
    assert by["total"] == 12 and len(by["items"]) == 12
    assert len({s["iri"] for s in by["items"]}) == 12
