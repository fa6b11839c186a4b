"""The ledger's terms (claimgraph/graph/ledger/oxterms.py): pyoxigraph's, whatever the store.

An Oxigraph store hands its own terms over; any other store (Virtuoso through ``sparql:``) answers
with rdflib rows, which are converted once. Both must give the same ledger.
"""

from __future__ import annotations

import datetime
import io

import pyoxigraph as ox
import pytest
from rdflib.compare import isomorphic

from claimgraph.graph import ledger
from claimgraph.graph.backends.terms import to_oxigraph
from claimgraph.graph.ledger import oxterms
from claimgraph.graph.store import open_store
from claimgraph.graph.synthetic import SyntheticGraph

AS_OF = datetime.date(2026, 11, 1)
NOW = datetime.datetime(2026, 11, 1, 9, 30, tzinfo=datetime.timezone.utc)
XSD_DATETIME = "http://www.w3.org/2001/XMLSchema#dateTime"


class RdflibRows:
    """A store as the ledger sees a non-Oxigraph one: the same data, answers as rdflib rows."""

    def __init__(self, store) -> None:
        self._store = store

    def __getattr__(self, name: str):
        if name == "query_solutions":
            raise AttributeError(name)
        return getattr(self._store, name)


def synthetic_store(triples: int = 30_000, seed: int = 5):
    out = io.StringIO()
    SyntheticGraph(triples, seed).write(out)
    store = open_store("memory:")
    store._store.load(out.getvalue().encode("utf-8"), format=ox.RdfFormat.N_QUADS)
    return store


def test_rows_of_another_store_are_pyoxigraph_terms_with_none_for_unbound():
    with open_store("memory:") as store:
        store.update('INSERT DATA { GRAPH <urn:g> { <urn:s> <urn:p> "x"@en , 5 } }')
        query = ("SELECT ?s ?o ?missing WHERE { ?s <urn:p> ?o OPTIONAL { ?s <urn:q> ?missing } }"
                 " ORDER BY ?o")
        native = [(row["s"], row["o"], row["missing"]) for row in oxterms.rows(store, query)]
        other = [(row["s"], row["o"], row["missing"])
                 for row in oxterms.rows(RdflibRows(store), query)]
    assert other == native
    assert {type(term) for row in other for term in row[:2]} == {ox.NamedNode, ox.Literal}
    assert all(row[2] is None for row in other)


def test_a_pyoxigraph_term_passes_through_the_write_path_as_it_is():
    for term in (ox.NamedNode("urn:x"), ox.BlankNode("b0"), ox.Literal("5", language="en")):
        assert to_oxigraph(term) is term


@pytest.mark.parametrize("given, kept", [
    ("2026-11-26T14:59:56+00:00", "2026-11-26T14:59:56Z"),   # as rdflib or Virtuoso write it
    ("2026-11-26T16:59:56+02:00", "2026-11-26T14:59:56Z"),
    ("2026-11-26T14:59:56.250Z", "2026-11-26T14:59:56.25Z"),
    ("2026-11-26T14:59:56Z", "2026-11-26T14:59:56Z"),
])
def test_a_kept_transaction_time_is_written_as_oxigraph_stores_it(given, kept):
    moment = ox.Literal(given, datatype=ox.NamedNode(XSD_DATETIME))
    assert ledger.recorded_at(moment) == ox.Literal(kept, datatype=ox.NamedNode(XSD_DATETIME))
    assert ledger.recorded_at(NOW).value == "2026-11-01T09:30:00Z"


def test_a_value_that_is_not_a_date_time_is_kept_as_it_is():
    odd = ox.Literal("yesterday")
    assert ledger.recorded_at(odd) is odd


def test_the_ledger_is_the_same_from_rdflib_rows_as_from_oxigraph_terms():
    with synthetic_store() as native, synthetic_store() as other:
        summary = ledger.refresh(native, as_of=AS_OF, now=NOW)
        assert ledger.refresh(RdflibRows(other), as_of=AS_OF, now=NOW) == summary
        assert summary.changes > 50
        derived = native.triples(ledger.LEDGER_GRAPH)
        assert len(derived) > 4_000
        assert isomorphic(derived, other.triples(ledger.LEDGER_GRAPH))


def test_copies_among_blank_node_and_iri_statements_are_derived():
    """A file may give its statements as blank nodes; pyoxigraph does not order a blank node
    against an IRI, so nothing in the refresh may sort terms themselves."""
    cg = "https://w3id.org/claimgraph/ontology#"
    statements = [(f"_:s{i}" if i % 2 else f"<urn:t:s{i}>", i) for i in range(4)]
    data = "".join(f'{s} <{cg}text> "The same words." <urn:t:g{i}> .\n'
                   f'{s} <{cg}speaker> <urn:t:speaker> <urn:t:g{i}> .\n'
                   f'{s} <{cg}source> <urn:t:source{i}> <urn:t:g{i}> .\n' for s, i in statements)
    with open_store("memory:") as store:
        store._store.load(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        ledger.refresh(store, as_of=AS_OF, now=NOW)
        copies = store.query(f"SELECT ?later ?earlier WHERE {{ ?later <{cg}copyOf> ?earlier }}")
    assert len(copies.rows) == 3
    assert {type(row["later"]).__name__ for row in copies.rows} == {"URIRef", "BNode"}


def test_a_claim_given_as_a_blank_node_gets_its_status():
    """Claims and evidence are kept as the terms they were read as (before, a blank-node claim
    became an IRI made of its label, which no store accepts, and the refresh failed)."""
    cg = "https://w3id.org/claimgraph/ontology#"
    rdf_type = "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>"
    data = (f'<urn:t:s1> <{cg}text> "Russia took Testville." <urn:t:g1> .\n'
            f'<urn:t:s1> <{cg}speaker> <urn:t:speaker> <urn:t:g1> .\n'
            f'<urn:t:s1> <{cg}source> <urn:t:g1> <urn:t:g1> .\n'
            f'<urn:t:s1> <{cg}asserts> _:claim <urn:t:g1> .\n'
            f'_:claim {rdf_type} <{cg}Claim> <urn:t:g1> .\n'
            f'_:claim {rdf_type} <{cg}CaptureClaim> <urn:t:g1> .\n')
    with open_store("memory:") as store:
        store._store.load(data.encode("utf-8"), format=ox.RdfFormat.N_QUADS)
        summary = ledger.refresh(store, as_of=AS_OF, now=NOW)
        rows = store.query(f"SELECT ?claim ?status WHERE {{ ?claim <{cg}currentStatus> ?status }}"
                           ).rows
    assert summary.changes == 1
    assert [(type(r["claim"]).__name__, str(r["status"])) for r in rows] == [
        ("BNode", cg + "unverified")]
