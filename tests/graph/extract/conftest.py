"""Shared fixtures for the extraction component tests."""

from pathlib import Path

import pytest

from claimgraph.graph.extract.gazetteer import load_gazetteer

ARTICLES = Path(__file__).resolve().parents[2] / "extraction" / "articles"


@pytest.fixture(scope="session")
def gaz():
    return load_gazetteer()


@pytest.fixture(scope="session")
def seed_text():
    return (ARTICLES / "seed.txt").read_text(encoding="utf-8")
