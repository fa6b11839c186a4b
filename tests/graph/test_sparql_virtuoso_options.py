"""Offline checks of the sparql: backend's Virtuoso-driven options (the live server tests are in
test_store_virtuoso.py): the batch= option and the Accept header chosen by query form."""

from __future__ import annotations

import pytest

from claimgraph.graph.backends import sparql
from claimgraph.graph.store import StoreError, open_store

URL = "sparql:http://127.0.0.1:9/sparql"


def test_batch_option():
    assert open_store(URL + ";batch=1000").batch == 1000
    assert open_store(URL).batch is None
    for bad in ("0", "-5", "many", ""):
        with pytest.raises(StoreError, match="batch="):
            open_store(URL + f";batch={bad}")


@pytest.mark.parametrize("query, wanted", [
    ("SELECT * WHERE { ?s ?p ?o }", sparql.RESULTS_ACCEPT),
    ("  ask {}", sparql.RESULTS_ACCEPT),
    ("PREFIX ex: <http://ex.org/#select>\n# CONSTRUCT in a comment\nSELECT ?x {}",
     sparql.RESULTS_ACCEPT),
    ("BASE <http://ex.org/>\nPREFIX : <x#>\nCONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
     sparql.GRAPH_ACCEPT),
    ("prefix ex:<http://ex.org/> describe ex:a", sparql.GRAPH_ACCEPT),
    ("not sparql at all", sparql.ACCEPT),
])
def test_accept_follows_the_query_form(query, wanted):
    assert sparql._accept(query) == wanted
