"""Run every benchmark and write docs/benchmarks.md (what ``make bench`` runs).

Generates the synthetic graphs (``claimgraph bench generate``, deterministic) into a temporary
folder, runs each benchmark script as its own process (one after the other, so that they do not
compete for the cores), and writes their Markdown tables with the machine, the versions and the
exact commands. A benchmark that fails or is skipped is recorded as such, never left out silently.

    python bench/run_all.py [--out docs/benchmarks.md] [--sizes 100000,1000000] [--runs 5]
                            [--load-sizes 1000000,10000000] [--large-sizes 10000000]
                            [--skip virtuoso] [--skip endpoint] ...

Above FULL_LOAD_MAX triples the load benchmark leaves out the contestants that hold the whole
graph in memory (rdflib, pyoxigraph in memory) and the ledger run; ``--large-sizes`` runs
bench/bench_large.py (load, ledger, every catalog query on the served store, no rdflib) at
sizes bench_queries.py cannot reach.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

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
    commit = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                            capture_output=True, text=True).stdout.strip() or "unknown"
    return [f"- Python {platform.python_version()}; " + ", ".join(found) + ".",
            f"- Virtuoso: {virtuoso}.", f"- claimgraph commit {commit}."]


def generate(folder: Path, size: int, seed: int) -> Path:
    path = folder / f"synthetic-{size}.nq"
    if not path.exists():
        subprocess.run([sys.executable, "-c", CLI, "bench", "generate", "--triples", str(size),
                        "--seed", str(seed), "--out", str(path)], check=True, cwd=REPO)
    return path


def run(title: str, argv: list[str], timeout: float) -> list[str]:
    """One benchmark process: its Markdown, or why there is none."""
    shown = " ".join(a if a.startswith(("-", "/")) or " " not in a else repr(a) for a in argv)
    print(f"== {title}", file=sys.stderr, flush=True)
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
    return [f"## {title}", "", f"Command: `{shown.replace(str(REPO) + '/', '')}` "
            f"({minutes:.1f} min)", "", body, ""]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "benchmarks.md")
    parser.add_argument("--sizes", default="100000,1000000",
                        help="graph sizes for the query benchmarks (the largest is used for "
                             "the load, Virtuoso and endpoint benchmarks)")
    parser.add_argument("--load-sizes", default="",
                        help="graph sizes for the load benchmark (default: the largest of --sizes)")
    parser.add_argument("--large-sizes", default="",
                        help="graph sizes for bench_large.py (served store only), e.g. 10000000")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--load-runs", type=int, default=3)
    parser.add_argument("--rdflib-timeout", type=float, default=30)
    parser.add_argument("--skip", action="append", default=[],
                        choices=["load", "large", "queries", "virtuoso", "endpoint", "network",
                                 "extract"])
    parser.add_argument("--timeout", type=float, default=5400, help="seconds per benchmark")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",")]
    load_sizes = [int(s) for s in args.load_sizes.split(",") if s] or [max(sizes)]
    large_sizes = [int(s) for s in args.large_sizes.split(",") if s]
    py = sys.executable
    sections: list[str] = []
    with tempfile.TemporaryDirectory(prefix="claimgraph-bench-") as tmp:
        folder = Path(tmp)
        data = {size: generate(folder, size, args.seed)
                for size in sorted(set(sizes) | set(load_sizes) | set(large_sizes))}
        big = max(sizes)
        if "load" not in args.skip:
            for size in load_sizes:
                reduced = (["--skip", "rdflib", "--skip", "in memory", "--ledger-runs", "0"]
                           if size > FULL_LOAD_MAX else [])
                sections += run(f"Load, {size:,} triples", [
                    py, "bench/bench_load.py", "--data", str(data[size]),
                    "--runs", str(args.load_runs), *reduced], args.timeout)
        if "queries" not in args.skip:
            for size in sizes:
                sections += run(f"Catalog queries, {size:,} triples", [
                    py, "bench/bench_queries.py", "--data", str(data[size]), "--triples",
                    str(size), "--seed", str(args.seed), "--runs", str(args.runs),
                    "--rdflib-timeout", str(args.rdflib_timeout)], args.timeout)
        for size in ([] if "large" in args.skip else large_sizes):
            sections += run(f"Load and catalog queries, {size:,} triples (served store only)", [
                py, "bench/bench_large.py", "--data", str(data[size]), "--runs", "3"],
                args.timeout)
        if "virtuoso" not in args.skip:
            sections += run(f"Virtuoso 7.2 next to the embedded store, {big:,} triples", [
                py, "bench/bench_virtuoso.py", "--data", str(data[big]), "--triples",
                str(big), "--seed", str(args.seed), "--runs", str(args.runs)], args.timeout)
        if "endpoint" not in args.skip and (REPO / "bench/bench_endpoint.py").exists():
            sections += run(f"SPARQL endpoint, {big:,} triples", [
                py, "bench/bench_endpoint.py", "--data", str(data[big]), "--quiet"],
                args.timeout)
        if "network" not in args.skip and (REPO / "bench/bench_network.py").exists():
            sections += run("Actor network projection and PageRank", [
                py, "bench/bench_network.py", "--data", str(data[min(sizes)]),
                "--runs", str(args.runs)], args.timeout)
        if "extract" not in args.skip and (REPO / "bench/bench_extract.py").exists():
            sections += run("Extraction throughput", [py, "bench/bench_extract.py"],
                            args.timeout)
    today = datetime.date.today().isoformat()
    header = ["# Benchmarks", "",
              f"Written by `bench/run_all.py` (`make bench`) on {today}. Every table compares "
              "contestants measured in the same run on the same data: each figure is the median "
              "of several runs with the minimum and maximum in parentheses. The data are "
              "synthetic news graphs from `claimgraph bench generate --triples N --seed "
              f"{args.seed}` (claimgraph/graph/synthetic.py).", ""] + machine() + versions() + [""]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text("\n".join(header + sections), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
