"""Load benchmark: ``claimgraph load`` against raw pyoxigraph bulk_load and rdflib's parser.

Every run is a fresh subprocess, so that each figure is that process's own wall time and peak
resident set (the kernel's rusage of the child). For one N-Quads file it measures:

- ``claimgraph load FILE --no-ledger`` into a new on-disk default store (``oxigraph:DIR``);
- the same into a store that already names a graph (so the file is parsed in Python, not by
  Oxigraph's own loader, which only an empty store allows);
- the same with the claim ledger re-derived after the load, as ``claimgraph load`` does by default;
- raw ``pyoxigraph.Store(DIR).bulk_load`` of the file on disk (the engine's limit), and in memory;
- rdflib ``Dataset().parse(FILE, format="nquads")`` (the usual Python baseline).

It prints a Markdown table (median of the runs, min and max) on stdout, or JSON with --json::

    python bench/bench_load.py --data synth-1000000.nq [--runs 3] [--timeout 900]
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import tempfile
from pathlib import Path

from bench.timing import Figure, run_measured, spread

REPO = Path(__file__).resolve().parent.parent
CLI = "from claimgraph.cli import main; main()"
# The same load into a store that already names a graph: the file cannot go to Oxigraph's own
# parser (a graph it names might be replaced), so every quad is parsed in Python.
CLI_NOT_EMPTY = ("import sys, pyoxigraph as ox\n"
                 "s = ox.Store(sys.argv[2]); s.update('INSERT DATA { GRAPH <urn:bench:other> "
                 "{ <urn:a> <urn:b> <urn:c> } }'); del s\n"
                 "from claimgraph.cli import cli\n"
                 "cli(['--store', 'oxigraph:' + sys.argv[2], 'load', '--no-ledger', sys.argv[1]],"
                 " prog_name='claimgraph')\n")
RAW_DISK = ("import sys, pyoxigraph as ox\n"
            "ox.Store(sys.argv[2]).bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)\n")
RAW_MEMORY = ("import sys, pyoxigraph as ox\n"
              "s = ox.Store(); s.bulk_load(path=sys.argv[1], format=ox.RdfFormat.N_QUADS)\n"
              "assert len(s) > 0\n")
RDFLIB = ("import sys, rdflib\n"
          "d = rdflib.Dataset(); d.parse(sys.argv[1], format='nquads'); assert len(d) > 0\n")


def contestants(data: Path) -> dict[str, list[str]]:
    """name -> argv; ``{db}`` is replaced by a fresh store folder for each run."""
    python = sys.executable
    return {
        "claimgraph load --no-ledger (oxigraph: on disk)":
            [python, "-c", CLI, "--store", "oxigraph:{db}", "load", "--no-ledger", str(data)],
        "claimgraph load --no-ledger into a store already naming a graph (Python parser)":
            [python, "-c", CLI_NOT_EMPTY, str(data), "{db}"],
        "claimgraph load, ledger re-derived (oxigraph: on disk)":
            [python, "-c", CLI, "--store", "oxigraph:{db}", "load", str(data)],
        "raw pyoxigraph bulk_load, on disk": [python, "-c", RAW_DISK, str(data), "{db}"],
        "raw pyoxigraph bulk_load, in memory": [python, "-c", RAW_MEMORY, str(data)],
        "rdflib Dataset.parse (in memory)": [python, "-c", RDFLIB, str(data)],
    }


def measure(data: Path, runs: int, timeout: float, skip: set[str],
            ledger_runs: int) -> dict[str, dict]:
    """Run the contestants in rounds (one run of each per round), so that a change in the
    machine's load during the benchmark weighs on every contestant alike."""
    quads = sum(1 for line in open(data, "rb") if line.strip() and not line.startswith(b"#"))
    chosen = {name: argv for name, argv in contestants(data).items()
              if not any(word in name for word in skip)}
    counts = {name: ledger_runs if "ledger re-derived" in name else runs for name in chosen}
    chosen = {name: argv for name, argv in chosen.items() if counts[name] > 0}
    seconds: dict[str, list[float]] = {name: [] for name in chosen}
    rss: dict[str, list[float]] = {name: [] for name in chosen}
    failed: dict[str, str | None] = dict.fromkeys(chosen)
    with tempfile.TemporaryDirectory(prefix="bench-load-") as tmp:
        for run in range(max(counts.values(), default=0)):
            for name, argv in chosen.items():
                if run >= counts[name] or failed[name]:
                    continue
                db = Path(tmp) / f"db-{run}"
                argv_run = [a.replace("{db}", str(db)) for a in argv]
                print(f"  {name}: run {run + 1}/{counts[name]}", file=sys.stderr, flush=True)
                done = run_measured(argv_run, timeout=timeout,
                                    env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"})
                shutil.rmtree(db, ignore_errors=True)
                if done.returncode != 0:
                    failed[name] = (f"exit {done.returncode} after {done.seconds:.0f} s: "
                                    f"{done.stderr.strip().splitlines()[-1:] or ''}")
                    continue
                seconds[name].append(done.seconds)
                rss[name].append(float(done.peak_rss))
    return {name: {"quads": quads,
                   "seconds": Figure(seconds[name]).to_dict() if seconds[name] else None,
                   "rate": Figure([quads / s for s in seconds[name]]).to_dict()
                   if seconds[name] else None,
                   "peak_rss": Figure(rss[name]).to_dict() if rss[name] else None,
                   "failed": failed[name]} for name in chosen}


def markdown(results: dict[str, dict], data: Path) -> str:
    quads = next(iter(results.values()))["quads"] if results else 0
    raw = results.get("raw pyoxigraph bulk_load, on disk", {}).get("rate")
    lines = [f"Load of `{data.name}` ({quads:,} quads); median (min-max) of the runs.", "",
             "| loader | quads/s | seconds | peak RSS (MiB) | vs raw bulk_load on disk |",
             "|---|---:|---:|---:|---:|"]
    for name, r in results.items():
        if r["failed"]:
            lines.append(f"| {name} | failed: {r['failed']} | | | |")
            continue
        rate, sec, rss = r["rate"], r["seconds"], r["peak_rss"]
        share = f"{rate['median'] / raw['median']:.0%}" if raw else "n/a"
        lines.append(f"| {name} | {spread(rate, ',.0f')} | {spread(sec)} "
                     f"| {spread(rss, ',.0f', 2**-20)} | {share} |")
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, required=True, help="an N-Quads file")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--ledger-runs", type=int, default=1,
                        help="runs of the (slow) load with the ledger re-derived (0: skip it)")
    parser.add_argument("--timeout", type=float, default=1800, help="seconds per run")
    parser.add_argument("--skip", action="append", default=[],
                        help="skip contestants whose name contains this (repeatable)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of Markdown")
    args = parser.parse_args(argv)
    results = measure(args.data, args.runs, args.timeout, set(args.skip), args.ledger_runs)
    print(json.dumps(results, indent=1) if args.json else markdown(results, args.data))


if __name__ == "__main__":
    main()
