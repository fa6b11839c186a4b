"""Run every benchmark and write docs/benchmarks.md (what ``make bench`` runs).

Generates the synthetic graphs (``claimgraph bench generate``, deterministic) into a temporary
folder, runs each benchmark script as its own process (one after the other, so that they do not
compete for the cores), and writes their Markdown tables with the machine, the versions and the
exact commands. A benchmark that fails or is skipped is recorded as such, never left out silently.

    python bench/run_all.py [--out docs/benchmarks.md] [--sizes 100000,1000000] [--runs 5]
                            [--load-sizes 1000000,10000000] [--large-sizes 10000000]
                            [--skip virtuoso] [--only queries-1000000] [--data-dir DIR] ...

The file keeps a block of hand-written notes (between the ``notes`` markers) and, with
``--only``/``--skip``, the sections not re-run, so that one table can be re-measured alone.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parent.parent
CLI = "from claimgraph.cli import main; main()"
FULL_LOAD_MAX = 2_000_000


def machine() -> list[str]:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    memory = "unknown"
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        memory = f"{kb / 2**20:.0f} GiB"
    except (OSError, ValueError, IndexError):
        pass
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    return [f"- Machine: {cpu}, {os.cpu_count()} cores visible, {memory} RAM; "
            f"{platform.system()} {platform.release()}; load average at start {load} "
            "(the machine is shared: figures compare contestants measured in the same run)."]


def versions() -> list[str]:
    from importlib.metadata import PackageNotFoundError, version

    names = ["pyoxigraph", "rdflib", "flask", "gunicorn", "rdflib-endpoint", "networkx"]
    found = []
    for name in names:
        try:
            found.append(f"{name} {version(name)}")
        except PackageNotFoundError:
            found.append(f"{name} not installed")
    virtuoso = "not installed"
    if shutil.which("virtuoso-t"):
        done = subprocess.run(["virtuoso-t", "-?"], capture_output=True, text=True)
        text = done.stdout + done.stderr
        virtuoso = next((l.strip() for l in text.splitlines() if "Version" in l), "installed")
    return [f"- Python {platform.python_version()}; " + ", ".join(found) + ".",
            f"- Virtuoso: {virtuoso}.", f"- claimgraph commit {commit()} (of this header)."]


def generate(folder: Path, size: int, seed: int) -> Path:
    path = folder / f"synthetic-{size}.nq"
    if not path.exists():
        subprocess.run([sys.executable, "-c", CLI, "bench", "generate", "--triples", str(size),
                        "--seed", str(seed), "--out", str(path)], check=True, cwd=REPO)
    return path


NOTES_BEGIN = "<!-- notes: written by hand, kept by bench/run_all.py -->"
NOTES_END = "<!-- end notes -->"
SECTION = re.compile(r"<!-- section: (?P<key>[a-z0-9-]+) -->\n(?P<body>.*?)<!-- end section -->\n",
                     re.S)


def run(key: str, title: str, argv: list[str], timeout: float) -> str:
    """One benchmark process as a section of the file: its Markdown, or why there is none."""
    shown = " ".join(a if a.startswith(("-", "/")) or " " not in a else repr(a) for a in argv)
    print(f"== {title}", file=sys.stderr, flush=True)
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    measured_at = commit()   # the code the section runs, even if a commit lands meanwhile
    started = time.monotonic()
    try:
        done = subprocess.run(argv, cwd=REPO, capture_output=True, text=True, timeout=timeout,
                              env=dict(os.environ, PYTHONPATH=str(REPO)))
        body = done.stdout.strip() if done.returncode == 0 else (
            f"**Failed** (exit {done.returncode}):\n\n```\n"
            + "\n".join(done.stderr.strip().splitlines()[-15:]) + "\n```")
    except subprocess.TimeoutExpired:
        body = f"**Did not finish** within {timeout:.0f} s."
    minutes = (time.monotonic() - started) / 60
    print(f"   {minutes:.1f} min", file=sys.stderr, flush=True)
    command = shown.replace(str(REPO) + "/", "").replace(str(Path(argv[0]).parent) + "/", "")
    lines = [f"<!-- section: {key} -->", f"## {title}", "",
             f"Measured {datetime.date.today().isoformat()} at commit {measured_at}, load average "
             f"{load} at start, {minutes:.1f} min. Command: `{command}`", "", body, "",
             "<!-- end section -->", ""]
    return "\n".join(lines)


def commit() -> str:
    return subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                          capture_output=True, text=True).stdout.strip() or "unknown"


def plan(args: argparse.Namespace, data: dict[int, Path], store: Callable[[], str]
         ) -> list[tuple[str, str, Callable[[], list[str]]]]:
    """(key, title, argv maker) of every benchmark, in the order they run and appear."""
    py = sys.executable
    rdflib_max = args.rdflib_max_triples
    steps: list[tuple[str, str, Callable[[], list[str]]]] = []
    for size in args.load_sizes or [max(args.query_sizes)]:
        # above FULL_LOAD_MAX, no contestant that holds the whole graph in memory
        reduced = (["--skip", "rdflib", "--skip", "in memory", "--ledger-runs", "0"]
                   if size > FULL_LOAD_MAX else [])
        steps.append((f"load-{size}", f"Load, {size:,} triples", lambda size=size, r=reduced: [
            py, "bench/bench_load.py", "--data", str(data[size]), "--runs", str(args.load_runs),
            *r]))
    for size in args.query_sizes:
        steps.append((f"queries-{size}", f"Catalog queries, {size:,} triples",
                      lambda size=size: [
                          py, "bench/bench_queries.py", "--data", str(data[size]), "--triples",
                          str(size), "--seed", str(args.seed), "--runs", str(args.runs),
                          "--rdflib-timeout", str(args.rdflib_timeout)]
                      + (["--no-rdflib"] if size > rdflib_max else [])))
    for size in args.large_sizes:
        steps.append((f"large-{size}", f"Load and catalog queries, {size:,} triples (served "
                      "store only)", lambda size=size: [
                          py, "bench/bench_large.py", "--data", str(data[size]), "--runs", "3"]))
    middle = min((s for s in args.query_sizes if s >= 1_000_000), default=max(args.query_sizes))
    steps += [
        (f"incremental-{middle}", f"One more article into a loaded store, {middle:,} triples",
         lambda: [py, "bench/bench_incremental.py", "--data", str(data[middle]), "--runs", "3"]),
        ("virtuoso", f"Virtuoso 7.2 next to the embedded store, {middle:,} triples", lambda: [
            py, "bench/bench_virtuoso.py", "--data", str(data[middle]), "--triples", str(middle),
            "--seed", str(args.seed), "--runs", str(args.runs)]),
        ("virtuoso-100000-write", "Virtuoso 7.2 next to the embedded store, "
         f"{min(args.query_sizes):,} triples (with the sparql: write path)", lambda: [
             py, "bench/bench_virtuoso.py", "--data", str(data[min(args.query_sizes)]),
             "--triples", str(min(args.query_sizes)), "--seed", str(args.seed), "--runs", "3",
             "--backend-load"]),
        # the whole-graph aggregation (endpoint-mid.rq) is left out: rdflib-endpoint takes ~50 s
        # per request at 1M
        ("endpoint", f"SPARQL endpoint, {middle:,} triples", lambda: [
            py, "bench/bench_endpoint.py", "--data", str(data[middle]), "--store", store(),
            "--runs", "3", "--duration", "5", "--snapshot-mode", "memory", "--queries",
            "cheap,about", "--client", "auto", "--quiet"]),
        ("endpoint-python", f"SPARQL endpoint, {middle:,} triples, Python client", lambda: [
            py, "bench/bench_endpoint.py", "--data", str(data[middle]), "--store", store(),
            "--runs", "3", "--duration", "5", "--snapshot-mode", "memory", "--queries",
            "cheap,about", "--client", "python", "--quiet"]),
        # the catalog's relationship queries, with the ledger derived into a store of its own
        ("endpoint-catalog", f"SPARQL endpoint, catalog relationship queries, {middle:,} triples",
         lambda: [py, "bench/bench_endpoint.py", "--data", str(data[middle]), "--runs", "3",
                  "--duration", "10", "--queries", "catalog", "--quiet"]),
        ("pages", f"Entity pages, {middle:,} triples", lambda: [
            py, "bench/bench_pages.py", "--store", store(), "--quiet"]),
        ("network", "Actor network projection and PageRank", lambda: [
            py, "bench/bench_network.py", "--data", str(data[min(data)]), "--runs",
            str(args.runs)]),
        ("extract", "Extraction throughput", lambda: [py, "bench/bench_extract.py"]),
    ]
    return steps


def matches(key: str, names: list[str]) -> bool:
    """Whether a section key is named: exactly, or by its family (``load`` for ``load-N``)."""
    return any(key == name or key.startswith(name + "-") for name in names)


def assemble(old: str, sections: dict[str, str], order: list[str], header: str) -> str:
    """The new file: the header, the hand-written notes of the old file, then the old file's
    sections in their order, each replaced by its new version when re-run, then the new
    sections the old file did not have, in ``order``."""
    kept = {m["key"]: m.group(0) for m in SECTION.finditer(old)}
    notes = ""
    if NOTES_BEGIN in old and NOTES_END in old:
        notes = old[old.index(NOTES_BEGIN):old.index(NOTES_END) + len(NOTES_END)] + "\n\n"
    body = [sections.get(key) or text for key, text in kept.items()]
    body += [sections[key] for key in order if key in sections and key not in kept]
    return header + notes + "".join(body)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--sizes", default="100000,1000000",
                        help="graph sizes for the query benchmarks (the largest is used for "
                             "the load benchmark, the first of at least 1M for Virtuoso, the "
                             "endpoint and the pages)")
    parser.add_argument("--load-sizes", default="",
                        help="graph sizes for the load benchmark (default: the largest of --sizes)")
    parser.add_argument("--large-sizes", default="",
                        help="graph sizes for bench/bench_large.py (load, ledger and every catalog "
                             "query on the served store, no rdflib), e.g. 10000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=30)
    parser.add_argument("--rdflib-max-triples", type=int, default=2_000_000,
                        help="no rdflib baseline above this size (1.7 GB of RAM per 1M triples)")
    parser.add_argument("--only", action="append", default=[], metavar="KEY",
                        help="run only this section (load-N, queries-N, large-N, incremental-N, virtuoso, "
                             "endpoint, pages, network, extract; repeatable) and keep the file's "
                             "other sections")
    parser.add_argument("--skip", action="append", default=[], metavar="KEY",
                        help="do not run this section (its old text, if any, is kept)")
    parser.add_argument("--data-dir", type=Path,
                        help="keep generated graphs here (reused when present) instead of a "
                             "temporary folder")
    parser.add_argument("--timeout", type=float, default=5400, help="seconds per benchmark")
    args = parser.parse_args(argv)
    args.query_sizes = [int(s) for s in args.sizes.split(",") if s]
    args.load_sizes = [int(s) for s in args.load_sizes.split(",") if s]
    args.large_sizes = [int(s) for s in args.large_sizes.split(",") if s]
    sizes = sorted(set(args.query_sizes) | set(args.load_sizes) | set(args.large_sizes))
    sections: dict[str, str] = {}
    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-") as tmp:
        folder = args.data_dir or Path(tmp)
        folder.mkdir(parents=True, exist_ok=True)
        data = {size: generate(folder, size, args.seed) for size in sizes}
        stores: dict[str, str] = {}

        def store() -> str:
            """An on-disk store of the 1M graph, loaded once for the endpoint and the pages."""
            if "url" not in stores:
                middle = min((s for s in args.query_sizes if s >= 1_000_000),
                             default=max(args.query_sizes))
                stores["url"] = f"oxigraph:{tmp}/store-{middle}"
                subprocess.run([sys.executable, "-c", CLI, "--store", stores["url"], "load",
                                "--no-ledger", str(data[middle])], check=True, cwd=REPO)
            return stores["url"]

        steps = plan(args, data, store)
        for key, title, argv_of in steps:
            if (args.only and not matches(key, args.only)) or matches(key, args.skip):
                continue
            sections[key] = run(key, title, argv_of(), args.timeout)
    old = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
    header = "\n".join([
        "# Benchmarks", "",
        "Written by `bench/run_all.py` (`make bench`; `--only KEY` re-runs one section and keeps "
        "the others, each section saying when and at which commit it was measured). Every table "
        "compares contestants measured in the same run on the same data: each figure is the "
        "median of several runs with the minimum and maximum in parentheses. The data are "
        "synthetic news graphs from `claimgraph bench generate --triples N --seed "
        f"{args.seed}` (claimgraph/graph/synthetic.py).", ""] + machine() + versions() + ["", ""])
    args.out.parent.mkdir(parents=True, exist_ok=True)
    text = assemble(old, sections, [key for key, _, _ in steps], header)
    tmp_out = args.out.with_suffix(".md.tmp")
    tmp_out.write_text(text, encoding="utf-8")
    tmp_out.replace(args.out)
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
