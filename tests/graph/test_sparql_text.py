"""Literals written into SPARQL text come back from the engine as the same literal."""

from __future__ import annotations

import random

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from claimgraph.graph.sparql_text import sparql_literal
from claimgraph.graph.store import open_store

AWKWARD = ['ends with \\"', 'line one\nends with \\"', '"""', "'''", "\\", "a\\nb", "\r\t\b\f",
           "", "Ми візьмемо місто", "emoji \U0001F600", "\\u0022 not an escape", '"\n"']


def _random_texts(n: int) -> list[str]:
    rnd = random.Random(7)
    alphabet = 'ab "\'\\\n\r\t{}<>#?\u00e9\u0416\U0001F600'
    return ["".join(rnd.choice(alphabet) for _ in range(rnd.randint(0, 12))) for _ in range(n)]


@pytest.mark.parametrize("text", AWKWARD + _random_texts(200))
def test_a_literal_comes_back_unchanged(text):
    # written -> read back (RDF 1.1: a simple literal is an xsd:string, rdflib keeps them apart)
    literals = [(Literal(text), Literal(text)), (Literal(text, lang="uk"),) * 2,
                (Literal(text, datatype=URIRef("urn:t:type")),) * 2,
                (Literal(text, datatype=XSD.string), Literal(text))]
    with open_store("memory:") as store:
        for written, expected in literals:
            query = f"SELECT ?x WHERE {{ VALUES ?x {{ {sparql_literal(written)} }} }}"
            assert [row["x"] for row in store.query(query).rows] == [expected]
