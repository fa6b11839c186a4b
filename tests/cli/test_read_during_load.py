"""Reading a store while another process loads into it: read commands open it read-only and see
it as before the load; while the load commits they say that a write is in progress, and a
command that writes says the store is being written, never RocksDB's lock error and never
that an interrupted load needs recovering."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest
from click.testing import CliRunner

from claimgraph.cli import cli
from claimgraph.graph.store import StoreError, open_store

EX = "http://example.org/"
ROOT = Path(__file__).resolve().parents[2]
# Run in the loading process: each bulk call writes 5,000 quads (so that what it wrote is in
# the store's files while it waits), and it waits for the test twice: while loading (after
# 60,000 quads) and when it begins to commit.
PAUSES = """
import os, time
from pathlib import Path
from claimgraph.graph.backends import oxigraph, oxigraph_writes

def pause(step):
    folder = Path(os.environ["PAUSES"])
    (folder / f"{step}.ready").touch()
    deadline = time.monotonic() + 120
    while not (folder / f"{step}.go").exists() and time.monotonic() < deadline:
        time.sleep(0.02)

streamed = oxigraph.stream_quads
def stream_quads(*args, **kwargs):
    for number, quad in enumerate(streamed(*args, **kwargs)):
        if number == 60_000:
            pause("loading")
        yield quad
oxigraph.stream_quads = stream_quads
write = oxigraph_writes.AtomicWrites._write
oxigraph_writes.AtomicWrites._write = lambda self, quads, targets, chunk=None: write(
    self, quads, targets, 5_000)
finish = oxigraph_writes.AtomicWrites._finish
def paused_finish(self, entry):
    pause("commit")
    return finish(self, entry)
oxigraph_writes.AtomicWrites._finish = paused_finish
"""


def _await(folder: Path, step: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 120
    while not (folder / f"{step}.ready").exists():
        assert process.poll() is None, process.communicate()
        assert time.monotonic() < deadline
        time.sleep(0.02)


def _cli(url: str, *args: str):
    return CliRunner().invoke(cli, ["--store", url, *args], catch_exceptions=False)


@pytest.mark.slow
def test_reads_during_a_load_see_the_store_as_before_and_no_recovery_is_advised(tmp_path):
    store_dir, pauses = tmp_path / "store", tmp_path / "pauses"
    pauses.mkdir()
    url = f"oxigraph:{store_dir}"
    replaced, added, kept = EX + "graph/replaced", EX + "graph/added", EX + "graph/kept"
    with open_store(url) as store:
        store.update(f"INSERT DATA {{ GRAPH <{replaced}> {{ <{EX}a> <{EX}p> 'before' }} }}")
        store.update(f"INSERT DATA {{ GRAPH <{kept}> {{ <{EX}b> <{EX}p> 'kept' }} }}")
    data = tmp_path / "data.nq"   # over load.STREAM_BYTES: streamed through the bulk loader
    with open(data, "w") as out:
        for i in range(80_000):
            graph = replaced if i % 2 else added
            out.write(f'<{EX}s{i}> <{EX}p> "{i} {"x" * 250}" <{graph}> .\n')
    process = subprocess.Popen(
        [sys.executable, "-c", PAUSES + "from claimgraph.cli import main; main()", "--store", url,
         "load", "--no-ledger", str(data)],
        env={**os.environ, "PYTHONPATH": str(ROOT), "PAUSES": str(pauses)},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _await(pauses, "loading", process)
        with open_store(url, read_only=True) as view:   # what the load has written so far
            assert view.graphs() == [kept, replaced]
            assert view._reading(lambda: next(iter(view._store.quads_for_pattern(
                None, None, None, ox.NamedNode(added))), None))

        graphs = _cli(url, "graphs")
        assert graphs.exit_code == 0, graphs.output
        assert graphs.stdout.splitlines() == [f"{kept}\t1", f"{replaced}\t1"]
        stats = _cli(url, "stats")
        assert stats.exit_code == 0 and "triples: 2\n" in stats.stdout
        answer = _cli(url, "query", "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o", "--format", "csv")
        assert answer.exit_code == 0 and answer.stdout.split() == ["o", "before", "kept"]
        exported = _cli(url, "export", "--format", "nquads")
        assert exported.exit_code == 0 and len(exported.stdout.splitlines()) == 2
        assert _cli(url, "watch", "list").exit_code == 0

        writing = _cli(url, "drop", kept)
        assert writing.exit_code == 1
        assert "another claimgraph process is writing it" in writing.stderr
        assert "lock file" not in writing.stderr and "Resource temporarily" not in writing.stderr

        (pauses / "loading.go").touch()
        _await(pauses, "commit", process)
        for args in (["graphs"], ["stats"], ["ask", "claim-status"]):
            refused = _cli(url, *args)
            assert refused.exit_code != 0, args
            assert "is being written by another process" in refused.stderr, refused.stderr
            assert "interrupted" not in refused.stderr and "recover" not in refused.stderr
        with pytest.raises(StoreError, match="being written by another process"):
            open_store(url, read_only=True)
        (pauses / "commit.go").touch()
        assert process.wait(120) == 0, process.communicate()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    with open_store(url, read_only=True) as store:
        assert {g: store.count(g) for g in store.graphs()} == {
            added: 40_000, kept: 1, replaced: 40_000}


def test_reading_a_store_that_does_not_exist_says_so_and_creates_nothing(tmp_path):
    missing = tmp_path / "typo"
    for args in (["graphs"], ["stats"], ["export"], ["query", "ASK {}"]):
        result = _cli(f"oxigraph:{missing}", *args)
        assert result.exit_code == 1, args
        assert f"no store at {missing}: the folder does not exist" in result.stderr
    assert not missing.exists()
