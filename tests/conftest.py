"""Fixtures shared by the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SHARED = REPO.parent / "shared"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    """The bundled hand annotation of the seed article."""
    from claimgraph.graph.annotation import bundled_annotations

    return bundled_annotations()[0]


@pytest.fixture(scope="session")
def seed_graph(seed_path):
    """The seed annotation as (graph IRI, rdflib graph with the contract materialized)."""
    from claimgraph.graph.annotation import annotation_to_graph

    return annotation_to_graph(seed_path)
