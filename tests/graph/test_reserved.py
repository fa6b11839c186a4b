"""The ledger's terms that the loader refuses outside the ledger's graph
(claimgraph.graph.reserved): exactly what the ledger writes, and all declared by the ontology."""

from __future__ import annotations

import io
from importlib import resources

import pyoxigraph as ox
import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF

from claimgraph.graph import ledger
from claimgraph.graph.load import load_paths
from claimgraph.graph.reserved import CG, LEDGER_CLASSES, LEDGER_PROPERTIES, LedgerTerms
from claimgraph.graph.store import RefusedTripleError, open_store
from claimgraph.graph.synthetic import SyntheticGraph


@pytest.fixture(scope="module")
def derived(tmp_path_factory) -> tuple[set[str], set[str], set[str]]:
    """The cg: predicates and classes of the ledger graph, and the cg: predicates of the other
    graphs, in a store of the seed and a small synthetic news graph."""
    folder = tmp_path_factory.mktemp("reserved")
    data = folder / "synthetic.nq"
    with open(data, "w", encoding="utf-8") as out:
        SyntheticGraph(20_000, seed=5).write(out)
    from claimgraph.graph.annotation import bundled_annotations

    store = open_store(f"oxigraph:{folder / 'store'}")
    reports = load_paths(store, [data, *bundled_annotations()])
    assert not [r.error for r in reports if r.error]
    ledger.refresh(store)
    predicates, classes, data_predicates = set(), set(), set()
    rows = store.query("SELECT DISTINCT ?g ?p WHERE { GRAPH ?g { ?s ?p ?o } }").rows
    for row in rows:
        if str(row["p"]).startswith(CG):
            (predicates if str(row["g"]) == ledger.LEDGER_GRAPH else data_predicates).add(
                str(row["p"]))
    for row in store.query(f"SELECT DISTINCT ?c WHERE {{ GRAPH <{ledger.LEDGER_GRAPH}> "
                           "{ ?s a ?c } }").rows:
        classes.add(str(row["c"]))
    store.close()
    return predicates, classes, data_predicates


def test_every_term_the_ledger_writes_is_refused_elsewhere(derived):
    predicates, classes, _ = derived
    assert {"restates", "currentStatus", "statusOrder"} <= {p[len(CG):] for p in predicates}
    assert predicates <= LEDGER_PROPERTIES
    assert {c for c in classes if c.startswith(CG)} <= LEDGER_CLASSES


def test_no_document_states_a_ledger_term(derived):
    _, _, data_predicates = derived
    assert not data_predicates & LEDGER_PROPERTIES


def test_the_ledgers_terms_are_declared_by_the_ontology():
    text = resources.files("claimgraph.ontology").joinpath("claimgraph.ttl").read_text("utf-8")
    ontology = Graph().parse(data=text, format="turtle")
    properties = {str(p) for kind in (OWL.ObjectProperty, OWL.DatatypeProperty)
                  for p in ontology.subjects(RDF.type, kind)}
    assert LEDGER_PROPERTIES <= properties
    assert all((URIRef(c), RDF.type, OWL.Class) in ontology for c in LEDGER_CLASSES)


@pytest.mark.parametrize("graph, refused", [
    ("http://ex/g", True), (ledger.LEDGER_GRAPH, False),
    ("https://w3id.org/claimgraph/id/watches", False),   # the watches' recording times
])
def test_recorded_at_is_the_ledgers_and_the_watches(graph, refused):
    quad = ox.Quad(ox.NamedNode("http://ex/w"), ox.NamedNode(CG + "recordedAt"),
                   ox.Literal("2025-01-01T00:00:00Z"), ox.NamedNode(graph))
    if refused:
        with pytest.raises(RefusedTripleError, match="cg:recordedAt"):
            LedgerTerms()(quad)
    else:
        LedgerTerms()(quad)


def test_the_check_lets_data_pass():
    check = LedgerTerms()
    for line in ('<http://ex/a> <https://w3id.org/claimgraph/ontology#status> '
                 '<https://w3id.org/claimgraph/ontology#refuted> <http://ex/g> .',
                 '<http://ex/a> a <https://w3id.org/claimgraph/ontology#CheckableClaim> '
                 '<http://ex/g> .'):
        for quad in ox.parse(io.BytesIO(line.replace(" a ", " <http://www.w3.org/1999/02/"
                                                     "22-rdf-syntax-ns#type> ").encode()),
                             format=ox.RdfFormat.N_QUADS):
            check(quad)
