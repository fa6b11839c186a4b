"""A deterministic generator of claim graphs in the project's vocabulary, written as N-Quads.

Each document is one named graph of about ten statements by speakers drawn with a skewed
(Zipf-like) popularity, about actors and places, some disputing or reporting earlier statements,
some asserting control claims located at places; every graph has the interchange contract
materialized exactly as the loader does (``claimgraph.graph.contract.materialize``). Same size and
seed, same bytes.

    python bench/generate_network.py --triples 100000 --seed 1 -o bench/.cache/g100k.nq
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path
from typing import TextIO

from rdflib import Graph, Literal, Namespace
from rdflib.namespace import RDF, RDFS, XSD

from claimgraph.graph.contract import materialize

CG = Namespace("https://w3id.org/claimgraph/ontology#")
ID = Namespace("https://w3id.org/claimgraph/id/")
KINDS = ("claim", "assessment", "announcement", "prediction", "denial", "threat", "demand")
STATEMENTS_PER_DOCUMENT = 10
TRIPLES_PER_STATEMENT = 18  # about what the output holds; only sizes the entity pools


class _Pools:
    def __init__(self, statements: int, rng: random.Random) -> None:
        self.actors = [ID[f"person/actor-{i}"] for i in range(max(50, statements // 20))]
        self.places = [ID[f"city/place-{i}"] for i in range(max(20, statements // 50))]
        # Zipf-like weights: a few actors and places are spoken of far more than the rest.
        self.actor_weights = [1 / (i + 1) for i in range(len(self.actors))]
        self.place_weights = [1 / (i + 1) for i in range(len(self.places))]
        self.rng = rng
        self.said: list[tuple] = []  # (statement IRI, speaker) of earlier statements

    def actor(self):
        return self.rng.choices(self.actors, self.actor_weights)[0]

    def place(self):
        return self.rng.choices(self.places, self.place_weights)[0]


def _entities(pools: _Pools) -> Graph:
    g = Graph()
    for i, actor in enumerate(pools.actors):
        g.add((actor, RDF.type, CG.Person))
        g.add((actor, RDFS.label, Literal(f"Actor {i}", lang="en")))
    for i, place in enumerate(pools.places):
        g.add((place, RDF.type, CG.City))
        g.add((place, RDFS.label, Literal(f"Place {i}", lang="en")))
    return materialize(g)


def _document(number: int, pools: _Pools) -> Graph:
    rng, g = pools.rng, Graph()
    doc = ID[f"document/generated-{number}"]
    g.add((doc, RDF.type, CG.NewsArticle))
    g.add((doc, RDFS.label, Literal(f"Generated article {number}")))
    day = f"20{24 + number % 2}-{1 + number % 12:02d}-{1 + number % 28:02d}"
    for k in range(STATEMENTS_PER_DOCUMENT):
        st, speaker = ID[f"statement/g{number}-{k}"], pools.actor()
        g.add((st, RDF.type, CG.Statement))
        g.add((st, CG.speaker, speaker))
        g.add((st, CG.kind, CG[rng.choice(KINDS)]))
        g.add((st, CG.text, Literal(f"Statement {k} of article {number}.")))
        g.add((st, RDFS.label, Literal(f"Statement {k} of article {number}.")))
        g.add((st, CG.source, doc))
        g.add((st, CG.dateReported, Literal(day, datatype=XSD.date)))
        for _ in range(rng.randint(1, 2)):
            g.add((st, CG.about, pools.actor() if rng.random() < 0.6 else pools.place()))
        if pools.said and rng.random() < 0.15:
            g.add((st, CG.disputes, rng.choice(pools.said[-2000:])[0]))
        if pools.said and rng.random() < 0.15:
            g.add((st, CG.reports, rng.choice(pools.said[-2000:])[0]))
        if rng.random() < 0.1:
            claim = ID[f"claim/g{number}-{k}"]
            g.add((st, CG.asserts, claim))
            g.add((claim, RDF.type, CG.ControlClaim))
            g.add((claim, CG.claimedLocation, pools.place()))
            g.add((claim, CG.claimedParty, pools.actor()))
            g.add((claim, CG.status, CG.asserted))
        pools.said.append((st, speaker))
    return materialize(g)


def _quads(graph: Graph, name) -> list[str]:
    suffix = f" {name.n3()} .\n"
    # Sorted, because a graph's iteration order depends on string hashing.
    return sorted(f"{s.n3()} {p.n3()} {o.n3()}{suffix}" for s, p, o in graph)


def generate(triples: int, seed: int, out: TextIO) -> int:
    """Write about ``triples`` quads to ``out``; return how many were written."""
    statements = max(STATEMENTS_PER_DOCUMENT, triples // TRIPLES_PER_STATEMENT)
    pools = _Pools(statements, random.Random(seed))
    written = 0
    entities = _entities(pools)
    out.writelines(_quads(entities, ID["document/generated-entities"]))
    written += len(entities)
    number = 0
    while written < triples:
        graph = _document(number, pools)
        out.writelines(_quads(graph, ID[f"document/generated-{number}"]))
        written += len(graph)
        number += 1
    return written


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("-o", "--output", type=Path, required=True)
    args = parser.parse_args(argv)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with args.output.open("w", encoding="utf-8") as out:
        n = generate(args.triples, args.seed, out)
    print(f"wrote {n} quads to {args.output}", file=sys.stderr)


if __name__ == "__main__":
    main()
