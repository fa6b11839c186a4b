"""Fixtures shared by the whole suite."""

from __future__ import annotations

import subprocess
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


@pytest.fixture
def small_disk(tmp_path):
    """A 12 MB tmpfs (needs root); skipped where mounting is not allowed."""
    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=12m", "tmpfs", str(mount)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=False)
