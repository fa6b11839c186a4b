"""Read-only views keep reading when a writer in another process deletes the files they were
opened from (a compaction does), and views left by killed readers are removed."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pyoxigraph as ox

from claimgraph.graph.backends.journal import Journal, JournalEntry
from claimgraph.graph.backends.pinned import VIEWS_DIR
from claimgraph.graph.store import open_store
from claimgraph.server.snapshot import folder_fingerprint

ROOT = Path(__file__).resolve().parents[2]
EX = "http://example.org/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
# In a process of its own, with its memory capped: on a view that is not pinned, the query below
# went on allocating once the files had gone (24 GB, in a view taken while a load ran).
READER = """
import glob, os, resource, sys
from claimgraph.graph.store import open_store
from claimgraph.server.snapshot import folder_fingerprint
view = open_store(sys.argv[1], read_only=True)
for table in glob.glob(os.path.join(sys.argv[1].partition(":")[2], "*.sst")):
    os.remove(table)   # as the writer's compaction does once it has merged them
resource.setrlimit(resource.RLIMIT_AS, (3 << 30, 3 << 30))
rows = view.query("SELECT ?class (COUNT(DISTINCT ?entity) AS ?n) WHERE { ?entity a ?class } "
                  "GROUP BY ?class ORDER BY ?class").rows
print(" ".join(f"{row['class'].rsplit('/', 1)[1]}={row['n']}" for row in rows))
view.close()
"""


def _store_in_several_files(folder: Path) -> None:
    store = ox.Store(str(folder))
    for part in range(4):   # each bulk write is a table file of its own
        store.bulk_extend(ox.Quad(ox.NamedNode(f"{EX}e{part}-{i}"), RDF_TYPE,
                                  ox.NamedNode(f"{EX}C{i % 2}"), ox.NamedNode(f"{EX}g{part}"))
                          for i in range(5_000))
    store.flush()
    del store


def test_a_view_reads_on_when_the_files_it_was_opened_from_are_deleted(tmp_path):
    folder = tmp_path / "store"
    _store_in_several_files(folder)
    # a load that stopped while loading: the view shows the graphs it began with, so its
    # queries name those graphs (the query that ran out of memory did)
    Journal(folder).write(JournalEntry("stopped", "loading", [f"{EX}g0", f"{EX}g1"]))
    reader = subprocess.run([sys.executable, "-c", READER, f"oxigraph:{folder}"],
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True, timeout=120)
    assert reader.returncode == 0, reader.stderr[-2000:]
    assert reader.stdout.split() == ["C0=5000", "C1=5000"]
    assert os.listdir(folder / VIEWS_DIR) == []   # closing the view removed its checkpoint


def test_views_of_killed_readers_are_removed_by_the_next_one(tmp_path):
    folder = tmp_path / "store"
    _store_in_several_files(folder)
    killed = subprocess.run(
        [sys.executable, "-c", "import os, signal, sys\nfrom claimgraph.graph.store import "
         "open_store\nview = open_store(sys.argv[1], read_only=True)\n"
         "os.kill(os.getpid(), signal.SIGKILL)", f"oxigraph:{folder}"],
        env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=120)
    assert killed.returncode == -signal.SIGKILL
    left = sorted(os.listdir(folder / VIEWS_DIR))
    assert len(left) == 2   # a checkpoint and its lock
    before = folder_fingerprint(str(folder))
    with open_store(f"oxigraph:{folder}", read_only=True) as view:
        assert view.count() == 20_000
        # a server in memory mode rebuilds its copy when this changes: reading must not
        assert folder_fingerprint(str(folder)) == before
        held = sorted(os.listdir(folder / VIEWS_DIR))
        assert len(held) == 2 and not set(held) & set(left)
        with open_store(f"oxigraph:{folder}", read_only=True) as other:   # held: kept
            assert set(held) < set(os.listdir(folder / VIEWS_DIR)) and other.count() == 20_000
    assert os.listdir(folder / VIEWS_DIR) == []


def test_a_view_sees_what_a_running_writer_committed_but_has_not_flushed(tmp_path):
    folder = tmp_path / "store"
    _store_in_several_files(folder)
    writer = subprocess.Popen(   # commits one transaction (to the log), then waits, store open
        [sys.executable, "-c", "import sys\nfrom claimgraph.graph.store import open_store\n"
         "store = open_store(sys.argv[1])\nstore.update('INSERT DATA { GRAPH <" + EX + "new> { <"
         + EX + "a> <" + EX + "p> 1 } }')\nprint('committed', flush=True)\nsys.stdin.read()",
         f"oxigraph:{folder}"], env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert writer.stdout.readline() == "committed\n"
        with open_store(f"oxigraph:{folder}", read_only=True) as view:
            assert view.count(f"{EX}new") == 1 and view.count() == 20_001
    finally:
        writer.communicate("", timeout=60)
