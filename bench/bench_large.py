"""Catalog queries at a scale rdflib cannot reach (10M triples): the served store only.

bench_queries.py needs the data in rdflib and twice in memory; at 10M triples that is beyond a
small machine. This benchmark does what a user does instead: ``claimgraph load --no-ledger`` of
the file into a fresh on-disk store, then ``claimgraph ledger refresh`` (the two halves of a
default ``claimgraph load``), each a subprocess with its wall time and peak RSS; then every case
of bench/profile_catalog.py (each catalog query with parameters picked from the data) on that
store opened read-only, as ``claimgraph serve`` opens it; then ``claimgraph optimize`` (the
compaction the docs advise after a large load) and, again, the cases that took over a second.
Markdown on stdout::

    python bench/bench_large.py --data synthetic-10000000.nq [--runs 3] [--budget 60]
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

from bench.timing import run_measured

REPO = Path(__file__).resolve().parent.parent
CLI = "from claimgraph.cli import main; main()"
SLOW = 5.0  # seconds: the ceiling for any shipped query at 10M triples
AGAIN = 1.0  # seconds: cases slower than this are measured again after the compaction


def measure(data: Path, runs: int, budget: float, timeout: float, again: float = AGAIN) -> dict:
    env = {"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"}
    python = sys.executable
    result: dict = {"data": data.name, "steps": {}, "again": again}
    with tempfile.TemporaryDirectory(prefix="bench-large-") as tmp:
        url = f"oxigraph:{Path(tmp) / 'store'}"
        steps = {"claimgraph load --no-ledger": [python, "-c", CLI, "--store", url, "load",
                                                 "--no-ledger", str(data)],
                 "claimgraph ledger refresh": [python, "-c", CLI, "--store", url, "ledger",
                                               "refresh"]}
        for name, argv in steps.items():
            _step(result, name, argv, env, timeout)
        result["profile"] = _profile(python, url, runs, budget, env, timeout, Path(tmp))
        slow = [label for label, r in result["profile"]["results"].items()
                if r.get("rows") is not None and r["median"] > again]
        _step(result, "claimgraph optimize", [python, "-c", CLI, "--store", url, "optimize"],
              env, timeout)
        if slow:
            result["optimized"] = _profile(python, url, runs, budget, env, timeout, Path(tmp),
                                           only=slow)
        result["quads"] = sum(1 for line in open(data, "rb")
                              if line.strip() and not line.startswith(b"#"))
    return result


def _step(result: dict, name: str, argv: list[str], env: dict, timeout: float) -> None:
    print(f"  {name}", file=sys.stderr, flush=True)
    done = run_measured(argv, env=env, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit(f"{name} failed (exit {done.returncode}): "
                         + "\n".join(done.stderr.strip().splitlines()[-5:]))
    result["steps"][name] = {"seconds": done.seconds, "peak_rss": done.peak_rss}


def _profile(python: str, url: str, runs: int, budget: float, env: dict, timeout: float,
             tmp: Path, only: list[str] | None = None) -> dict:
    out = tmp / "profile.json"
    print("  catalog queries (bench/profile_catalog.py)" + (" again" if only else ""),
          file=sys.stderr, flush=True)
    argv = [python, str(REPO / "bench" / "profile_catalog.py"), url, "--runs", str(runs),
            "--budget", str(budget), "--json", str(out)]
    if only:
        argv += ["--no-resolve", "--only", *only]
    done = run_measured(argv, env=env, timeout=timeout)
    if done.returncode != 0:
        raise SystemExit("profile_catalog.py failed: "
                         + "\n".join(done.stderr.strip().splitlines()[-5:]))
    return json.loads(out.read_text(encoding="utf-8"))


def _ms(r: dict) -> str:
    ms = f"{r['median'] * 1000:,.1f} ({r['min'] * 1000:,.1f}-{r['max'] * 1000:,.1f})"
    return f"**{ms}**" if r["median"] > SLOW else ms


def markdown(result: dict) -> str:
    quads = result["quads"]
    lines = [f"Load of `{result['data']}` ({quads:,} quads) into a fresh on-disk store, then the "
             "catalog on it (opened read-only, as served); one run of each step.", "",
             "| step | seconds | quads/s | peak RSS (MiB) |", "|---|---:|---:|---:|"]
    for name, step in result["steps"].items():
        rate = f"{quads / step['seconds']:,.0f}" if "load" in name else ""
        lines.append(f"| {name} | {step['seconds']:.1f} | {rate} | "
                     f"{step['peak_rss'] / 2**20:,.0f} |")
    params = result["profile"]["params"]
    again = (result.get("optimized") or {}).get("results", {})
    lines += ["", "Catalog cases of bench/profile_catalog.py (parameters picked from the data: "
              f"busiest speaker with {params['busiest_n']} statements, a middling one with "
              f"{params['mid_n']}, the most-mentioned city and region); milliseconds to the "
              "answer's records, median (min-max) after one warm-up run; the cases over "
              f"{result['again']:g} s again after `claimgraph optimize`. Over {SLOW:g} s: "
              "**bold**.", "",
              "| case | rows | ms | ms after `claimgraph optimize` |", "|---|---:|---:|---:|"]
    for label, r in result["profile"]["results"].items():
        if "rows" not in r:
            lines.append(f"| {label} | | {r['median'] * 1000:,.1f} | |")
            continue
        after = _ms(again[label]) if label in again else ""
        lines.append(f"| {label} | {r['rows']} | {_ms(r)} | {after} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="a synthetic N-Quads file")
    parser.add_argument("--runs", type=int, default=3, help="timed runs per catalog case")
    parser.add_argument("--budget", type=float, default=60, help="seconds per case at most")
    parser.add_argument("--timeout", type=float, default=7200, help="seconds per step")
    parser.add_argument("--again", type=float, default=AGAIN,
                        help="cases over this many seconds run again after the compaction")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    result = measure(args.data, args.runs, args.budget, args.timeout, args.again)
    print(json.dumps(result, indent=1) if args.json else markdown(result))


if __name__ == "__main__":
    main()
