"""A load killed with SIGKILL leaves the store readable with exactly the graphs it had before."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from claimgraph.graph.backends.journal import FILE_NAME
from claimgraph.graph.store import open_store

EX = "http://example.org/"
ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_sigkill_mid_load_leaves_store_as_before(tmp_path):
    store_dir = tmp_path / "store"
    url = f"oxigraph:{store_dir}"
    old, new = EX + "graph/old", EX + "graph/new"
    with open_store(url) as store:
        store.update(f"INSERT DATA {{ GRAPH <{old}> {{ <{EX}a> <{EX}p> 'before' }} }}")
        store.update(f"INSERT DATA {{ GRAPH <{EX}other> {{ <{EX}b> <{EX}p> 'kept' }} }}")
        before = {g: store.count(g) for g in store.graphs()}
    big = tmp_path / "big.nq"  # ~70 MB: streamed, half replacing <old>, half a new graph
    with open(big, "w") as out:
        for i in range(600_000):
            out.write(f'<{EX}s{i}> <{EX}p> "value {i} of a long generated literal" '
                      f'<{old if i % 2 else new}> .\n')
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    process = subprocess.Popen(
        [sys.executable, "-c", "from claimgraph.cli import main; main()", "--store", url,
         "load", str(big)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while not (store_dir / FILE_NAME).exists():  # the journal: the bulk write has begun
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)
    time.sleep(1.0)
    assert process.poll() is None, "the load finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait(30)
    assert process.returncode == -signal.SIGKILL
    with open_store(url) as store:
        assert {g: store.count(g) for g in store.graphs()} == before
        rows = store.query(f"SELECT ?o WHERE {{ GRAPH <{old}> {{ ?s ?p ?o }} }}").rows
        assert [str(r["o"]) for r in rows] == ["before"]
    assert not (store_dir / FILE_NAME).exists()
