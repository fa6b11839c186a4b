"""The rules refuted-by-reported-control and disputed-by-assessed-control against their meaning,
computed in Python, on random graphs.

The rules' SPARQL is written for the engine (places and parties before pairs of claims), which
makes it easy to get subtly wrong; these graphs mix parties, memberships, nested places,
several locations and parties per claim, speakers, statement kinds and missing dates.
"""

from __future__ import annotations

import random

import pyoxigraph as ox
import pytest

from claimgraph.graph import ledger

CG = "https://w3id.org/claimgraph/ontology#"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
# the kinds that state a rival control as fact (it refutes) and those that do not (it disputes),
# as refuted-by-counter-assertion and disputed-by-other-speaker split evidence against a claim
FACTUAL = {"claim", "announcement", "denial"}
NOT_FACTUAL = {"assessment", "prediction", "other", "threat", "demand"}
KINDS = sorted(FACTUAL | NOT_FACTUAL | {"deadline"})
RULE_KINDS = {"refuted-by-reported-control": FACTUAL, "disputed-by-assessed-control": NOT_FACTUAL}


def _iri(name: str) -> ox.NamedNode:
    return ox.NamedNode("urn:t:" + name)


def _cg(name: str) -> ox.NamedNode:
    return ox.NamedNode(CG + name)


def random_world(seed: int, kinds: set[str]) -> tuple[ox.Store, set[tuple]]:
    """A random graph and the (claim, evidence, date) rows that the rule for rival control
    stated in a statement of one of ``kinds`` means for it."""
    rnd = random.Random(seed)
    store = ox.Store()
    quads: list[tuple] = []
    places = [f"place{i}" for i in range(rnd.randint(2, 6))]
    parent = {p: rnd.choice([None] + places[:i]) for i, p in enumerate(places)}
    within: dict[str, set[str]] = {}           # a place and every place containing it
    for place in places:
        within[place], up = {place}, parent[place]
        while up is not None:
            quads.append((_iri(place), _cg("locatedIn"), _iri(up)))
            within[place].add(up)
            up = parent[up]
    parties = [f"party{i}" for i in range(rnd.randint(1, 4))]
    member = {(a, b) for a in parties for b in parties if a != b and rnd.random() < 0.2}
    quads += [(_iri(a), _cg("memberOf"), _iri(b)) for a, b in member]
    speakers = [f"speaker{i}" for i in range(rnd.randint(1, 4))]
    claims: dict[str, dict] = {}
    for k in range(rnd.randint(1, 12)):
        claim = f"claim{k}"
        control = rnd.random() < 0.9
        info = {"control": control, "places": {rnd.choice(places) for _ in range(rnd.choice([1, 1, 2]))},
                "parties": {rnd.choice(parties) for _ in range(rnd.choice([1, 1, 1, 2]))},
                "statements": []}
        quads.append((_iri(claim), RDF_TYPE, _cg("ControlClaim" if control else "Claim")))
        quads += [(_iri(claim), _cg("claimedLocation"), _iri(p)) for p in info["places"]]
        quads += [(_iri(claim), _cg("claimedParty"), _iri(p)) for p in info["parties"]]
        for j in range(rnd.choice([1, 1, 2])):
            statement, speaker = f"statement{k}-{j}", rnd.choice(speakers)
            kind = rnd.choice(KINDS)
            said = f"2025-0{rnd.randint(1, 9)}-01" if rnd.random() < 0.7 else None
            reported = f"2025-0{rnd.randint(1, 9)}-02" if rnd.random() < 0.3 else None
            quads += [(_iri(statement), _cg("asserts"), _iri(claim)),
                      (_iri(statement), _cg("speaker"), _iri(speaker)),
                      (_iri(statement), _cg("kind"), _cg(kind))]
            for prop, value in (("dateSaid", said), ("dateReported", reported)):
                if value:
                    quads.append((_iri(statement), _cg(prop), ox.Literal(value, datatype=XSD_DATE)))
            info["statements"].append((statement, speaker, said or reported, kind))
        claims[claim] = info
    graphs = [_iri(f"graph{i}") for i in range(3)]
    store.extend(ox.Quad(s, p, o, rnd.choice(graphs)) for s, p, o in quads)

    expected = set()
    for claim, info in claims.items():
        for counter, other in claims.items():
            if counter == claim or not (info["control"] and other["control"]):
                continue
            reached = set().union(*(within[p] for p in other["places"]))
            if not reached & info["places"]:
                continue
            if not any(o != p and (o, p) not in member
                       for o in other["parties"] for p in info["parties"]):
                continue
            for _, claimant, claim_date, _ in info["statements"]:
                for evidence, assessor, date, kind in other["statements"]:
                    if kind in kinds and assessor != claimant and (
                            date is None or claim_date is None or date >= claim_date):
                        expected.add(("urn:t:" + claim, "urn:t:" + evidence, date))
    return store, expected


@pytest.mark.parametrize("name", sorted(RULE_KINDS))
@pytest.mark.parametrize("seed", range(200))
def test_the_rule_finds_exactly_what_it_means(seed, name):
    rule = next(r for r in ledger.rules() if r.name == name)
    store, expected = random_world(seed, RULE_KINDS[name])
    found = {(row["claim"].value, row["evidence"].value,
              row["date"].value if row["date"] is not None else None)
             for row in store.query(rule.sparql, use_default_graph_as_union=True)}
    assert found == expected
