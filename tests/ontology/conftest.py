"""Fixtures for the ontology tests: the ontology, the shapes and the hand-made example graph."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import Graph, Literal, URIRef

from claimgraph.ontology.model import CG, CGID, bind_prefixes, load_ontology, load_shapes
from claimgraph.ontology.shapes import class_hierarchy

HERE = Path(__file__).parent
EXAMPLE = HERE / "data" / "pokrovsk-example.ttl"
SEED = HERE.parents[1] / "claimgraph" / "graph" / "data" / "seed-tsn-malomuzh.yaml"
DOC = URIRef(CGID + "document/tsn-2972918-malomuzh-six-axes")


@pytest.fixture(scope="session")
def ontology() -> Graph:
    return bind_prefixes(load_ontology())


@pytest.fixture(scope="session")
def shapes() -> Graph:
    return load_shapes()


@pytest.fixture(scope="session")
def hierarchy(ontology) -> Graph:
    return class_hierarchy(ontology)


@pytest.fixture
def example() -> Graph:
    """The worked example, with the seed document's full text so that span offsets are checked."""
    g = bind_prefixes(Graph()).parse(EXAMPLE)
    text = yaml.safe_load(SEED.read_text(encoding="utf-8"))["document"]["text"]
    g.add((DOC, CG.fullText, Literal(text)))
    return g


def iri(path: str) -> URIRef:
    return URIRef(CGID + path)
