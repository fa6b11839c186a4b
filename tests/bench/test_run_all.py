"""``make bench`` (bench/run_all.py) keeps hand-written notes and the sections it does not re-run."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def _run_all():
    spec = importlib.util.spec_from_file_location("run_all", REPO / "bench" / "run_all.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


OLD = """# Benchmarks

an old header
<!-- notes: written by hand, kept by bench/run_all.py -->
What the figures mean.
<!-- end notes -->

<!-- section: load-1000000 -->
## Load
old load
<!-- end section -->
<!-- section: queries-10000000 -->
## Catalog queries, 10M
old 10M
<!-- end section -->
<!-- section: extract -->
## Extraction
old extract
<!-- end section -->
"""


def test_assemble_replaces_re_run_sections_and_keeps_the_rest():
    ra = _run_all()
    new = "<!-- section: extract -->\n## Extraction\nnew extract\n<!-- end section -->\n"
    text = ra.assemble(OLD, {"extract": new}, ["load-1000000", "queries-100000", "extract"], "# B\n\n")
    assert text.startswith("# B\n\n<!-- notes")
    assert "What the figures mean." in text and "an old header" not in text
    assert "old load" in text and "new extract" in text and "old extract" not in text
    assert "old 10M" in text                       # a size not measured this time is kept
    assert text.index("old load") < text.index("old 10M") < text.index("new extract")
    fresh = "<!-- section: queries-100000 -->\n## Q\nnew q\n<!-- end section -->\n"
    text = ra.assemble(OLD, {"queries-100000": fresh}, ["load-1000000", "queries-100000"], "")
    assert text.index("old extract") < text.index("new q")   # new sections come last


def test_only_one_section_is_measured_and_written(tmp_path):
    out = tmp_path / "benchmarks.md"
    out.write_text(OLD)
    done = subprocess.run([sys.executable, str(REPO / "bench" / "run_all.py"), "--sizes", "3000",
                           "--only", "extract", "--out", str(out), "--data-dir", str(tmp_path)],
                          capture_output=True, text=True, cwd=REPO, timeout=300)
    assert done.returncode == 0, done.stderr
    text = out.read_text()
    assert "old load" in text and "old extract" not in text
    assert "articles/s" in text and "Measured " in text and "bench/bench_extract.py" in text
    assert (tmp_path / "synthetic-3000.nq").exists()


def test_sections_are_named_exactly_or_by_family():
    ra = _run_all()
    assert ra.matches("load-10000000", ["load"]) and ra.matches("queries-100000", ["queries-100000"])
    assert not ra.matches("queries-1000000", ["queries-100000"])
    assert not ra.matches("loader", ["load"])


def test_the_incremental_benchmark_measures_every_step(tmp_path):
    # 100k triples: a file over load.STREAM_BYTES streams unchecked, as the benchmark graphs do
    data = tmp_path / "small.nq"
    subprocess.run([sys.executable, "-m", "claimgraph", "bench", "generate", "--triples", "100000",
                    "--out", str(data)], check=True, cwd=REPO, timeout=120)
    done = subprocess.run([sys.executable, str(REPO / "bench" / "bench_incremental.py"),
                           "--data", str(data), "--runs", "1"], capture_output=True, text=True,
                          cwd=REPO, timeout=300, env={**os.environ, "PYTHONPATH": str(REPO)})
    assert done.returncode == 0, done.stderr
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ") and "---" not in line]
    assert [row.split(" | ")[0] for row in rows[1:]] == [
        "| claimgraph load (article + ledger)", "| claimgraph load --no-ledger",
        "| claimgraph ledger refresh after it", "| the same refresh, written in full",
        "| claimgraph ledger refresh, nothing changed", "| raw pyoxigraph extend of the article"]


def test_the_served_store_holds_the_data_and_its_ledger(tmp_path):
    # the benchmarks serve a dump with the ledger in it; since `load` refuses reserved graphs
    # unless told, load_served must say --allow-reserved-graphs (the endpoint-catalog section
    # failed without it)
    spec = importlib.util.spec_from_file_location("bench_queries",
                                                  REPO / "bench" / "bench_queries.py")
    bench_queries = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench_queries)
    data = tmp_path / "small.nq"
    subprocess.run([sys.executable, "-m", "claimgraph", "bench", "generate", "--triples", "30000",
                    "--out", str(data)], check=True, cwd=REPO, timeout=120)
    bench_queries.load_served(data, tmp_path / "store")

    from claimgraph.graph.store import open_store

    with open_store(f"oxigraph:{tmp_path / 'store'}", read_only=True) as store:
        graphs = set(store.graphs())
        assert "https://w3id.org/claimgraph/id/ledger" in graphs
        assert len(graphs) > 50
